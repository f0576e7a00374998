"""The one writer of feedback state: every change passes through ``feedback_transition``."""

import copy
from collections.abc import Callable
from datetime import UTC
from functools import partial

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.core.errors import DomainError
from motcua.core.tasks import after_commit
from motcua.feedback.enums import TRANSITIONS, FeedbackAction, FeedbackStatus
from motcua.feedback.models import Feedback, FeedbackEvent
from motcua.feedback.permissions import RULES, state_allows


class TransitionNotAllowed(DomainError):
    code = "feedback_transition_not_allowed"
    message = _("“%(action)s” is not possible for feedback that is “%(status)s”.")


class FeedbackChangedMeanwhile(DomainError):
    code = "feedback_changed"
    message = _(
        "Feedback %(code)s was changed by someone else a moment ago. "
        "Reload the page to see the change, then try again."
    )


class NotYours(DomainError):
    code = "feedback_not_yours"
    message = _("You cannot do this: feedback %(code)s is handled by %(agency)s.")


def ensure(action: str, actor: User | None, feedback: Feedback) -> None:
    """Raise unless the state allows ``action`` and ``actor`` may perform it."""
    if not state_allows(action, feedback):
        status = _("new") if feedback.pk is None else FeedbackStatus(feedback.status).label
        raise TransitionNotAllowed(action=FeedbackAction(action).label, status=status)
    if feedback.pk is not None and not RULES[action](actor, feedback):
        raise NotYours(code=feedback.code, agency=feedback.agency)


def feedback_transition(
    *,
    feedback: Feedback,
    action: str,
    actor: User | None,
    changes: dict | None = None,
    note: str = "",
    payload: dict | None = None,
    at=None,
    notify: Callable[[int], None] | None = None,
) -> Feedback:
    """Apply ``action`` with its field ``changes`` and append the audit event, atomically.

    A new feedback (no pk) is inserted; a stored one is updated only if nobody changed
    it since it was read (compare-and-set on ``revision``), else ``FeedbackChangedMeanwhile``
    is raised and nothing is written. ``notify(pk)`` runs once the transaction commits.
    """
    ensure(action, actor, feedback)
    now = (at or timezone.now()).astimezone(UTC)
    target = TRANSITIONS[action][1]
    status = "" if feedback.pk is None else feedback.status
    before = {"status": status, "agency": feedback.agency_id}
    updates = dict(changes or {})
    if target is not None and target != before["status"]:
        updates.update(status=target, status_changed_at=now)
    snapshot = {**feedback.__dict__, "_state": copy.copy(feedback._state)}
    try:
        with transaction.atomic():
            if feedback.pk is None:
                _insert(feedback, updates)
            else:
                _compare_and_set(feedback, updates)
            _event(feedback, action, actor, now, before, note, payload).save(force_insert=True)
            if notify is not None:
                after_commit(partial(notify, feedback.pk))
    except BaseException:
        feedback.__dict__.update(snapshot)  # the caller keeps what it had, as the database does
        raise
    return feedback


def _insert(feedback: Feedback, updates: dict) -> None:
    for name, value in updates.items():
        setattr(feedback, name, value)
    feedback.revision = 1
    feedback.save(force_insert=True)


def _compare_and_set(feedback: Feedback, updates: dict) -> None:
    rows = Feedback.objects.filter(pk=feedback.pk, revision=feedback.revision)
    if rows.update(revision=F("revision") + 1, **updates) != 1:
        raise FeedbackChangedMeanwhile(code=feedback.code)
    for name, value in updates.items():
        setattr(feedback, name, value)
    feedback.revision += 1


def _event(feedback: Feedback, action, actor, at, before: dict, note, payload) -> FeedbackEvent:
    return FeedbackEvent(
        feedback=feedback,
        seq=feedback.revision,
        action=action,
        at=at,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_name=str(actor) if actor is not None and actor.is_authenticated else "",
        from_status=before["status"],
        to_status=feedback.status,
        from_agency_id=before["agency"],
        to_agency_id=feedback.agency_id,
        note=note,
        payload=payload or {},
    )
