"""The statistics rollup: counters per agency, procedure version and local day.

See docs/decisions/0007-statistics-rollup.md. Every figure of the periodic report is, per
dossier, either an event on one local day (received, decided, returned, withdrawn,
stopped) or a state between two days (open, overdue, waiting for the citizen). With
periods that start and end at local midnight, an event counts when its day is inside the
period, and a state at a midnight is a running balance: the dossiers that entered it
before that day minus those that left it before that day. So the counters hold, per
agency, procedure version and day, the events of the day and the changes of the balances.

- ``RollupFact`` keeps, per received dossier, the local days the counters hold for it
  (``fact_rows`` computes them from the dossier row in SQL, with the report's own
  expressions).
- ``RollupChange`` lists the dossiers changed since: the transition writer appends one row
  in the change's own transaction (``mark_changed``).
- ``rollup_refresh`` takes the listed dossiers in: their old days' counts are taken back,
  the new ones added (``entries``), then the list is emptied. ``rollup_rebuild`` recomputes
  everything in SQL (after a bulk load, or the first time).
- The report reads the counters and corrects them, in the same snapshot, for the dossiers
  still listed (their new entries minus their old ones): it is exact at every moment, the
  refresh only keeps the correction small.
- ``RollupYear`` and ``RollupMonth`` hold the same counters summed by year and by month:
  a balance at a date sums the years before it, the months of its year before it and the
  days of its month before it; the events of a period of whole years (months) are read
  from the years (months).

An event's ``day`` is the day it counts on; its ``since`` is the first day a period may
start on for it to count. They differ only for a dossier closed before the event (a result
returned after the decision day): the report counts a dossier in a period only when it was
received before the period's end and not closed before its start, so an event at ``X``
counts in ``[s, e)`` exactly when ``min(X, closed) >= s`` and ``max(X, received) < e``.
"""

import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router, transaction
from django.db.models import (
    BooleanField,
    Case,
    DateField,
    DateTimeField,
    ExpressionWrapper,
    F,
    IntegerField,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from motcua.catalog.enums import ChannelKind
from motcua.dossiers.enums import DossierStatus
from motcua.dossiers.models import Dossier
from motcua.reports.models import (
    RollupChange,
    RollupDay,
    RollupFact,
    RollupMonth,
    RollupState,
    RollupYear,
)

S = DossierStatus
log = logging.getLogger(__name__)

# Counted when their event is inside the period.
FLOWS = (
    "received_online",
    "received_direct",
    "resolved",
    "early",
    "on_time",
    "late",
    "returned",
    "withdrawn",
    "stopped",
)
# Changes of running balances: entered (received) or left (closed) the open dossiers,
# became overdue / stopped being, started / stopped waiting for the citizen.
BALANCES = ("closed", "overdue_in", "overdue_out", "waiting_in", "waiting_out")
COUNTERS = FLOWS + BALANCES
TIMELINESS = {-1: "early", 0: "on_time", 1: "late"}
FACT_FIELDS = tuple(f.attname for f in RollupFact._meta.fields)
CHUNK = 2000


@dataclass(frozen=True)
class Fact:
    """The days of one received dossier (the fields of ``RollupFact``)."""

    dossier_id: int
    agency_id: int
    procedure_version_id: int
    online: bool
    received: date
    closed: date | None
    decided: date | None
    timeliness: int | None
    returned: date | None
    withdrawn: date | None
    stopped: date | None
    overdue_from: date | None
    waiting_from: date | None


if tuple(f.name for f in fields(Fact)) != FACT_FIELDS:  # the model and the dataclass agree
    raise ImproperlyConfigured("RollupFact and Fact differ")


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def fact_rows(dossiers: QuerySet[Dossier]) -> QuerySet:
    """The facts of the received dossiers among ``dossiers``, as tuples in ``FACT_FIELDS``
    order, computed in SQL with the report's expressions (``periodic._measures``)."""
    from motcua.reports.periodic import timeliness

    zone = _zone()

    def day(expression) -> TruncDate:
        return TruncDate(expression, tzinfo=zone)

    ended = Case(
        When(status__in=[S.WITHDRAWN, S.STOPPED], then=F("status_changed_at")),
        output_field=DateTimeField(),
    )
    just_before_pause = ExpressionWrapper(
        F("paused_at") - Value(timedelta(microseconds=1)), output_field=DateTimeField()
    )
    annotations = {
        "f_dossier_id": F("pk"),
        "f_agency_id": F("agency_id"),
        "f_procedure_version_id": F("procedure_version_id"),
        "f_online": Case(
            When(channel=ChannelKind.ONLINE, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        "f_received": day("received_at"),
        "f_closed": day(Coalesce("decided_at", ended, output_field=DateTimeField())),
        "f_decided": day("decided_at"),
        "f_timeliness": ExpressionWrapper(timeliness(zone), output_field=IntegerField()),
        "f_returned": day("returned_at"),
        "f_withdrawn": Case(
            When(status=S.WITHDRAWN, then=day("status_changed_at")), output_field=DateField()
        ),
        "f_stopped": Case(
            When(status=S.STOPPED, then=day("status_changed_at")), output_field=DateField()
        ),
        # Within time while the appointment is not past; always, if paused before it (the
        # clock stands still); never without an appointment.
        "f_overdue_from": Case(
            When(
                paused_at__isnull=False,
                due_at__isnull=False,
                due_at__gte=F("paused_at"),
                then=Value(None, output_field=DateField()),
            ),
            When(due_at__isnull=False, then=day("due_at")),
            default=day("received_at"),
            output_field=DateField(),
        ),
        # Waiting at a midnight when paused at or before it: the day of the instant just
        # before the pause.
        "f_waiting_from": Case(
            When(
                status__in=[S.SUPPLEMENT, S.FINANCIAL],
                paused_at__isnull=False,
                then=day(just_before_pause),
            ),
            output_field=DateField(),
        ),
    }
    rows = dossiers.filter(received_at__isnull=False).order_by().annotate(**annotations)
    return rows.values_list(*annotations)


DATE_FIELDS = tuple(i for i, f in enumerate(RollupFact._meta.fields) if isinstance(f, DateField))


def _fact(row: tuple) -> Fact:
    values = list(row[: len(FACT_FIELDS)])
    for i in DATE_FIELDS:  # SQLite's raw rows give dates as text
        if isinstance(values[i], str):
            values[i] = date.fromisoformat(values[i])
    index = FACT_FIELDS.index("timeliness")
    if values[index] is not None:
        values[index] = int(values[index])
    values[FACT_FIELDS.index("online")] = bool(values[FACT_FIELDS.index("online")])
    return Fact(*values)


# --- the entries of a fact ----------------------------------------------------------------


def entries(fact: Fact) -> Iterator[tuple[date, date, str]]:
    """(day, since, counter) for each count ``fact`` adds (``_ENTRY_SQL`` is the same in SQL)."""
    received, closed = fact.received, fact.closed

    def span(moment: date) -> tuple[date, date]:
        since = min(moment, closed) if closed is not None else moment
        return max(moment, received), since

    yield (*span(received), "received_online" if fact.online else "received_direct")
    if fact.decided is not None:
        yield (*span(fact.decided), "resolved")
        if fact.timeliness is not None:
            yield (*span(fact.decided), TIMELINESS[fact.timeliness])
    for name in ("returned", "withdrawn", "stopped"):
        moment = getattr(fact, name)
        if moment is not None:
            yield (*span(moment), name)
    if closed is not None:
        left = max(received, closed)
        yield left, left, "closed"
    for start, name in ((fact.overdue_from, "overdue"), (fact.waiting_from, "waiting")):
        if start is None:
            continue
        entered = max(received, start)
        yield entered, entered, f"{name}_in"
        if closed is not None:
            left = max(entered, closed)
            yield left, left, f"{name}_out"


def _later(a: str, b: str) -> str:
    return f"(CASE WHEN {a} > {b} THEN {a} ELSE {b} END)"


def _since(moment: str) -> str:
    return f"(CASE WHEN closed IS NOT NULL AND closed < {moment} THEN closed ELSE {moment} END)"


def _entry_parts() -> list[tuple[str, str, dict[str, str], str]]:
    """(day, since, counter expressions, condition) over the facts table: ``entries``."""
    parts = [
        (
            "received",
            _since("received"),
            {
                "received_online": "CASE WHEN online THEN 1 ELSE 0 END",
                "received_direct": "CASE WHEN online THEN 0 ELSE 1 END",
            },
            "1 = 1",
        ),
        (
            _later("decided", "received"),
            _since("decided"),
            {"resolved": "1"}
            | {
                name: f"CASE WHEN timeliness = {t} THEN 1 ELSE 0 END"
                for t, name in TIMELINESS.items()
            },
            "decided IS NOT NULL",
        ),
    ]
    for name in ("returned", "withdrawn", "stopped"):
        parts.append((_later(name, "received"), _since(name), {name: "1"}, f"{name} IS NOT NULL"))
    left = _later("closed", "received")
    parts.append((left, left, {"closed": "1"}, "closed IS NOT NULL"))
    for start, name in (("overdue_from", "overdue"), ("waiting_from", "waiting")):
        entered = _later(start, "received")
        parts.append((entered, entered, {f"{name}_in": "1"}, f"{start} IS NOT NULL"))
        left = _later(entered, "closed")
        parts.append(
            (left, left, {f"{name}_out": "1"}, f"{start} IS NOT NULL AND closed IS NOT NULL")
        )
    return parts


# --- writing the counters -----------------------------------------------------------------


def month_of(day: date) -> date:
    return day.replace(day=1)


def year_of(day: date) -> date:
    return day.replace(month=1, day=1)


def day_of(day: date) -> date:
    return day


# Coarsest first: (model, the first day of the row holding a day, its SQL over a column).
LEVELS = (
    (
        RollupYear,
        year_of,
        {
            "postgresql": "CAST(date_trunc('year', {}) AS date)",
            "sqlite": "date({}, 'start of year')",
        },
    ),
    (
        RollupMonth,
        month_of,
        {
            "postgresql": "CAST(date_trunc('month', {}) AS date)",
            "sqlite": "date({}, 'start of month')",
        },
    ),
    (RollupDay, day_of, {}),
)


Key = tuple[int, int, date, date]


def _deltas(old: Iterable[Fact], new: Iterable[Fact]) -> dict[Key, dict[str, int]]:
    found: dict[Key, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for facts, sign in ((old, -1), (new, 1)):
        for fact in facts:
            for day, since, name in entries(fact):
                key = (fact.agency_id, fact.procedure_version_id, day, since)
                found[key][name] += sign
    return {key: dict(counts) for key, counts in found.items() if any(counts.values())}


def _apply(model, deltas: dict[Key, dict[str, int]]) -> None:
    """Add ``deltas`` to the rows of ``model``; rows left all zero go."""
    if not deltas:
        return
    keys = list(deltas)
    existing = {}
    for i in range(0, len(keys), CHUNK):
        part = keys[i : i + CHUNK]
        rows = model.objects.filter(
            day__in={k[2] for k in part}, agency_id__in={k[0] for k in part}
        )
        for row in rows:
            existing[(row.agency_id, row.procedure_version_id, row.day, row.since)] = row
    changed, created, emptied = [], [], []
    for key, counts in deltas.items():
        row = existing.get(key)
        if row is None:
            agency, version, day, since = key
            row = model(agency_id=agency, procedure_version_id=version, day=day, since=since)
            created.append(row)
        elif row.pk is not None:
            changed.append(row)
        for name, value in counts.items():
            setattr(row, name, getattr(row, name) + value)
    for row in changed:
        if not any(getattr(row, name) for name in COUNTERS):
            emptied.append(row.pk)
    changed = [row for row in changed if row.pk not in set(emptied)]
    model.objects.filter(pk__in=emptied).delete()
    model.objects.bulk_update(changed, COUNTERS, batch_size=CHUNK)
    model.objects.bulk_create(
        [row for row in created if any(getattr(row, n) for n in COUNTERS)], batch_size=CHUNK
    )


def _coarser(deltas: dict[Key, dict[str, int]], first) -> dict[Key, dict[str, int]]:
    """``deltas`` summed into the rows of a coarser level (``first``: its first day)."""
    found: dict[Key, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (agency, version, day, since), counts in deltas.items():
        target = found[(agency, version, first(day), first(since))]
        for name, value in counts.items():
            target[name] += value
    return {key: dict(counts) for key, counts in found.items() if any(counts.values())}


def mark_changed(dossier_id: int) -> None:
    """Called by the transition writer inside the change's transaction."""
    RollupChange.objects.create(dossier_id=dossier_id)


def _locked_state() -> RollupState:
    """The state row, locked until the end of the transaction: one refresh at a time."""
    state = RollupState.objects.select_for_update().order_by("pk").first()
    if state is None:
        RollupState.objects.create()
        state = RollupState.objects.select_for_update().order_by("pk").first()
    return state


def rollup_refresh(*, batch: int = CHUNK) -> int:
    """Take the changed dossiers into the counters; the number of changes taken.

    Builds everything first if the counters were never built.
    """
    state = RollupState.objects.order_by("pk").first()
    if state is None or state.built_at is None:
        return rollup_rebuild()
    taken = 0
    while True:
        with transaction.atomic():
            state = _locked_state()
            changes = list(
                RollupChange.objects.order_by("pk").values_list("pk", "dossier_id")[:batch]
            )
            if changes:
                ids = {dossier for _, dossier in changes}
                old = [
                    _fact(r)
                    for r in RollupFact.objects.filter(dossier_id__in=ids).values_list(*FACT_FIELDS)
                ]
                new = [_fact(r) for r in fact_rows(Dossier.objects.filter(pk__in=ids))]
                deltas = _deltas(old, new)
                for model, first, _sql in LEVELS:
                    _apply(model, _coarser(deltas, first))
                RollupFact.objects.filter(dossier_id__in=ids).delete()
                RollupFact.objects.bulk_create(
                    [RollupFact(**vars(f)) for f in new], batch_size=CHUNK
                )
                RollupChange.objects.filter(pk__in=[pk for pk, _ in changes]).delete()
                taken += len(changes)
            state.refreshed_at = timezone.now()
            state.save(update_fields=["refreshed_at"])
        if len(changes) < batch:
            return taken


def rollup_rebuild() -> int:
    """Recompute the facts and the counters from every dossier, in SQL; the facts made."""
    alias = router.db_for_write(RollupFact)
    connection = connections[alias]
    vendor = connection.vendor
    fact_table = RollupFact._meta.db_table
    tables = [fact_table] + [model._meta.db_table for model, _first, _sql in LEVELS]
    counters = ", ".join(COUNTERS)
    with transaction.atomic(using=alias):
        state = _locked_state()
        seen = list(RollupChange.objects.values_list("pk", flat=True))
        with connection.cursor() as cursor:
            if vendor == "postgresql":
                cursor.execute("SET LOCAL jit = off")
                # Millions of entries grouped in memory rather than sorted on disk.
                cursor.execute("SET LOCAL work_mem = '256MB'")
                cursor.execute(f"TRUNCATE {', '.join(tables)}")
            else:
                for table in tables:
                    cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - table names
            sql, params = fact_rows(Dossier.objects.all()).query.sql_with_params()
            cursor.execute(f"INSERT INTO {fact_table} ({', '.join(FACT_FIELDS)}) {sql}", params)
            made = cursor.rowcount
            selects = []
            for day, since, counts, condition in _entry_parts():
                columns = ", ".join(f"{counts.get(name, '0')} AS {name}" for name in COUNTERS)
                selects.append(
                    f"SELECT agency_id, procedure_version_id, {day} AS day, {since} AS since, "  # noqa: S608
                    f"{columns} FROM {fact_table} WHERE {condition}"
                )
            sums = ", ".join(f"SUM({name})" for name in COUNTERS)
            day_table = RollupDay._meta.db_table
            cursor.execute(
                f"INSERT INTO {day_table} (agency_id, procedure_version_id, day, since, "  # noqa: S608
                f"{counters}) SELECT agency_id, procedure_version_id, day, since, {sums} "
                f"FROM ({' UNION ALL '.join(selects)}) AS entries "
                "GROUP BY agency_id, procedure_version_id, day, since"
            )
            # Each coarser level from the next finer one: years from months from days.
            for index in (1, 0):
                model, _first, sql = LEVELS[index]
                source = LEVELS[index + 1][0]._meta.db_table
                day, since = sql[vendor].format("day"), sql[vendor].format("since")
                cursor.execute(
                    f"INSERT INTO {model._meta.db_table} (agency_id, procedure_version_id, "  # noqa: S608
                    f"day, since, {counters}) SELECT agency_id, procedure_version_id, {day}, "
                    f"{since}, {sums} FROM {source} GROUP BY agency_id, procedure_version_id, "
                    f"{day}, {since}"
                )
        for i in range(0, len(seen), CHUNK):
            RollupChange.objects.filter(pk__in=seen[i : i + CHUNK]).delete()
        state.built_at = state.refreshed_at = timezone.now()
        state.save(update_fields=["built_at", "refreshed_at"])
    if vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"ANALYZE {table}")
    return made


# --- reading the counters -----------------------------------------------------------------


def local_midnight(moment: datetime) -> date | None:
    """The local date ``moment`` is the midnight of, or None."""
    local = moment.astimezone(_zone())
    if local.time() != time(0) or datetime.combine(local.date(), time(0), _zone()) != moment:
        return None
    return local.date()


def is_built(alias: str = "default") -> bool:
    state = RollupState.objects.using(alias).order_by("pk").first()
    return state is not None and state.built_at is not None


@dataclass(frozen=True)
class Window:
    """A period [start, end) of local days and the day ``until`` falls on (or is the
    midnight of): the balances are read at ``start`` and at ``until_day``."""

    start: date
    end: date
    until_day: date


def _days(low: date | None, high: date) -> tuple[str, list[date]]:
    """``low <= day < high`` (no lower bound without ``low``), as SQL and parameters."""
    if low is None:
        return "day < %s", [high]
    return "(day >= %s AND day < %s)", [low, high]


def _before(level: int, moment: date) -> tuple[str, list[date]]:
    """The rows of ``LEVELS[level]`` whose days, summed with the coarser levels', are the
    days before ``moment``: from the start of the coarser row holding ``moment`` on."""
    _model, first, _sql = LEVELS[level]
    return _days(LEVELS[level - 1][1](moment) if level else None, first(moment))


def _scope_sql(agencies: QuerySet | None, column: str = "agency_id") -> tuple[str, list]:
    if agencies is None:
        return "", []
    sql, params = agencies.query.sql_with_params()
    return f" AND {column} IN ({sql})", list(params)


def counter_rows(window: Window, keys: list[str], agencies: QuerySet | None) -> list[dict]:
    """The counters summed per ``keys`` (one query): the events of the period, from the
    coarsest rows its ends are firsts of, and the balances at its start and at
    ``until_day``, as report columns (``in_progress`` is within time + overdue)."""
    s, e, u = window.start, window.end, window.until_day
    events_level = next(
        level for level, (_m, first, _sql) in enumerate(LEVELS) if first(s) == s and first(e) == e
    )
    alias = router.db_for_read(RollupDay)
    adapt = connections[alias].ops.adapt_datefield_value
    scope, scope_params = _scope_sql(agencies)
    group = ", ".join(keys)
    parts, params = [], []
    for level, (model, _first, _sql) in enumerate(LEVELS):
        at_start, start_params = _before(level, s)
        at_until, until_params = _before(level, u)
        if level == events_level:
            events, event_params = "(since >= %s AND day >= %s AND day < %s)", [s, s, e]
        else:
            events, event_params = "1 = 0", []
        if event_params:
            columns = [f"SUM(CASE WHEN {events} THEN {n} ELSE 0 END) AS {n}" for n in FLOWS]
        else:  # the events are read from another level
            columns = [f"0 AS {n}" for n in FLOWS]
        columns_params = event_params * len(FLOWS)
        columns.append(f"SUM(CASE WHEN {at_start} THEN {OPENED_SQL} ELSE 0 END) AS carried_over")
        columns_params += start_params
        for name, sql in STATES_SQL.items():
            columns.append(f"SUM(CASE WHEN {at_until} THEN {sql} ELSE 0 END) AS {name}")
            columns_params += until_params
        parts.append(
            f"SELECT {group}, {', '.join(columns)} FROM {model._meta.db_table} "  # noqa: S608
            f"WHERE ({at_start} OR {at_until} OR {events}){scope} GROUP BY {group}"
        )
        params += columns_params + start_params + until_params + event_params + scope_params
    names = [*keys, *FLOWS, "carried_over", *STATES_SQL]
    with connections[alias].cursor() as cursor:
        cursor.execute(
            " UNION ALL ".join(parts),
            [adapt(p) if isinstance(p, date) else p for p in params],
        )
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


OPENED_SQL = "received_online + received_direct - closed"
STATES_SQL = {
    "in_progress": OPENED_SQL,
    "overdue": "overdue_in - overdue_out",
    "waiting_citizen": "waiting_in - waiting_out",
}
_CHANGED_SQL: dict[tuple, tuple[str, tuple]] = {}


def _changed_sql(alias: str) -> tuple[str, tuple]:
    """The facts held and the facts now of the changed dossiers (compiled once)."""
    key = (alias, settings.TIME_ZONE)
    if key not in _CHANGED_SQL:
        changed = RollupChange.objects.values("dossier_id")
        now_sql, now_params = fact_rows(
            Dossier.objects.filter(pk__in=changed)
        ).query.sql_with_params()
        held = ", ".join(FACT_FIELDS)
        _CHANGED_SQL[key] = (
            f"SELECT {held}, -1 AS sign FROM {RollupFact._meta.db_table} "  # noqa: S608
            f"WHERE dossier_id IN (SELECT dossier_id FROM {RollupChange._meta.db_table}) "
            f"UNION ALL SELECT *, 1 FROM ({now_sql}) AS current_facts",
            tuple(now_params),
        )
    return _CHANGED_SQL[key]


def changed_facts(agencies: QuerySet | None) -> tuple[list[Fact], list[Fact]]:
    """(facts held, facts now) of the dossiers changed since the last refresh (one query)."""
    alias = router.db_for_read(RollupFact)
    sql, params = _changed_sql(alias)
    scope, scope_params = _scope_sql(agencies)
    if scope:
        sql = f"SELECT * FROM ({sql}) AS changed WHERE 1 = 1{scope}"  # noqa: S608
    old, new = [], []
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, [*params, *scope_params])
        for row in cursor.fetchall():
            (new if row[-1] == 1 else old).append(_fact(row))
    return old, new


def entry_columns(day: date, since: date, name: str, window: Window) -> dict[str, int]:
    """What one entry adds to the report's columns in ``window`` (``counter_rows``' rule)."""
    found = {}
    if name in FLOWS:
        if since >= window.start and day < window.end:
            found[name] = 1
    if name in ("received_online", "received_direct", "closed"):
        sign = -1 if name == "closed" else 1
        if day < window.start:
            found["carried_over"] = sign
        if day < window.until_day:
            found["in_progress"] = sign
    for state in ("overdue", "waiting"):
        if name.startswith(state + "_"):
            if day < window.until_day:
                column = "overdue" if state == "overdue" else "waiting_citizen"
                found[column] = 1 if name.endswith("_in") else -1
    return found
