"""Writes to procedure reviews. Every status change passes through ``review_transition``."""

import copy
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.catalog.models import Procedure
from motcua.core.errors import DomainError
from motcua.organization.models import Agency
from motcua.outreach.enums import (
    REVIEW_TRANSITIONS,
    ReviewAction,
    ReviewFinding,
    ReviewProposal,
    ReviewStatus,
)
from motcua.outreach.models import ProcedureReview, ProcedureReviewEvent
from motcua.outreach.session_services import ensure_record_keeper


class ReviewTransitionNotAllowed(DomainError):
    code = "review_transition_not_allowed"
    message = _("“%(action)s” is not possible for a review that is “%(status)s”.")


class ReviewChangedMeanwhile(DomainError):
    code = "review_changed"
    message = _(
        "The review of %(procedure)s was changed by someone else a moment ago. "
        "Reload the page to see the change, then try again."
    )


class ReviewLocked(DomainError):
    code = "review_locked"
    message = _("The review is “%(status)s”: only a proposed review can be edited.")


class ReviewDescriptionRequired(DomainError):
    code = "review_description_required"
    message = _("Describe what the review found.")


class RejectionReasonRequired(DomainError):
    code = "rejection_reason_required"
    message = _("Write why the competent level rejected the proposal.")


@dataclass(frozen=True)
class ReviewDetails:
    """What a record keeper writes about a reviewed procedure."""

    procedure: Procedure
    reviewed_on: date
    agency: Agency
    finding: str
    proposal: str
    description: str

    def fields(self) -> dict[str, object]:
        description = self.description.strip()
        if not description:
            raise ReviewDescriptionRequired
        return {
            "procedure": self.procedure,
            "reviewed_on": self.reviewed_on,
            "agency": self.agency,
            "finding": ReviewFinding(self.finding),
            "proposal": ReviewProposal(self.proposal),
            "description": description,
        }


def review_create(
    *, actor: User, details: ReviewDetails, note: str = "", at: datetime | None = None
) -> ProcedureReview:
    """Record a proposed review; its history starts with this first event."""
    ensure_record_keeper(actor, details.agency)
    review = ProcedureReview(created_by=actor, updated_by=actor, **details.fields())
    return review_transition(
        review=review, action=ReviewAction.PROPOSE, actor=actor, note=note, at=at
    )


@transaction.atomic
def review_update(
    *, review: ProcedureReview, actor: User, details: ReviewDetails
) -> ProcedureReview:
    """Correct a review that is still proposed; once submitted it stays as submitted."""
    ensure_record_keeper(actor, review.agency)
    ensure_record_keeper(actor, details.agency)
    if review.status != ReviewStatus.PROPOSED:
        raise ReviewLocked(status=review.get_status_display())
    changes = {**details.fields(), "updated_by": actor, "updated_at": timezone.now()}
    # Compare-and-set on the status: an edit racing a submission does not slip in after it.
    rows = ProcedureReview.objects.filter(pk=review.pk, status=ReviewStatus.PROPOSED)
    if rows.update(**changes) != 1:
        raise ReviewChangedMeanwhile(procedure=review.procedure)
    for name, value in changes.items():
        setattr(review, name, value)
    return review


def review_allows(action: str, review: ProcedureReview) -> bool:
    """The transition table allows ``action`` from the review's present status."""
    status = "" if review.pk is None else review.status
    return status in REVIEW_TRANSITIONS[action][0]


def review_transition(
    *,
    review: ProcedureReview,
    action: str,
    actor: User,
    note: str = "",
    at: datetime | None = None,
) -> ProcedureReview:
    """Apply ``action`` and append its event in one transaction: the one writer of the status.

    A new review (no pk) is inserted; a stored one changes only if nobody changed its
    status since it was read (compare-and-set on ``revision``), else
    ``ReviewChangedMeanwhile`` is raised and nothing is written.
    """
    if not review_allows(action, review):
        status = _("new") if review.pk is None else review.get_status_display()
        raise ReviewTransitionNotAllowed(action=ReviewAction(action).label, status=status)
    ensure_record_keeper(actor, review.agency)
    note = note.strip()
    if action == ReviewAction.REJECT and not note:
        raise RejectionReasonRequired
    now = (at or timezone.now()).astimezone(UTC)
    before, target = review.status if review.pk else "", REVIEW_TRANSITIONS[action][1]
    snapshot = {**review.__dict__, "_state": copy.copy(review._state)}
    try:
        with transaction.atomic():
            if review.pk is None:
                _insert(review, target, now)
            else:
                _compare_and_set(review, target, now)
            ProcedureReviewEvent.objects.create(
                review=review,
                seq=review.revision,
                action=action,
                at=now,
                actor=actor,
                actor_name=str(actor),
                from_status=before,
                to_status=target,
                note=note,
            )
    except BaseException:
        review.__dict__.update(snapshot)  # the caller keeps what it had, as the database does
        raise
    return review


def _insert(review: ProcedureReview, target: str, now: datetime) -> None:
    review.status, review.status_changed_at, review.revision = target, now, 1
    review.save(force_insert=True)


def _compare_and_set(review: ProcedureReview, target: str, now: datetime) -> None:
    rows = ProcedureReview.objects.filter(pk=review.pk, revision=review.revision)
    changes = {"status": target, "status_changed_at": now, "updated_at": timezone.now()}
    if rows.update(revision=F("revision") + 1, **changes) != 1:
        raise ReviewChangedMeanwhile(procedure=review.procedure)
    for name, value in changes.items():
        setattr(review, name, value)
    review.revision += 1
