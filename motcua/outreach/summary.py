"""Figures for the yearly report: outreach sessions and procedure reviews of a period.

A period is half-open, [start, end): aware datetimes (``reports.periods.Period``) count by
their local date, dates as they are. ``unit`` keeps the unit and those below it: sessions
by the unit they count for, reviews by the unit of the reviewing agency. The staff lists
total their own, access-controlled rows with ``outreach_totals`` and ``review_totals``.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, QuerySet, Sum
from django.utils import timezone

from motcua.organization.models import AdministrativeUnit
from motcua.organization.selectors import unit_subtree_ids
from motcua.outreach.enums import AudienceKind, ReviewFinding, ReviewProposal, ReviewStatus
from motcua.outreach.models import OutreachSession, ProcedureReview


@dataclass(frozen=True)
class AudienceCount:
    audience: str
    label: str
    sessions: int
    participants: int


@dataclass(frozen=True)
class OutreachSummary:
    sessions: int
    participants: int
    by_audience: dict[str, AudienceCount]  # every audience kind, in the order of the enum


@dataclass(frozen=True)
class Tally:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class ReviewSummary:
    reviews: int
    by_finding: dict[str, Tally]  # every finding, in the order of the enum
    by_proposal: dict[str, Tally]
    by_status: dict[str, Tally]


def _day(moment: date | datetime) -> date:
    return timezone.localdate(moment) if isinstance(moment, datetime) else moment


def outreach_totals(*, sessions: QuerySet[OutreachSession]) -> OutreachSummary:
    """Count ``sessions`` and their participants, per audience kind (one query)."""
    rows = {
        row["audience"]: row
        for row in sessions.order_by()
        .values("audience")
        .annotate(n=Count("pk"), people=Sum("participants"))
    }
    by_audience = {
        kind.value: AudienceCount(
            kind.value,
            kind.label,
            rows.get(kind, {}).get("n", 0),
            rows.get(kind, {}).get("people") or 0,
        )
        for kind in AudienceKind
    }
    return OutreachSummary(
        sessions=sum(c.sessions for c in by_audience.values()),
        participants=sum(c.participants for c in by_audience.values()),
        by_audience=by_audience,
    )


def outreach_summary(
    *, unit: AdministrativeUnit | None = None, start: date | datetime, end: date | datetime
) -> OutreachSummary:
    """Sessions held in [start, end) and their participants, in total and per audience."""
    sessions = OutreachSession.objects.filter(held_on__gte=_day(start), held_on__lt=_day(end))
    if unit is not None:
        sessions = sessions.filter(unit_id__in=unit_subtree_ids(unit_id=unit.pk))
    return outreach_totals(sessions=sessions)


def _tallies(choices, counts: dict[str, int]) -> dict[str, Tally]:
    return {c.value: Tally(c.value, c.label, counts.get(c.value, 0)) for c in choices}


def review_totals(*, reviews: QuerySet[ProcedureReview]) -> ReviewSummary:
    """Count ``reviews`` per finding, proposal and status (one query)."""
    finding: dict[str, int] = {}
    proposal: dict[str, int] = {}
    status: dict[str, int] = {}
    rows = reviews.order_by().values("finding", "proposal", "status").annotate(n=Count("pk"))
    for row in rows:
        for counts, key in ((finding, "finding"), (proposal, "proposal"), (status, "status")):
            counts[row[key]] = counts.get(row[key], 0) + row["n"]
    return ReviewSummary(
        reviews=sum(status.values()),
        by_finding=_tallies(ReviewFinding, finding),
        by_proposal=_tallies(ReviewProposal, proposal),
        by_status=_tallies(ReviewStatus, status),
    )


def review_summary(
    *, unit: AdministrativeUnit | None = None, start: date | datetime, end: date | datetime
) -> ReviewSummary:
    """Reviews dated in [start, end), per finding, proposal and present status."""
    reviews = ProcedureReview.objects.filter(
        reviewed_on__gte=_day(start), reviewed_on__lt=_day(end)
    )
    if unit is not None:
        reviews = reviews.filter(agency__unit_id__in=unit_subtree_ids(unit_id=unit.pk))
    return review_totals(reviews=reviews)
