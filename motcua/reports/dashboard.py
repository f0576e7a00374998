"""Figures for the leaders' dashboard: the year's monthly flow, and the report's rows."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from motcua.core.dbrouter import reading_for_reports
from motcua.dossiers.models import Dossier
from motcua.organization.models import AdministrativeUnit
from motcua.organization.selectors import unit_subtree_ids
from motcua.reports.periods import year_period


@dataclass(frozen=True)
class MonthFlow:
    month: date
    received: int
    resolved: int


def _scoped(unit: AdministrativeUnit | None) -> QuerySet[Dossier]:
    rows = Dossier.objects.all()
    if unit is not None:
        rows = rows.filter(agency__unit_id__in=unit_subtree_ids(unit_id=unit.pk))
    return rows


def _per_month(rows: QuerySet[Dossier], column: str, start, end) -> dict[date, int]:
    zone = timezone.get_default_timezone()
    found = (
        rows.filter(**{f"{column}__gte": start, f"{column}__lt": end})
        .annotate(month=TruncMonth(column, tzinfo=zone))
        .order_by()
        .values("month")
        .annotate(n=Count("pk"))
    )
    return {_as_date(row["month"]): row["n"] for row in found}


def _as_date(value) -> date:
    return value.date() if hasattr(value, "date") else value


def monthly_flow(*, year: int, unit: AdministrativeUnit | None = None) -> list[MonthFlow]:
    """Dossiers received and resolved in each month of ``year`` (two queries)."""
    period = year_period(year)
    with reading_for_reports():
        rows = _scoped(unit)
        received = _per_month(rows, "received_at", period.start, period.end)
        resolved = _per_month(rows, "decided_at", period.start, period.end)
    months = [date(year, m, 1) for m in range(1, 13)]
    return [MonthFlow(m, received.get(m, 0), resolved.get(m, 0)) for m in months]
