"""Reads of feedback and ratings. Access control lives here: no view can forget the scope."""

import hmac
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.utils import timezone

from motcua.accounts.models import User
from motcua.accounts.permissions import visible_agencies
from motcua.dossiers.enums import Action
from motcua.dossiers.models import Dossier
from motcua.feedback.enums import OPEN_STATUSES
from motcua.feedback.models import Feedback, FeedbackEvent, SatisfactionRating
from motcua.feedback.summary import (
    FeedbackSummary,
    RatingSummary,
    feedback_summary,
    rating_summary,
)
from motcua.feedback.timing import DUE_SOON_DAYS
from motcua.organization.models import AdministrativeUnit
from motcua.workdays.enums import TimeUnit
from motcua.workdays.selectors import calendar_for_unit

__all__ = [
    "FeedbackSummary",
    "RatingSummary",
    "feedback_counts_for_officer",
    "feedback_events",
    "feedback_find_public",
    "feedback_get_for_officer",
    "feedback_get_public",
    "feedback_get_unlocked",
    "feedback_list_for_officer",
    "feedback_list_public",
    "feedback_summary",
    "rating_allowed",
    "rating_editable_until",
    "rating_for_dossier",
    "rating_summary",
]


def feedback_scope(*, user: User) -> Q:
    """Feedback a member of staff may see: handled by, or received by, their agencies."""
    agencies = visible_agencies(user).values("pk")
    return Q(agency__in=agencies) | Q(received_by__in=agencies)


def _for_officer(user: User) -> QuerySet[Feedback]:
    if not (user.is_authenticated and user.is_staff_member):
        return Feedback.objects.none()
    return Feedback.objects.filter(feedback_scope(user=user))


def feedback_list_for_officer(
    *, user: User, status: str = "", kind: str = "", due: str = "", at: datetime | None = None
) -> QuerySet[Feedback]:
    """Feedback ``user`` may see, the open ones first and the most urgent first.

    ``due``: "overdue" or "due_soon" (within two working days of the user's calendar);
    both keep only feedback still waiting for the agency.
    """
    feedback = _for_officer(user)
    if status:
        feedback = feedback.filter(status=status)
    if kind:
        feedback = feedback.filter(kind=kind)
    if due:
        at = at or timezone.now()
        feedback = feedback.filter(status__in=OPEN_STATUSES)
        if due == "overdue":
            feedback = feedback.filter(due_at__lt=at)
        elif due == "due_soon":
            calendar = calendar_for_unit(unit_id=user.agency.unit_id)
            soon = calendar.due_at(at, DUE_SOON_DAYS, TimeUnit.WORKING_DAYS).due_at
            feedback = feedback.filter(due_at__gte=at, due_at__lte=soon)
    waiting_first = Case(When(status__in=OPEN_STATUSES, then=Value(0)), default=Value(1))
    return feedback.select_related("agency__unit").order_by(waiting_first, "due_at", "pk")


def feedback_counts_for_officer(*, user: User) -> dict[str, int]:
    """How much feedback of each status ``user`` may see (one query)."""
    rows = _for_officer(user).order_by().values_list("status").annotate(n=Count("pk"))
    return {status: n for status, n in rows}


def feedback_get_for_officer(*, user: User, code: str) -> Feedback | None:
    return (
        _for_officer(user)
        .select_related(
            "agency__unit", "unit", "procedure__current_version", "dossier", "answered_by"
        )
        .filter(code=code)
        .first()
    )


def feedback_events(*, feedback: Feedback) -> QuerySet[FeedbackEvent]:
    return feedback.events.select_related("from_agency", "to_agency").order_by("seq")


def feedback_list_public(*, kind: str = "", topic: str = "") -> QuerySet[Feedback]:
    """Published answers, newest first. Pages show no personal data of the sender."""
    feedback = Feedback.objects.filter(published=True).exclude(answer="")
    if kind:
        feedback = feedback.filter(kind=kind)
    if topic:
        feedback = feedback.filter(topic=topic)
    return feedback.select_related("agency").order_by("-published_at", "-pk")


def _normalised(text: str) -> str:
    return "".join(text.split()).upper()


def feedback_find_public(*, code: str, secret: str) -> Feedback | None:
    """The feedback whose tracking code and secret match, else None (the same for either)."""
    code, secret = _normalised(code), _normalised(secret)
    if not code or not secret:
        return None
    given = secret.encode()  # bytes: compare_digest refuses non-ASCII text
    feedback = Feedback.objects.select_related("agency").filter(code=code).first()
    if feedback is None:
        hmac.compare_digest(given, b"X" * len(given))  # spend the same time
        return None
    return feedback if hmac.compare_digest(given, feedback.lookup_secret.encode()) else None


def feedback_get_public(*, pk: int) -> Feedback | None:
    """Feedback this browser sent a moment ago (the portal keeps its id in the session)."""
    return Feedback.objects.select_related("agency").filter(pk=pk).first()


def feedback_get_unlocked(*, code: str, pks: list[int]) -> Feedback | None:
    """The feedback with ``code`` among those a browser unlocked (one query)."""
    return Feedback.objects.select_related("agency").filter(pk__in=pks, code=code).first()


# The actions that hand the applicant a slip: receipt (Mẫu 01), supplement (02), refusal (03).
SLIP_ACTIONS = (Action.RECEIVE, Action.REQUEST_SUPPLEMENT, Action.REFUSE)


def rating_allowed(*, dossier: Dossier) -> bool:
    """The applicant has had a slip from the desk; an online submission alone is not enough."""
    return dossier.events.filter(action__in=SLIP_ACTIONS).exists()


def rating_editable_until(rating: SatisfactionRating) -> datetime:
    return rating.created_at + timedelta(hours=settings.MOTCUA_RATING_EDIT_HOURS)


def rating_for_dossier(*, dossier: Dossier) -> SatisfactionRating | None:
    return SatisfactionRating.objects.filter(dossier=dossier).first()


def feedback_list_by_codes(*, codes: list[str]) -> QuerySet[Feedback]:
    """Feedback with these tracking codes, published or not, newest first.

    For status answers by tracking code (Open311): callers show the content only of
    feedback that ``feedback_list_public`` lists, and never the sender's data.
    """
    return (
        Feedback.objects.filter(code__in=codes)
        .select_related("agency")
        .order_by("-submitted_at", "-pk")
    )


def feedback_unit_list() -> QuerySet[AdministrativeUnit]:
    """Units feedback can be about: active, with an active agency to answer it."""
    return (
        AdministrativeUnit.objects.filter(is_active=True, agencies__is_active=True)
        .distinct()
        .order_by("name", "code")
    )
