"""Handling feedback: accept, pass on, answer, publish, refuse; the citizen closes or reopens."""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.core.errors import DomainError
from motcua.feedback import notifications
from motcua.feedback.enums import FeedbackAction, FeedbackKind
from motcua.feedback.models import Feedback
from motcua.feedback.permissions import RULES
from motcua.feedback.services.transition import NotYours, feedback_transition
from motcua.feedback.timing import due_for
from motcua.organization.models import Agency

A = FeedbackAction


class ReasonRequired(DomainError):
    code = "feedback_reason_required"
    message = _("Give the reason.")


class AnswerRequired(DomainError):
    code = "feedback_answer_required"
    message = _("Write the answer.")


class SameAgency(DomainError):
    code = "feedback_same_agency"
    message = _("Feedback %(code)s is already with %(agency)s.")


class AgencyClosed(DomainError):
    code = "feedback_agency_closed"
    message = _("%(agency)s no longer receives feedback.")


def _reason(text: str) -> str:
    if not text or not text.strip():
        raise ReasonRequired
    return text.strip()


def feedback_accept(
    *, feedback: Feedback, actor: User, complex_case: bool = False, note: str = "", at=None
) -> Feedback:
    """Take the feedback up. A complaint's time limit runs from its acceptance (Law 2011)."""
    at = at or timezone.now()
    changes: dict = {"accepted_at": at}
    if feedback.kind == FeedbackKind.COMPLAINT:
        unit = feedback.agency.unit
        changes["complex_case"] = complex_case
        changes["due_at"] = due_for(
            kind=feedback.kind, unit=unit, start=at, complex_case=complex_case
        )
    return feedback_transition(
        feedback=feedback, action=A.ACCEPT, actor=actor, changes=changes, note=note.strip(), at=at
    )


def feedback_route(
    *, feedback: Feedback, actor: User, to: Agency, reason: str, at: datetime | None = None
) -> Feedback:
    """Pass the feedback to the agency competent for it; it starts there as received."""
    reason = _reason(reason)
    if to.pk == feedback.agency_id:
        raise SameAgency(code=feedback.code, agency=to)
    if not to.is_active:
        raise AgencyClosed(agency=to)
    return feedback_transition(
        feedback=feedback,
        action=A.ROUTE,
        actor=actor,
        changes={"agency": to, "unit_id": to.unit_id, "accepted_at": None},
        note=reason,
        payload={"to": to.name},
        at=at,
    )


def feedback_answer(
    *, feedback: Feedback, actor: User, answer: str, publish: bool = False, at=None
) -> Feedback:
    """Answer the citizen (by e-mail too, if they gave one); publishing needs the head."""
    if not answer or not answer.strip():
        raise AnswerRequired
    at = at or timezone.now()
    changes = {"answer": answer.strip(), "answered_by": actor, "answered_at": at, "satisfied": None}
    if publish:
        if not RULES[A.PUBLISH](actor, feedback):
            raise NotYours(code=feedback.code, agency=feedback.agency)
        changes.update(published=True, published_at=at)
    return feedback_transition(
        feedback=feedback,
        action=A.ANSWER,
        actor=actor,
        changes=changes,
        payload={"published": publish},
        at=at,
        notify=notifications.feedback_answered,
    )


def feedback_publish(*, feedback: Feedback, actor: User, at=None) -> Feedback:
    """Show the answer on the public page (the sender's personal data never is)."""
    at = at or timezone.now()
    return feedback_transition(
        feedback=feedback,
        action=A.PUBLISH,
        actor=actor,
        changes={"published": True, "published_at": at},
        at=at,
    )


def feedback_unpublish(*, feedback: Feedback, actor: User, note: str = "", at=None) -> Feedback:
    return feedback_transition(
        feedback=feedback,
        action=A.UNPUBLISH,
        actor=actor,
        changes={"published": False, "published_at": None},
        note=note.strip(),
        at=at,
    )


def feedback_reject(*, feedback: Feedback, actor: User, reason: str, at=None) -> Feedback:
    """Not accepted (outside the agency's remit, repeated, unlawful…), with the reason."""
    reason = _reason(reason)
    return feedback_transition(
        feedback=feedback,
        action=A.REJECT,
        actor=actor,
        changes={"rejection_reason": reason},
        note=reason,
        at=at,
        notify=notifications.feedback_rejected,
    )


def feedback_reopen(
    *, feedback: Feedback, reason: str, actor: User | None = None, at=None
) -> Feedback:
    """The citizen is not satisfied with the answer: handling starts again, with a new due date."""
    reason = _reason(reason)
    at = at or timezone.now()
    due = due_for(
        kind=feedback.kind,
        unit=feedback.agency.unit,
        start=at,
        complex_case=feedback.complex_case,
    )
    return feedback_transition(
        feedback=feedback,
        action=A.REOPEN,
        actor=actor,
        changes={"satisfied": False, "due_at": due},
        note=reason,
        at=at,
    )


def feedback_close(*, feedback: Feedback, actor: User | None = None, at=None) -> Feedback:
    """The citizen is satisfied with the answer."""
    at = at or timezone.now()
    return feedback_transition(
        feedback=feedback,
        action=A.CLOSE,
        actor=actor,
        changes={"satisfied": True, "closed_at": at},
        at=at,
    )
