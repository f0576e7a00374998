"""Reads of dossiers. Access control lives here: no view can forget the scope."""

import hmac
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Max, Q, QuerySet

from motcua.accounts.enums import Role
from motcua.accounts.models import User
from motcua.accounts.permissions import visible_agencies
from motcua.dossiers.enums import OPEN_STATUSES, Action, DossierStatus, Phase
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
    supplied = Max("events__at", filter=Q(events__action=Action.SUPPLY))
    return (
        Dossier.objects.filter(waiting, desk_id=user.agency_id)
        .select_related("procedure_version")
        .annotate(supplied_at=supplied)
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
    step: str = "",
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
    if step:
        dossiers = dossiers.filter(current_step__name=step)
    if channel:
        dossiers = dossiers.filter(channel=channel)
    if overdue_at is not None:
        dossiers = dossiers.filter(due_at__lt=overdue_at, paused_at__isnull=True)
    if due_before is not None:
        dossiers = dossiers.filter(due_at__lt=due_before)
    return dossiers.order_by("due_at", "pk")


def dossier_inbox_steps(*, user: User, scope: str = "agency") -> list[str]:
    """The internal-process steps the inbox's dossiers are at now, for the step filter."""
    names = (
        dossier_inbox(user=user, scope=scope)
        .exclude(current_step__isnull=True)
        .order_by("current_step__name")
        .values_list("current_step__name", flat=True)
        .distinct()
    )
    return list(names)


def dossier_inbox_counts(*, user: User, scope: str = "agency") -> dict[int, int]:
    """How many open dossiers of each status the inbox holds (one query)."""
    rows = (
        dossier_inbox(user=user, scope=scope)
        .order_by()
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    return dict(rows)


def _normalised_secret(secret: str) -> str:
    return "".join(secret.split()).upper()


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())  # bytes: any typed text is comparable


# What the public view shows (the lookup answers with it; the portal needs only the id):
# one query with nothing else of the dossier's many columns.
PUBLIC_FIELDS = (
    "code",
    "lookup_secret",
    "applicant_phone",
    "status",
    "phase",
    "submitted_at",
    "received_at",
    "due_at",
    "returned_at",
    "procedure_version__name",
    "procedure_version__procedure__code",
    "desk__name",
    "agency__name",
)


def dossier_find_public(*, code: str, secret: str) -> Dossier | None:
    """The dossier whose code and secret match, else None (the same for either mistake).

    The secret is the one printed on the receipt, or the last four digits of the
    applicant's phone number.
    """
    code, secret = code.strip().upper(), _normalised_secret(secret)
    if not code or len(secret) < 4:
        return None
    dossier = (
        Dossier.objects.select_related("procedure_version__procedure", "desk", "agency")
        .only(*PUBLIC_FIELDS)
        .filter(code=code)
        .first()
    )
    if dossier is None:
        _same(secret, "X" * len(secret))  # spend the same time
        return None
    keys = public_keys(dossier)
    return dossier if public_key_matches(keys, secret) else None


def public_keys(dossier: Dossier) -> tuple[str, str]:
    """What unlocks the public view: the receipt's secret and the phone's last 4 digits."""
    phone = "".join(ch for ch in dossier.applicant_phone if ch.isdigit())
    return dossier.lookup_secret.upper(), phone[-4:] if len(phone) >= 4 else ""


def public_key_matches(keys: tuple[str, str], secret: str) -> bool:
    """Constant-time comparison of a typed secret with ``public_keys``."""
    secret = _normalised_secret(secret)
    lookup_secret, phone = keys
    by_secret = _same(secret, lookup_secret)
    by_phone = len(secret) == 4 and bool(phone) and _same(secret, phone)
    return len(secret) >= 4 and (by_secret or by_phone)


# What the applicant is shown of the history: milestones, never the internal steps or the
# names of the staff. Notes are shown only where they are addressed to the applicant.
PUBLIC_ACTIONS = frozenset(
    {
        Action.SUBMIT,
        Action.RECEIVE,
        Action.REQUEST_SUPPLEMENT,
        Action.REFUSE,
        Action.TRANSFER_TO_AGENCY,
        Action.TRANSFER,
        Action.PAUSE_SUPPLEMENT,
        Action.PAUSE_FINANCIAL,
        Action.SUPPLY,
        Action.RESUME,
        Action.APPROVE,
        Action.DENY,
        Action.RETURN_RESULT,
        Action.WITHDRAW,
        Action.STOP,
        Action.LATE_NOTICE,
    }
)
PUBLIC_NOTES = frozenset(
    {
        Action.REQUEST_SUPPLEMENT,
        Action.REFUSE,
        Action.PAUSE_SUPPLEMENT,
        Action.PAUSE_FINANCIAL,
        Action.DENY,
        Action.STOP,
        Action.LATE_NOTICE,
    }
)


@dataclass(frozen=True)
class PublicEvent:
    at: datetime
    action: str
    status: int
    agency: str
    note: str


def dossier_public_timeline(*, dossier: Dossier) -> list[PublicEvent]:
    events = (
        dossier.events.filter(action__in=PUBLIC_ACTIONS).select_related("to_agency").order_by("seq")
    )
    return [
        PublicEvent(
            at=e.at,
            action=e.action,
            status=e.to_status,
            agency=e.to_agency.name if e.to_agency else "",
            note=e.note if e.action in PUBLIC_NOTES else "",
        )
        for e in events
    ]


@dataclass(frozen=True)
class Request:
    """What the applicant is asked for now: documents (with the reason) or a payment."""

    action: str
    missing: list[str]
    reason: str
    at: datetime


def dossier_open_request(*, dossier: Dossier) -> Request | None:
    if dossier.status not in (DossierStatus.SUPPLEMENT, DossierStatus.FINANCIAL):
        return None
    asked = (Action.REQUEST_SUPPLEMENT, Action.PAUSE_SUPPLEMENT, Action.PAUSE_FINANCIAL)
    event = dossier.events.filter(action__in=asked).order_by("-seq").first()
    if event is None:
        return None
    missing = [str(item) for item in event.payload.get("missing", [])]
    return Request(action=event.action, missing=missing, reason=event.note, at=event.at)


def dossier_list_for_integration(*, agency=None) -> QuerySet[Dossier]:
    """Dossiers an integration's token may read: its agency's, or every one if unlimited."""
    dossiers = Dossier.objects.all()
    if agency is not None:
        dossiers = dossiers.filter(Q(desk=agency) | Q(agency=agency) | Q(holder_agency=agency))
    return dossiers.select_related(
        "procedure_version", "desk", "agency", "holder_agency", "holder", "current_step"
    ).order_by("due_at", "pk")
