"""The periodic report (Biểu 06/VPCP/KSTT shape): one aggregate query per report.

Every figure is a conditional count over the dossier rows, grouped in the database; the
definitions are in ``docs/reports.md`` and each has its ``Q`` below. Decided dossiers are
classified at day granularity in the local time zone (the same rule as
``motcua.dossiers.timing.classify``): decided on the due day is on time, before it early,
after it late. A dossier is counted once, under its competent agency (a transfer between
agencies or levels moves it, it does not copy it).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connections, router, transaction
from django.db.models import (
    Case,
    Count,
    DateTimeField,
    F,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Sign, TruncDate
from django.utils.translation import pgettext_lazy

from motcua.catalog.enums import ChannelKind
from motcua.catalog.models import ProcedureVersion
from motcua.core.dbrouter import reading_for_reports
from motcua.dossiers.enums import DossierStatus
from motcua.dossiers.models import Dossier
from motcua.organization.models import AdministrativeUnit, Agency
from motcua.organization.selectors import unit_subtree_ids
from motcua.reports import rollup
from motcua.reports.enums import TIER_OF_LEVEL, TIER_ORDER, Tier

S = DossierStatus
# The dossier column each grouping reads besides the agency (a version gives its field and
# its procedure, looked up after the aggregate).
GROUPINGS = {
    "level": None,
    "agency": "agency_id",
    "field": "procedure_version_id",
    "procedure": "procedure_version_id",
}
GROUPING_LABELS = {
    "level": pgettext_lazy("report grouping", "Level"),
    "agency": pgettext_lazy("report grouping", "Agency"),
    "field": pgettext_lazy("report grouping", "Field"),
    "procedure": pgettext_lazy("report grouping", "Procedure"),
}


@dataclass
class ReportCounts:
    """The columns of the report for one row (or a subtotal)."""

    carried_over: int = 0
    received: int = 0
    received_online: int = 0
    received_direct: int = 0
    resolved: int = 0
    early: int = 0
    on_time: int = 0
    late: int = 0
    within_time: int = 0
    overdue: int = 0
    waiting_citizen: int = 0
    returned: int = 0
    withdrawn: int = 0
    stopped: int = 0

    @property
    def to_handle(self) -> int:
        return self.carried_over + self.received

    @property
    def in_progress(self) -> int:
        return self.within_time + self.overdue

    @property
    def on_time_percent(self) -> Decimal | None:
        """(early + on time) / resolved, as a percentage with one decimal."""
        if not self.resolved:
            return None
        rate = Decimal(100 * (self.early + self.on_time)) / self.resolved
        return rate.quantize(Decimal("0.1"), ROUND_HALF_UP)

    def add(self, other: "ReportCounts") -> None:
        for column in fields(self):
            setattr(self, column.name, getattr(self, column.name) + getattr(other, column.name))

    def as_dict(self) -> dict:
        data = {column.name: getattr(self, column.name) for column in fields(self)}
        data.update(to_handle=self.to_handle, in_progress=self.in_progress)
        percent = self.on_time_percent
        data["on_time_percent"] = None if percent is None else str(percent)
        return data


@dataclass
class ReportRow:
    key: int | str
    code: str
    label: str
    counts: ReportCounts


@dataclass
class ReportGroup:
    tier: Tier
    rows: list[ReportRow] = field(default_factory=list)
    counts: ReportCounts = field(default_factory=ReportCounts)


@dataclass
class PeriodicReport:
    start: datetime
    end: datetime
    at: datetime
    by: str
    unit: AdministrativeUnit | None
    groups: list[ReportGroup]
    total: ReportCounts


def _between(name: str, start: datetime, end: datetime) -> Q:
    return Q(**{f"{name}__gte": start, f"{name}__lt": end})


# The closing instant given to a dossier that is still open: after any period, so that "not
# closed before t" is the single range condition ``closed_at >= t``, which an index serves.
NEVER = datetime(9999, 12, 31, tzinfo=UTC)


def closed_at() -> Coalesce:
    """When the dossier left the pipeline: decided, withdrawn or stopped; ``NEVER`` if open.

    dossiers migration 0004 indexes this exact expression on PostgreSQL: keep them equal.
    """
    ended = When(status__in=[S.WITHDRAWN, S.STOPPED], then=F("status_changed_at"))
    return Coalesce(
        "decided_at",
        Case(ended, output_field=DateTimeField()),
        Value(NEVER),
        output_field=DateTimeField(),
    )


class DayDifference(Func):
    """The first date minus the second, in days."""

    arg_joiner = " - "
    template = "(%(expressions)s)"
    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            template="(julianday(%(expressions)s))",
            arg_joiner=") - julianday(",
            **extra_context,
        )


def timeliness(zone: ZoneInfo) -> Sign:
    """-1, 0 or 1: the local day of the result is before, the same as or after the local day
    of the appointment (``timing.classify``'s rule); NULL without both.

    dossiers migration 0004 indexes this exact expression on PostgreSQL: keep them equal.
    """
    return Sign(
        DayDifference(TruncDate("decided_at", tzinfo=zone), TruncDate("due_at", tzinfo=zone))
    )


# A resolved dossier is early, on time or late by its timeliness (see ``_aggregate``).
TIMELINESS_COLUMNS = {-1: "early", 0: "on_time", 1: "late"}


def _open_at(moment: datetime) -> Q:
    """Received before ``moment`` and neither decided nor ended (withdrawn, stopped) by then."""
    return Q(received_at__lt=moment, closed_at__gte=moment)


def _measures(start: datetime, end: datetime, until: datetime) -> dict[str, Q]:
    """Each column's condition. ``until`` is the end, or now for a period not over yet.

    Early, on time and late are the resolved dossiers split by ``timeliness``.
    """
    received = _between("received_at", start, end)
    in_progress = _open_at(until)
    paused = Q(paused_at__isnull=False, paused_at__lte=until)
    # The clock stands still while the citizen is asked: a paused dossier keeps the time it
    # had left when it was paused.
    within = Q(due_at__gte=until) | (paused & Q(due_at__gte=F("paused_at")))
    return {
        "carried_over": _open_at(start),
        "received": received,
        "received_online": received & Q(channel=ChannelKind.ONLINE),
        "received_direct": received & ~Q(channel=ChannelKind.ONLINE),
        "resolved": _between("decided_at", start, end),
        "within_time": in_progress & within,
        "overdue": in_progress & ~within,
        "waiting_citizen": in_progress & paused & Q(status__in=[S.SUPPLEMENT, S.FINANCIAL]),
        "returned": _between("returned_at", start, end),
        "withdrawn": Q(status=S.WITHDRAWN) & _between("status_changed_at", start, end),
        "stopped": Q(status=S.STOPPED) & _between("status_changed_at", start, end),
    }


def _base(start: datetime, end: datetime, unit: AdministrativeUnit | None) -> QuerySet:
    # Rows closed before the period cannot count anywhere in it.
    rows = Dossier.objects.annotate(closed_at=closed_at()).filter(
        received_at__lt=end, closed_at__gte=start
    )
    if unit is not None:
        agencies = Agency.objects.filter(unit_id__in=unit_subtree_ids(unit_id=unit.pk))
        rows = rows.filter(agency__in=agencies.values("pk"))
    return rows


@contextmanager
def _without_jit(alias: str) -> Iterator[None]:
    """PostgreSQL's JIT compiler spends seconds on this wide aggregate to save nothing."""
    if connections[alias].vendor != "postgresql":
        yield
        return
    with transaction.atomic(using=alias, savepoint=False):
        with connections[alias].cursor() as cursor:
            cursor.execute("SET LOCAL jit = off")
        yield


def _aggregate(rows: QuerySet, measures: dict[str, Q], column: str | None) -> list[dict]:
    """One row per agency, ``column`` and timeliness, with each measure's count.

    Grouped by the dossier's own columns, with no join: on PostgreSQL the covering index of
    dossiers migration 0004 then answers the whole query, timeliness included. Levels,
    fields and procedures are looked up afterwards.
    """
    keys = ["agency_id"] + ([column] if column and column != "agency_id" else [])
    # COUNT(1), not COUNT(id): the index carries every column the query reads, not the id.
    counts = {name: Count(Value(1), filter=condition) for name, condition in measures.items()}
    zone = ZoneInfo(settings.TIME_ZONE)
    grouped = rows.order_by().annotate(timeliness=timeliness(zone)).values(*keys, "timeliness")
    alias = router.db_for_read(Dossier)
    with _without_jit(alias):
        return list(grouped.annotate(**counts).using(alias))


def _keys(by: str, ids: set, agencies: dict[int, Agency]) -> tuple[dict, dict]:
    """The row key of each grouped id (agency or procedure version) and the (code, label) of
    each key; one query for a field or a procedure."""
    if by == "agency":
        labels = {pk: (a.identifier, f"{a.name} ({a.unit.name})") for pk, a in agencies.items()}
        return {pk: pk for pk in agencies}, labels
    versions = ProcedureVersion.objects.filter(pk__in=ids)
    if by == "field":
        found = versions.select_related("field")
        return {v.pk: v.field_id for v in found}, {
            v.field_id: (v.field.code, v.field.name) for v in found
        }
    if by == "procedure":
        found = versions.select_related("procedure__current_version")
        labels = {}
        for v in found:
            current = v.procedure.current_version
            labels[v.procedure_id] = (
                v.procedure.code,
                current.name if current else v.procedure.code,
            )
        return {v.pk: v.procedure_id for v in found}, labels
    return {}, {}


def _scope(unit: AdministrativeUnit | None) -> QuerySet | None:
    """The ids of the agencies of ``unit`` and the units below it (a subquery), or None."""
    if unit is None:
        return None
    return Agency.objects.filter(unit_id__in=unit_subtree_ids(unit_id=unit.pk)).values("pk")


Counted = dict[tuple, ReportCounts]


def _raw_counts(
    *, start: datetime, end: datetime, at: datetime, column: str | None, unit
) -> Counted:
    """The counts per (agency, ``column``) from one aggregate over the dossier rows."""
    until = min(end, at)
    measures = _measures(start, end, until)
    found: Counted = {}
    for row in _aggregate(_base(start, end, unit), measures, column):
        counts = found.setdefault(
            (row["agency_id"], row[column] if column else None), ReportCounts()
        )
        for name in measures:
            setattr(counts, name, getattr(counts, name) + row[name])
        if row["timeliness"] is not None:
            split = TIMELINESS_COLUMNS[int(row["timeliness"])]
            setattr(counts, split, getattr(counts, split) + row["resolved"])
    return found


def _rollup_window(start: datetime, end: datetime, at: datetime) -> rollup.Window | None:
    """The days the counters answer the report with, or None (then it reads the rows):
    the period must start and end at local midnights, and not be in the future."""
    first, after = rollup.local_midnight(start), rollup.local_midnight(end)
    if first is None or after is None or not start < end or at < start:
        return None
    until = min(end, at)
    return rollup.Window(first, after, until.astimezone(ZoneInfo(settings.TIME_ZONE)).date())


STATE_COLUMNS = ("in_progress", "overdue", "waiting_citizen")
# The report's columns the counters give as they are (received and within time follow).
COUNTED = (*rollup.FLOWS, "carried_over", "overdue", "waiting_citizen")


def _rollup_counts(
    *, window: rollup.Window, end: datetime, at: datetime, column: str | None, unit
) -> Counted:
    """The counts per (agency, ``column``) from the counters, corrected for the dossiers
    changed since they were refreshed, and for a report read in the middle of a day."""
    keys = ["agency_id"] + ([column] if column and column != "agency_id" else [])
    agencies = _scope(unit)
    sums: dict[tuple, dict[str, int]] = {}

    def add(key: tuple, name: str, value: int) -> None:
        target = sums.setdefault(key, {})
        target[name] = target.get(name, 0) + value

    for row in rollup.counter_rows(window, keys, agencies):
        key = (row["agency_id"], row[column] if column else None)
        for name in (*rollup.FLOWS, "carried_over", *STATE_COLUMNS):
            add(key, name, row[name] or 0)
    old, new = rollup.changed_facts(agencies)
    for facts, sign in ((old, -1), (new, 1)):
        for fact in facts:
            key = (fact.agency_id, getattr(fact, column) if column else None)
            for day, since, name in rollup.entries(fact):
                for target, value in rollup.entry_columns(day, since, name, window).items():
                    add(key, target, sign * value)
    until = min(end, at)
    if rollup.local_midnight(until) is None:
        for key, values in _midday_changes(window.until_day, until, column, agencies).items():
            for name, value in values.items():
                add(key, name, value)
    found: Counted = {}
    for key, values in sums.items():
        counts = ReportCounts(**{name: values.get(name, 0) for name in COUNTED})
        counts.received = counts.received_online + counts.received_direct
        counts.within_time = values.get("in_progress", 0) - counts.overdue
        found[key] = counts
    return found


def _midday_changes(
    day, until: datetime, column: str | None, agencies: QuerySet | None
) -> dict[tuple, dict]:
    """How the open, overdue and waiting dossiers changed from the midnight starting
    ``day`` to ``until``: counted over the rows with an instant in between (one query)."""
    midnight = datetime.combine(day, datetime.min.time(), ZoneInfo(settings.TIME_ZONE))
    moved = (
        _between("received_at", midnight, until)
        | _between("closed_at", midnight, until)
        | _between("due_at", midnight, until)
        | Q(paused_at__gte=midnight, paused_at__lte=until)
    )
    rows = Dossier.objects.annotate(closed_at=closed_at()).filter(moved)
    if agencies is not None:
        rows = rows.filter(agency__in=agencies)
    counts = {}
    for moment, suffix in ((until, "now"), (midnight, "then")):
        measures = _measures(midnight, midnight, moment)
        for name in ("within_time", "overdue", "waiting_citizen"):
            counts[f"{name}_{suffix}"] = Count(Value(1), filter=measures[name])
    keys = ["agency_id"] + ([column] if column and column != "agency_id" else [])
    found = {}
    for row in rows.order_by().values(*keys).annotate(**counts):
        delta = {
            n: row[f"{n}_now"] - row[f"{n}_then"]
            for n in ("within_time", "overdue", "waiting_citizen")
        }
        found[(row["agency_id"], row[column] if column else None)] = {
            "in_progress": delta["within_time"] + delta["overdue"],
            "overdue": delta["overdue"],
            "waiting_citizen": delta["waiting_citizen"],
        }
    return found


def periodic_report(
    *,
    start: datetime,
    end: datetime,
    at: datetime,
    by: str = "level",
    unit: AdministrativeUnit | None = None,
) -> PeriodicReport:
    """The report for [start, end) as it stands at ``at``, grouped by level then ``by``.

    ``unit`` keeps the dossiers of its agencies and those of the units below it. Read from
    the statistics rollup (``motcua.reports.rollup``) when the period is whole local days;
    the numbers are those of ``periodic_report_raw``.
    """
    if by not in GROUPINGS:
        raise ValueError(by)
    window = _rollup_window(start, end, at)
    with reading_for_reports():
        alias = router.db_for_read(Dossier)
        if window is None or not _rollup_built(alias):
            return _report(start=start, end=end, at=at, by=by, unit=unit, raw=True)
        with _repeatable_read(alias):
            return _report(start=start, end=end, at=at, by=by, unit=unit, raw=False, window=window)


def periodic_report_raw(
    *,
    start: datetime,
    end: datetime,
    at: datetime,
    by: str = "level",
    unit: AdministrativeUnit | None = None,
) -> PeriodicReport:
    """The same report counted over the dossier rows (the reference for the rollup)."""
    if by not in GROUPINGS:
        raise ValueError(by)
    with reading_for_reports():
        return _report(start=start, end=end, at=at, by=by, unit=unit, raw=True)


_BUILT: set[str] = set()


def _rollup_built(alias: str) -> bool:
    """Whether the counters were ever built (remembered: they stay built)."""
    if alias not in _BUILT and rollup.is_built(alias):
        _BUILT.add(alias)
    return alias in _BUILT


@contextmanager
def _repeatable_read(alias: str) -> Iterator[None]:
    """The counters, the changed dossiers and the rows read in one snapshot: a refresh
    committing between two of the queries would otherwise count a change twice."""
    connection = connections[alias]
    outer = connection.in_atomic_block
    with transaction.atomic(using=alias, savepoint=False):
        if connection.vendor == "postgresql" and not outer:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield


def _report(
    *,
    start: datetime,
    end: datetime,
    at: datetime,
    by: str,
    unit: AdministrativeUnit | None,
    raw: bool,
    window: "rollup.Window | None" = None,
) -> PeriodicReport:
    column = GROUPINGS[by]
    if raw:
        counted = _raw_counts(start=start, end=end, at=at, column=column, unit=unit)
    else:
        # Small queries: PostgreSQL does not compile them (JIT), nothing to switch off.
        counted = _rollup_counts(window=window, end=end, at=at, column=column, unit=unit)
    agencies = Agency.objects.filter(pk__in={agency for agency, _ in counted})
    agencies = {a.pk: a for a in agencies.select_related("unit")}
    keys, labels = _keys(by, {key for _, key in counted} if column else set(), agencies)
    summed: dict[tuple, ReportCounts] = {}
    for (agency_id, key), row in counted.items():
        agency = agencies.get(agency_id)
        tier = TIER_OF_LEVEL.get(agency.unit.level if agency else None, Tier.DISTRICT)
        counts = summed.setdefault((tier, keys.get(key) if column else None), ReportCounts())
        counts.add(row)
    groups = {tier: ReportGroup(tier=tier) for tier in TIER_ORDER}
    total = ReportCounts()
    for (tier, key), counts in summed.items():
        if not any(getattr(counts, f.name) for f in fields(ReportCounts)):
            continue
        group = groups[tier]
        if column:
            code, label = labels.get(key, ("", str(key)))
            group.rows.append(ReportRow(key=key, code=code, label=label, counts=counts))
        group.counts.add(counts)
        total.add(counts)
    for group in groups.values():
        group.rows.sort(key=lambda r: (r.code, r.label))
    shown = [g for g in groups.values() if g.rows or g.counts.to_handle or g.counts.resolved]
    return PeriodicReport(start=start, end=end, at=at, by=by, unit=unit, groups=shown, total=total)
