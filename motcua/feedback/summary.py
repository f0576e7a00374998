"""Figures for reports: satisfaction per criterion and level, feedback per kind and status.

Each summary is one aggregate query over the agencies and the period asked for; the
reports module decides which agencies a person may count.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import Avg, Count, F, Q, QuerySet
from django.utils import timezone

from motcua.feedback.enums import (
    OPEN_STATUSES,
    SATISFIED_FROM,
    Criterion,
    FeedbackKind,
    FeedbackStatus,
)
from motcua.feedback.models import Feedback, SatisfactionRating
from motcua.organization.models import Agency

Agencies = QuerySet[Agency] | Iterable[int] | None


@dataclass(frozen=True)
class CriterionSummary:
    criterion: str
    label: str
    answered: int  # ratings that scored this criterion
    average: float | None
    counts: dict[int, int]  # level → ratings, highest level first
    satisfied: int  # ratings at a "satisfied" level or above

    @property
    def satisfied_percent(self) -> float | None:
        return round(100 * self.satisfied / self.answered, 1) if self.answered else None


@dataclass(frozen=True)
class RatingSummary:
    levels: int
    count: int
    criteria: tuple[CriterionSummary, ...]  # overall first

    @property
    def overall(self) -> CriterionSummary:
        return self.criteria[0]


def _period(rows: QuerySet, field: str, since: datetime | None, until: datetime | None):
    if since is not None:
        rows = rows.filter(**{f"{field}__gte": since})
    if until is not None:
        rows = rows.filter(**{f"{field}__lt": until})
    return rows


def rating_summary(
    *,
    agencies: Agencies = None,
    since: datetime | None = None,
    until: datetime | None = None,
    levels: int | None = None,
) -> RatingSummary:
    """Ratings of dossiers of ``agencies`` (all when None) first given in [since, until).

    Only ratings on the ``levels`` scale (default: the configured one) are counted, so
    averages never mix a 3-level and a 5-level scale.
    """
    levels = levels or settings.MOTCUA_RATING_LEVELS
    rows = SatisfactionRating.objects.filter(scale=levels)
    if agencies is not None:
        rows = rows.filter(dossier__agency__in=agencies)
    rows = _period(rows, "created_at", since, until)
    figures = {"count": Count("pk")}
    for c in Criterion.values:
        figures[f"{c}_n"] = Count(c)
        figures[f"{c}_avg"] = Avg(c)
        for level in range(1, levels + 1):
            figures[f"{c}_{level}"] = Count("pk", filter=Q(**{c: level}))
    found = rows.order_by().aggregate(**figures)
    return RatingSummary(
        levels=levels,
        count=found["count"],
        criteria=tuple(_criterion(found, c, levels) for c in Criterion),
    )


def _criterion(found: dict, criterion: Criterion, levels: int) -> CriterionSummary:
    counts = {level: found[f"{criterion}_{level}"] for level in range(levels, 0, -1)}
    average = found[f"{criterion}_avg"]
    return CriterionSummary(
        criterion=criterion.value,
        label=criterion.label,
        answered=found[f"{criterion}_n"],
        average=None if average is None else round(float(average), 2),
        counts=counts,
        satisfied=sum(n for level, n in counts.items() if level >= SATISFIED_FROM[levels]),
    )


@dataclass(frozen=True)
class FeedbackSummary:
    total: int
    by_kind: dict[str, int]
    by_status: dict[str, int]
    answered_on_time: int
    answered_late: int
    open_overdue: int


def feedback_summary(
    *,
    agencies: Agencies = None,
    since: datetime | None = None,
    until: datetime | None = None,
    at: datetime | None = None,
) -> FeedbackSummary:
    """Feedback submitted in [since, until) to ``agencies``, as of ``at`` (default now)."""
    at = at or timezone.now()
    rows = Feedback.objects.all()
    if agencies is not None:
        rows = rows.filter(agency__in=agencies)
    rows = _period(rows, "submitted_at", since, until)
    figures = {"total": Count("pk")}
    figures |= {f"k_{k}": Count("pk", filter=Q(kind=k)) for k in FeedbackKind.values}
    figures |= {f"s_{s}": Count("pk", filter=Q(status=s)) for s in FeedbackStatus.values}
    answered = Q(answered_at__isnull=False)
    figures["on_time"] = Count("pk", filter=answered & Q(answered_at__lte=F("due_at")))
    figures["late"] = Count("pk", filter=answered & Q(answered_at__gt=F("due_at")))
    figures["overdue"] = Count("pk", filter=Q(status__in=OPEN_STATUSES, due_at__lt=at))
    found = rows.order_by().aggregate(**figures)
    return FeedbackSummary(
        total=found["total"],
        by_kind={k: found[f"k_{k}"] for k in FeedbackKind.values},
        by_status={s: found[f"s_{s}"] for s in FeedbackStatus.values},
        answered_on_time=found["on_time"],
        answered_late=found["late"],
        open_overdue=found["overdue"],
    )
