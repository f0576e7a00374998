"""Read-only statistics of dossiers (DOMAIN.md §7), starting with resolution by agency.

Classification is ``motcua.dossiers.timing.classify`` itself, run in Python on the rows of
one query, so a report can never disagree with the dossier page: decided dossiers compare
at day granularity on the receiving desk's calendar, open ones at the instant ``at`` with
a running pause pushing the due date on. Doing it in SQL would mean re-implementing the
local-day comparison and the pause shift (working time over the unit's calendar) per
database; the rows needed are few columns and calendars are built once per unit.

To extend (periodic report Biểu 06, dashboards): add a grouping key to ``tally`` (field,
procedure, channel…) and a column to ``Counts``; periods are any [start, end).
"""

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field, fields
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import F, Q, QuerySet

from motcua.dossiers.enums import OPEN_STATUSES
from motcua.dossiers.models import Dossier
from motcua.dossiers.timing import classify
from motcua.organization.models import AdministrativeUnit, Agency
from motcua.organization.selectors import unit_subtree_ids
from motcua.reports.enums import TIER_OF_LEVEL, TIER_ORDER, Tier
from motcua.workdays.calendar import WorkCalendar
from motcua.workdays.selectors import calendar_for_unit

COLUMNS = ("status", "agency", "desk", "received_at", "due_at", "decided_at", "paused_at")


@dataclass
class Counts:
    """Dossiers of a period: received, resolved (early / on time / late), in progress at ``at``."""

    received: int = 0
    resolved: int = 0
    early: int = 0
    on_time: int = 0
    late: int = 0
    within_time: int = 0
    overdue: int = 0

    @property
    def in_progress(self) -> int:
        return self.within_time + self.overdue

    @property
    def on_time_rate(self) -> Decimal | None:
        """(early + on time) / resolved; None when nothing was resolved."""
        if not self.resolved:
            return None
        return Decimal(self.early + self.on_time) / self.resolved

    @property
    def on_time_percent(self) -> Decimal | None:
        rate = self.on_time_rate
        return None if rate is None else (rate * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)

    def add(self, other: "Counts") -> None:
        for column in fields(self):
            setattr(self, column.name, getattr(self, column.name) + getattr(other, column.name))


@dataclass
class AgencyStats:
    agency: Agency
    counts: Counts


@dataclass
class TierStats:
    tier: Tier
    rows: list[AgencyStats] = field(default_factory=list)
    counts: Counts = field(default_factory=Counts)


@dataclass
class ResolutionStats:
    start: datetime
    end: datetime
    at: datetime
    tiers: list[TierStats]
    total: Counts


@dataclass
class Window:
    """The period, the reference moment, and the calendars met so far (one per unit)."""

    start: datetime
    end: datetime
    at: datetime
    calendars: dict[int, WorkCalendar] = field(default_factory=dict)

    def calendar(self, unit_id: int) -> WorkCalendar:
        if unit_id not in self.calendars:
            self.calendars[unit_id] = calendar_for_unit(unit_id=unit_id)
        return self.calendars[unit_id]

    def inside(self, moment: datetime | None) -> bool:
        return moment is not None and self.start <= moment < self.end

    def in_progress(self, dossier: Dossier) -> bool:
        received = dossier.received_at
        return (
            dossier.status in OPEN_STATUSES
            and received is not None
            and received < min(self.end, self.at)
        )


def _rows(window: Window, unit_ids: list[int] | None) -> QuerySet[Dossier]:
    """Received or resolved in the period, or open and received before it ends (one query)."""
    cutoff = min(window.end, window.at)
    relevant = (
        Q(received_at__gte=window.start, received_at__lt=window.end)
        | Q(decided_at__gte=window.start, decided_at__lt=window.end)
        | Q(status__in=OPEN_STATUSES, received_at__lt=cutoff)
    )
    rows = Dossier.objects.filter(relevant)
    if unit_ids is not None:
        rows = rows.filter(agency__unit_id__in=unit_ids)
    return rows.only(*COLUMNS).annotate(desk_unit_id=F("desk__unit_id")).order_by()


def _count(counts: Counts, dossier: Dossier, window: Window) -> None:
    if window.inside(dossier.received_at):
        counts.received += 1
    if window.inside(dossier.decided_at):
        counts.resolved += 1
    elif not window.in_progress(dossier):
        return
    found = classify(dossier, at=window.at, calendar=window.calendar(dossier.desk_unit_id))
    if found is not None:
        setattr(counts, found.value, getattr(counts, found.value) + 1)


def tally(
    dossiers: Iterable[Dossier], window: Window, key: Callable[[Dossier], Hashable]
) -> dict[Hashable, Counts]:
    """Counts per ``key`` of each dossier (the agency today; a field or a procedure later)."""
    found: dict[Hashable, Counts] = {}
    for dossier in dossiers:
        _count(found.setdefault(key(dossier), Counts()), dossier, window)
    return found


def resolution_stats(
    *, start: datetime, end: datetime, at: datetime, unit: AdministrativeUnit | None = None
) -> ResolutionStats:
    """Per competent agency, grouped by tier (district agencies, commune-level units).

    Resolved: decided (result ready) inside [start, end). Received: received inside it.
    In progress: open now, received before ``min(end, at)``, within time or overdue at
    ``at``. Statuses are the current ones, so ``at`` is meant to be the present; the
    periodic report will rebuild past states from the events. ``unit`` keeps the unit
    and those below it. Queries: two, plus two per receiving unit's calendar.
    """
    window = Window(start=start, end=end, at=at)
    unit_ids = unit_subtree_ids(unit_id=unit.pk) if unit is not None else None
    by_agency = tally(_rows(window, unit_ids), window, key=lambda d: d.agency_id)
    agencies = Agency.objects.filter(pk__in=by_agency).select_related("unit")
    tiers = {tier: TierStats(tier=tier) for tier in TIER_ORDER}
    total = Counts()
    for agency in sorted(agencies, key=lambda a: (a.unit.code, a.identifier)):
        group = tiers[TIER_OF_LEVEL.get(agency.unit.level, Tier.DISTRICT)]
        counts = by_agency[agency.pk]
        group.rows.append(AgencyStats(agency=agency, counts=counts))
        group.counts.add(counts)
        total.add(counts)
    shown = [group for group in tiers.values() if group.rows]
    return ResolutionStats(start=start, end=end, at=at, tiers=shown, total=total)
