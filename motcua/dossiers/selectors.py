"""Reads of dossiers. Access control lives here: no view can forget the scope."""

from django.db.models import Count, Q, QuerySet

from motcua.accounts.enums import Role
from motcua.accounts.models import User
from motcua.accounts.permissions import visible_agencies
from motcua.dossiers.enums import OPEN_STATUSES, DossierStatus, Phase
from motcua.dossiers.models import Dossier, DossierEvent


def dossier_scope(*, user: User) -> Q:
    """Dossiers a member of staff may see: received by, handled by or held by their agencies."""
    agencies = visible_agencies(user).values("pk")
    return Q(desk__in=agencies) | Q(agency__in=agencies) | Q(holder_agency__in=agencies)


def dossier_list_for_officer(*, user: User, open_only: bool = False) -> QuerySet[Dossier]:
    dossiers = Dossier.objects.none()
    if user.is_authenticated and user.is_staff_member:
        dossiers = Dossier.objects.filter(dossier_scope(user=user))
    elif user.is_authenticated and user.role == Role.CITIZEN:
        dossiers = Dossier.objects.filter(citizen=user)
    if open_only:
        dossiers = dossiers.filter(status__in=OPEN_STATUSES)
    return dossiers.select_related(
        "procedure_version", "desk", "agency", "holder_agency", "holder", "current_step"
    ).order_by("due_at", "pk")


def dossier_get_for_officer(*, user: User, code: str) -> Dossier | None:
    return dossier_list_for_officer(user=user).filter(code=code).first()


def dossier_events(*, dossier: Dossier) -> QuerySet[DossierEvent]:
    return dossier.events.select_related("actor", "from_agency", "to_agency").order_by("seq")


def desk_queue(*, user: User) -> QuerySet[Dossier]:
    """Online submissions waiting for the desk, and dossiers back from a supplement request."""
    waiting = Q(status=DossierStatus.SUBMITTED) | Q(
        status=DossierStatus.SUPPLEMENT, phase=Phase.RECEPTION
    )
    return (
        Dossier.objects.filter(waiting, desk_id=user.agency_id)
        .select_related("procedure_version")
        .order_by("submitted_at", "pk")
    )


def applicant_latest(*, user: User, id_number: str) -> Dossier | None:
    """The most recent dossier of this ID number that ``user`` may see (to re-use its data)."""
    if not id_number:
        return None
    return (
        dossier_list_for_officer(user=user)
        .filter(applicant_id_number=id_number.strip())
        .order_by("-pk")
        .first()
    )


def dossier_inbox(
    *,
    user: User,
    scope: str = "agency",
    status: int | None = None,
    procedure_code: str = "",
    channel: str = "",
    overdue_at=None,
    due_before=None,
) -> QuerySet[Dossier]:
    """Open dossiers for a member of staff, most urgent first.

    ``scope`` "mine": held by the user; "agency": held by the user's agency; "all": every
    dossier the user may see (leaders and inspectors see their whole unit this way).
    """
    dossiers = dossier_list_for_officer(user=user, open_only=True)
    if scope == "mine":
        dossiers = dossiers.filter(holder=user)
    elif scope == "agency":
        dossiers = dossiers.filter(holder_agency_id=user.agency_id)
    if status:
        dossiers = dossiers.filter(status=status)
    if procedure_code:
        dossiers = dossiers.filter(procedure_version__procedure__code=procedure_code)
    if channel:
        dossiers = dossiers.filter(channel=channel)
    if overdue_at is not None:
        dossiers = dossiers.filter(due_at__lt=overdue_at, paused_at__isnull=True)
    if due_before is not None:
        dossiers = dossiers.filter(due_at__lt=due_before)
    return dossiers.order_by("due_at", "pk")


def dossier_inbox_counts(*, user: User, scope: str = "agency") -> dict[int, int]:
    """How many open dossiers of each status the inbox holds (one query)."""
    rows = (
        dossier_inbox(user=user, scope=scope)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    return dict(rows)
