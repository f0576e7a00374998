"""The periodic report over 10 million dossiers on PostgreSQL, against a raw aggregate.

Builds a database with the demo district's agencies, desks and procedures and N dossiers
(default 10,000,000) received on working days from January 2017 to yesterday, loaded with
COPY: every status, ~30 % online, results early, on time and late, returns, pauses,
withdrawals and stops. Builds the statistics rollup (``rollup_rebuild``, timed), checks
that the report read from it gives exactly the numbers of ``periodic_report_raw`` for
every case below and that their totals match plain SQL counts, then times
``periodic_report`` for the year 2025 with each grouping and for one commune, and for a
month, the year to date and an old year (2019), against a raw
``SELECT agency_id, count(*) … WHERE received_at < end GROUP BY agency_id`` over the same
rows measured the same way in the same run. Prints median and p95, the ratio to that
baseline, and the targets of QUALITY.md: p95 ≤ 200 ms for any period (a month ≤ 50 ms),
and ≤ 0.15 × the raw aggregate.

    .venv/bin/python bench/report.py [--rows 10000000] [--rounds 10] [--keep] [--explain]
        [--rebuild] [--database motcua_bench_report]

``--keep`` leaves the database in place and reuses it on the next run when it holds the
same number of rows (``BENCH_REPORT_ROWS`` sets the default row count); the rollup of a
kept database is reused too unless ``--rebuild``.
"""

import argparse
import io
import logging
import os
import random
import sys
import time
from bisect import bisect_left
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from common import ROOT, _admin, median, p95, record, timed

DATABASE = "motcua_bench_report"
TARGET_MS = 200  # any period, p95
TARGET_MONTH_MS = 50  # a month, p95
TARGET_RATIO = 0.15  # × the raw full-scan aggregate, median
SEED = 2025
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")  # the data is written with the +07 offset
FIRST_DAY = date(2017, 1, 1)
COLUMNS = (
    "code, revision, status, phase, status_changed_at, case_name, channel, content, "
    "applicant_kind, applicant_name, applicant_id_number, applicant_phone, applicant_email, "
    "applicant_address, representative_name, representative_id_number, submitted_at, "
    "received_at, due_at, original_due_at, paused_at, decided_at, returned_at, result, "
    "result_document, result_reason, return_method, returned_to, fee_amount, fee_receipt, "
    "lookup_secret, idempotency_key, last_event_hash, agency_id, citizen_id, desk_id, "
    "holder_id, holder_agency_id, procedure_version_id, current_step_id"
)
FAMILY = "Nguyễn Trần Lê Phạm Hoàng Ma Quan Lý Nông Triệu Đặng Vũ".split()
MIDDLE = "Văn Thị Đức Minh Thu Ngọc".split()
GIVEN = "An Bình Cường Dung Em Gấm Hà Hùng Lan Mai Nam Oanh Phúc Quang Sơn Tâm".split()
SECRET_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
GROUPINGS = ("level", "agency", "field", "procedure")


# --- the database -------------------------------------------------------------------------


def _generated_rows(name: str) -> int | None:
    """Rows recorded by a previous generation in database ``name``, if it exists."""
    import psycopg

    try:
        with psycopg.connect(f"postgres://postgres@127.0.0.1:5432/{name}") as conn:
            row = conn.execute("SELECT rows FROM bench_report_meta").fetchone()
    except psycopg.Error:
        return None
    return row[0] if row else None


@contextmanager
def report_database(name: str, *, rows: int, keep: bool) -> Iterator[bool]:
    """Point Django at ``name``; yield whether the dossiers must be generated.

    With ``keep``, a database generated earlier with the same row count is reused and the
    database is left in place at the end; otherwise it is created and dropped.
    """
    reuse = keep and _generated_rows(name) == rows
    if not reuse:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _admin(f'CREATE DATABASE "{name}"')
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{name}"
    os.environ.update(
        DEBUG="false",
        SECRET_KEY="bench-" * 10,
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="false",
        TIME_ZONE="Asia/Ho_Chi_Minh",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # also applies new indexes to a kept database
    try:
        yield not reuse
    finally:
        from django.db import connections

        connections.close_all()
        if not keep:
            _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- the data -----------------------------------------------------------------------------


def _offerings(rng: random.Random) -> tuple[list[tuple], list[float]]:
    """(version, agency, desk, desk identifier, limit in working days, fee) and weights."""
    from motcua.catalog.enums import TimeUnit
    from motcua.catalog.models import Offering
    from motcua.organization.enums import RECEPTION_KINDS
    from motcua.organization.models import Agency

    desks = {a.unit_id: a for a in Agency.objects.filter(kind__in=RECEPTION_KINDS)}
    found = (
        Offering.objects.filter(is_active=True, procedure__current_version__isnull=False)
        .select_related("agency__unit", "procedure__current_version")
        .order_by("agency_id", "procedure__code")
    )
    by_agency: dict = {}
    for offering in found:
        by_agency.setdefault(offering.agency, []).append(offering)
    # Communes and towns receive most dossiers (civil status, certifications), the
    # district's agencies the rest (land, business, construction).
    local = [a for a in by_agency if a.unit.parent_id and a.unit.level != "district"]
    district = [a for a in by_agency if a not in local]
    share = {a: 0.62 / len(local) * rng.uniform(0.6, 1.4) for a in local}
    share.update({a: 0.38 / len(district) * rng.uniform(0.5, 1.5) for a in district})
    rows, weights = [], []
    for agency, offerings in by_agency.items():
        unit = agency.unit
        desk = desks.get(unit.pk) or desks.get(unit.parent_id) or agency
        ranks = sum(1 / (r + 1) for r in range(len(offerings)))
        for rank, offering in enumerate(offerings):
            version = offering.procedure.current_version
            amount = int(version.time_amount)
            limit = {
                TimeUnit.WORKING_DAYS: amount,
                TimeUnit.CALENDAR_DAYS: amount * 5 // 7,
            }.get(version.time_unit, 0)
            fee = rng.choice([0, 0, 0, 10_000, 20_000, 50_000, 100_000])
            rows.append((version.pk, agency.pk, desk.pk, desk.identifier, min(limit, 30), fee))
            weights.append(share[agency] / (rank + 1) / ranks)
    return rows, weights


class _Rows:
    """The COPY text of the dossiers received on a range of working days, oldest first."""

    def __init__(self, count: int, offerings: list, weights: list, now: datetime, seed: int):
        rng = random.Random(seed)
        today = now.astimezone(ZONE).date()
        days, day = [], FIRST_DAY
        while day < today + timedelta(days=500):
            if day.weekday() < 5:
                days.append(day)
            day += timedelta(days=1)
        self.day_s = [d.strftime("%Y-%m-%d ") for d in days]
        self.ymd_s = [d.strftime("%y%m%d") for d in days]
        self.today_pos = bisect_left(days, today)  # events from here on have not happened
        hours = [(7, 30, 11, 30), (13, 30, 17, 0)]
        self.minutes = [
            f"{m // 60:02d}:{m % 60:02d}:00+07"
            for h1, m1, h2, m2 in hours
            for m in range(h1 * 60 + m1, h2 * 60 + m2)
        ]
        self.any_minute = [f"{m // 60:02d}:{m % 60:02d}:00+07" for m in range(6 * 60, 23 * 60)]
        self.names = [f"{f} {m} {g}" for f in FAMILY for m in MIDDLE for g in GIVEN]
        self.ids = [f"{rng.randrange(10**11, 10**12):012d}" for _ in range(50_000)]
        self.phones = [f"09{rng.randrange(10**8):08d}" for _ in range(50_000)]
        self.secrets = ["".join(rng.choices(SECRET_ALPHABET, k=8)) for _ in range(50_000)]
        self.addresses = [f"Thôn {k}, huyện Nà Hang, tỉnh Tuyên Quang" for k in range(1, 40)]
        # More dossiers in recent years, ±20 % from day to day; exactly ``count`` in all.
        last = self.today_pos
        day_weight = [(1 + 0.6 * p / last) * rng.uniform(0.8, 1.2) for p in range(last)]
        scale = count / sum(day_weight)
        cum, made, self.per_day = 0.0, 0, []
        for w in day_weight:
            cum += w * scale
            self.per_day.append(round(cum) - made)
            made += self.per_day[-1]
        self.cum_weights, total = [], 0.0
        for w in weights:
            total += w
            self.cum_weights.append(total)
        self.offerings, self.seed = offerings, seed

    def text(self, first: int, last: int) -> str:
        """The rows received on working days ``first`` to ``last - 1``."""
        rng = random.Random(self.seed * 1_000_000 + first)
        rand, choices, bits = rng.random, rng.choices, rng.getrandbits

        def randrange(n: int) -> int:  # rng.randrange is several times slower
            return int(rand() * n)

        day_s, ymd_s, today_pos, offerings = self.day_s, self.ymd_s, self.today_pos, self.offerings
        minutes, any_minute, names = self.minutes, self.any_minute, self.names
        ids, phones, secrets, addresses = self.ids, self.phones, self.secrets, self.addresses
        picks_from, cum_weights = range(len(offerings)), self.cum_weights
        nm, nam, nn = len(minutes), len(any_minute), len(names)
        N = "\\N"
        lines = []
        for pos in range(first, last):
            d_s, ymd, seq = day_s[pos], ymd_s[pos], {}
            fresh = today_pos - pos  # working days since reception
            for oi in choices(picks_from, cum_weights=cum_weights, k=self.per_day[pos]):
                version, agency, desk, desk_id, limit, fee = offerings[oi]
                s = seq[desk] = seq.get(desk, 0) + 1
                code = f"{desk_id}-{ymd}-{s:05d}"  # 5 digits: never a demo code
                m = minutes[randrange(nm)]
                received = d_s + m
                r = rand()
                if r < 0.30:
                    channel = "online"
                    submitted = day_s[pos - 1] + any_minute[randrange(nam)] if pos else received
                else:
                    channel, submitted = ("post" if r < 0.34 else "desk"), N
                due = day_s[pos + limit] + (m if limit else "17:00:00+07")
                paused = decided = returned = N
                phase = result = ""
                document = reason = method = returned_to = ""
                holder, changed, revision = N, received, 1
                u = rand()
                if channel == "online" and fresh == 1 and u < 0.2:
                    status, received, due, changed = 1, N, N, submitted  # not received yet
                elif u < 0.008:
                    status, received, due = 3, N, N  # refused at the desk, never received
                elif u < 0.038 and (e := pos + randrange(limit + 1)) < today_pos:
                    status, changed, revision = 7, day_s[e] + minutes[randrange(nm)], 3
                elif 0.038 <= u < 0.048 and (e := pos + randrange(limit + 1)) < today_pos:
                    status, changed, revision = 8, day_s[e] + minutes[randrange(nm)], 4
                else:
                    if u < 0.051:
                        done = None  # forgotten: still open years later
                    else:
                        w = rand()
                        if w < 0.55 and limit:
                            spent = randrange(limit)  # early
                        elif w < 0.85:
                            spent = limit  # on the due day
                        else:
                            spent = limit + 1 + randrange(10)  # late
                        done = pos + spent
                    if done is None or done >= today_pos:
                        holder, revision = agency, 2 + randrange(3)
                        status = 2 if fresh == 1 and rand() < 0.3 else 4
                        if rand() < 0.1:
                            p = min(pos + randrange(limit + 1), today_pos - 1)
                            paused = changed = day_s[p] + minutes[randrange(nm)]
                            status = 5 if rand() < 0.75 else 6
                            phase = "processing" if status == 5 else ""
                    else:
                        decided = changed = day_s[done] + minutes[randrange(nm)]
                        revision = 5 + randrange(3)
                        if rand() < 0.97:
                            result, document = "approved", f"{1 + randrange(9998)}/GCN"
                        else:
                            result, reason = "denied", "Không đủ điều kiện theo quy định."
                        back = done + 1 + randrange(3)
                        if back < today_pos and rand() < 0.98:
                            status, revision = 10, revision + 1
                            returned = changed = day_s[back] + minutes[randrange(nm)]
                            method = "online" if channel == "online" else "desk"
                            returned_to = "Người nộp hồ sơ"
                        else:
                            status = 9
                name = names[randrange(nn)]
                k = randrange(50_000)
                lines.append(
                    f"{code}\t{revision}\t{status}\t{phase}\t{changed}\t\t{channel}\t\t"
                    f"person\t{name}\t{ids[k]}\t{phones[k]}\t\t{addresses[k % 39]}\t\t\t"
                    f"{submitted}\t{received}\t{due}\t{N}\t{paused}\t{decided}\t{returned}\t"
                    f"{result}\t{document}\t{reason}\t{method}\t{returned_to}\t{fee}\t\t"
                    f"{secrets[k]}\t{N}\t{bits(256):064x}\t{agency}\t{N}\t{desk}\t{N}\t{holder}\t"
                    f"{version}\t{N}\n"
                )
        return "".join(lines)


def _build(statements: list[str], url: str) -> None:
    """Run the index builds on two connections at once (one per core)."""
    import psycopg

    def run(statement: str) -> None:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("SET maintenance_work_mem = '1GB'")
            conn.execute(statement)

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(run, statements))


def generate(rows: int, now: datetime) -> float:
    """Load the demo, COPY ``rows`` dossiers, build the indexes, ANALYZE; seconds taken."""
    from django.core.management import call_command
    from django.db import connection, transaction
    from psycopg.copy import QueuedLibpqWriter

    started = time.perf_counter()
    logging.disable(logging.INFO)  # the demo's text messages are logged
    call_command("load_demo", force=True, stdout=io.StringIO())
    logging.disable(logging.NOTSET)
    offerings, weights = _offerings(random.Random(1))
    plan = _Rows(rows, offerings, weights, now, SEED)
    chunks = [(d, min(d + 10, plan.today_pos)) for d in range(0, plan.today_pos, 10)]
    with transaction.atomic(), connection.connection.cursor() as cursor:
        # Emptied in this transaction, so COPY can write the rows frozen and all-visible
        # (no VACUUM needed before index-only scans). The demo's few dossiers go.
        cursor.execute("TRUNCATE dossiers_dossier CASCADE")
        # Indexes and unique constraints are built once after the load, not row by row.
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'dossiers_dossier'::regclass AND contype = 'u'"
        )
        uniques = cursor.fetchall()
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes i WHERE tablename = 'dossiers_dossier' "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)"
        )
        indexes = cursor.fetchall()
        for name, _ in uniques:
            cursor.execute(f'ALTER TABLE dossiers_dossier DROP CONSTRAINT "{name}"')
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        # The rows reference existing agencies and versions: no per-row FK trigger.
        cursor.execute("SET LOCAL session_replication_role = replica")
        done, reported = 0, 0
        sql = f"COPY dossiers_dossier ({COLUMNS}) FROM STDIN (FREEZE)"
        # The writer thread sends a chunk while the next one is made.
        with cursor.copy(sql, writer=QueuedLibpqWriter(cursor)) as copy:
            for first, last in chunks:
                copy.write(plan.text(first, last))
                done += sum(plan.per_day[first:last])
                if done - reported >= 1_000_000:
                    reported = done
                    elapsed = time.perf_counter() - started
                    print(f"  {done:>11,} rows  {elapsed:6.0f} s", file=sys.stderr)
    loaded = time.perf_counter() - started
    statements = [
        f'ALTER TABLE dossiers_dossier ADD CONSTRAINT "{name}" {definition}'
        for name, definition in uniques
    ] + [definition for _, definition in indexes]
    _build(statements, os.environ["DATABASE_URL"])
    indexed = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE dossiers_dossier")
        seconds = time.perf_counter() - started
        cursor.execute("CREATE TABLE bench_report_meta (rows bigint, seconds float)")
        cursor.execute("INSERT INTO bench_report_meta VALUES (%s, %s)", [rows, seconds])
    print(
        f"generated {rows:,} dossiers in {seconds:.0f} s: demo + COPY {loaded:.0f} s, "
        f"{len(statements)} indexes {indexed - loaded:.0f} s, ANALYZE {seconds - indexed:.0f} s"
    )
    return seconds


# --- the measurements ---------------------------------------------------------------------


def _raw_count(end: datetime):
    from django.db import connection

    def run():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT agency_id, count(*) FROM dossiers_dossier WHERE received_at < %s "
                "GROUP BY agency_id",
                [end],
            )
            return cursor.fetchall()

    return run


RAW_TOTALS = """
SELECT
  count(*) FILTER (WHERE received_at < %(start)s AND (closed IS NULL OR closed >= %(start)s)),
  count(*) FILTER (WHERE received_at >= %(start)s AND received_at < %(end)s),
  count(*) FILTER (WHERE decided_at >= %(start)s AND decided_at < %(end)s),
  count(*) FILTER (WHERE decided_at >= %(start)s AND decided_at < %(end)s AND decided < due),
  count(*) FILTER (WHERE decided_at >= %(start)s AND decided_at < %(end)s AND decided = due),
  count(*) FILTER (WHERE decided_at >= %(start)s AND decided_at < %(end)s AND decided > due)
FROM (
  SELECT received_at, decided_at,
    COALESCE(decided_at, CASE WHEN status IN (7, 8) THEN status_changed_at END) AS closed,
    (decided_at AT TIME ZONE %(zone)s)::date AS decided, (due_at AT TIME ZONE %(zone)s)::date AS due
  FROM dossiers_dossier
) AS d
"""
CHECKED = ("carried_over", "received", "resolved", "early", "on_time", "late")


def _raw_totals(start: datetime, end: datetime) -> dict[str, int]:
    """The same columns counted by hand over every row, to compare with the report."""
    from django.conf import settings
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(RAW_TOTALS, {"start": start, "end": end, "zone": settings.TIME_ZONE})
        return dict(zip(CHECKED, cursor.fetchone(), strict=True))


def _rollup_sql(start: datetime, end: datetime, at: datetime, by: str) -> str:
    """The query ``periodic_report`` sends to the counters (parameters inlined)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from motcua.reports.periodic import periodic_report

    with CaptureQueriesContext(connection) as captured:
        periodic_report(start=start, end=end, at=at, by=by)
    (sql,) = [q["sql"] for q in captured.captured_queries if "reports_rollupmonth" in q["sql"]]
    return sql


def _plan(sql: str, options: str) -> list[str]:
    """EXPLAIN of ``sql`` as the report runs it (without JIT)."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(f"EXPLAIN ({options}) {sql}")
        return [line for (line,) in cursor.fetchall()]


def build_rollup(rebuild: bool) -> None:
    """Build the counters from the COPYed rows (they have no change listed), timed."""
    from django.db import connection

    from motcua.reports.models import RollupDay, RollupFact
    from motcua.reports.rollup import rollup_rebuild

    if not rebuild and RollupFact.objects.exists():
        print("reusing the rollup built earlier (--rebuild to build it again)")
    else:
        started = time.perf_counter()
        facts = rollup_rebuild()
        seconds = time.perf_counter() - started
        print(f"rollup built in {seconds:.1f} s: {facts:,} dossier facts")
    with connection.cursor() as cursor:
        sizes = []
        for model in ("rollupfact", "rollupday", "rollupmonth", "rollupyear"):
            cursor.execute(
                f"SELECT count(*), pg_size_pretty(pg_total_relation_size('reports_{model}')) "  # noqa: S608
                f"FROM reports_{model}"
            )
            count, size = cursor.fetchone()
            sizes.append(f"{model} {count:,} rows {size}")
    print("rollup: " + ", ".join(sizes))
    assert RollupDay.objects.exists()


def _shape(report) -> list:
    return [report.total.as_dict()] + [
        (g.tier, g.counts.as_dict(), [(r.key, r.counts.as_dict()) for r in g.rows])
        for g in report.groups
    ]


def measure(rounds: int, explain: bool) -> None:
    from django.db import connection
    from django.utils import timezone

    from motcua.organization.models import AdministrativeUnit
    from motcua.reports.periodic import periodic_report, periodic_report_raw

    at = timezone.now()
    start, end = datetime(2025, 1, 1, tzinfo=ZONE), datetime(2026, 1, 1, tzinfo=ZONE)
    month = datetime(2025, 6, 1, tzinfo=ZONE), datetime(2025, 7, 1, tzinfo=ZONE)
    old_year = datetime(2019, 1, 1, tzinfo=ZONE), datetime(2020, 1, 1, tzinfo=ZONE)
    this_year = datetime(at.astimezone(ZONE).year, 1, 1, tzinfo=ZONE)
    to_date = this_year, this_year.replace(year=this_year.year + 1)
    commune = AdministrativeUnit.objects.filter(level="commune").order_by("code").first()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM dossiers_dossier")
        (stored,) = cursor.fetchone()
        cursor.execute("SELECT pg_size_pretty(pg_table_size('dossiers_dossier'))")
        (size,) = cursor.fetchone()

    reports = [
        *[(f"report 2025 by {by}", dict(start=start, end=end, by=by)) for by in GROUPINGS],
        (
            f"report 2025 by agency, {commune.name}",
            dict(start=start, end=end, by="agency", unit=commune),
        ),
        ("report June 2025 by level", dict(start=month[0], end=month[1], by="level")),
        (
            f"report {this_year.year} to date by level",
            dict(start=to_date[0], end=to_date[1], by="level"),
        ),
        (
            f"report {this_year.year} to date by procedure",
            dict(start=to_date[0], end=to_date[1], by="procedure"),
        ),
        ("report 2019 by level", dict(start=old_year[0], end=old_year[1], by="level")),
    ]
    print(f"\nperiodic report over {stored:,} dossiers ({size}), {rounds} warm rounds each")
    # The same numbers as the report counted over the rows, for every case.
    differ = []
    started = time.perf_counter()
    for label, args in reports:
        if _shape(periodic_report(at=at, **args)) != _shape(periodic_report_raw(at=at, **args)):
            differ.append(label)
    print(
        f"rollup vs rows, {len(reports)} reports compared column by column, row by row "
        f"({time.perf_counter() - started:.0f} s): "
        + ("same" if not differ else "DIFFERENT: " + "; ".join(differ))
    )
    total = periodic_report(start=start, end=end, at=at, by="level").total
    raw = _raw_totals(start, end)
    found = {name: getattr(total, name) for name in CHECKED}
    print(
        "2025 totals, report vs plain SQL: "
        + ", ".join(f"{name} {found[name]:,}" for name in CHECKED)
        + (": same" if found == raw else f": DIFFERENT from {raw}")
    )
    sql = _rollup_sql(start, end, at, "level")
    scans = [line.strip(" ->") for line in _plan(sql, "COSTS OFF") if "Scan" in line]
    print("how the 2025 report reads the counters: " + "; ".join(scans))
    if explain:
        print("\n".join(_plan(sql, "ANALYZE, BUFFERS")))
        to_date_sql = _rollup_sql(*to_date, at, "level")
        print("\n".join(_plan(to_date_sql, "ANALYZE, BUFFERS")))

    def report(args):
        return lambda: periodic_report(at=at, **args)

    cases = [("raw count by agency, received < 2026 (baseline)", _raw_count(end))]
    cases += [(label, report(args)) for label, args in reports]
    cases.append(
        (
            "rows: report 2025 by level, periodic_report_raw",
            lambda: periodic_report_raw(at=at, start=start, end=end, by="level"),
        )
    )
    results = [(label, timed(fn, rounds)) for label, fn in cases]
    base = median(results[0][1])
    width = max(len(label) for label, _ in results)
    print(
        f"{'query':<{width}} {'median ms':>10} {'p95 ms':>8} {'÷ baseline':>11} {'target p95':>11}"
    )
    missed = []
    for label, samples in results:
        target = ""
        if label.startswith("report"):
            limit = TARGET_MONTH_MS if "June" in label else TARGET_MS
            ratio = median(samples) / base
            ok = p95(samples) <= limit and ratio <= TARGET_RATIO
            target = f"≤ {limit} ms {'met' if ok else 'MISSED'}"
            if not ok:
                missed.append(label)
        print(
            f"{label:<{width}} {median(samples):>10.1f} {p95(samples):>8.1f} "
            f"{median(samples) / base:>11.2f} {target:>11}"
        )
    verdict = "met" if not missed else "MISSED: " + "; ".join(missed)
    print(
        f"target: p95 ≤ {TARGET_MS} ms for any period, ≤ {TARGET_MONTH_MS} ms for a month, "
        f"median ≤ {TARGET_RATIO} × baseline: {verdict}"
    )
    timed_reports = [(label, s) for label, s in results if label.startswith("report")]
    months = [(label, s) for label, s in timed_reports if "June" in label]
    others = [(label, s) for label, s in timed_reports if "June" not in label]
    same = not differ and found == raw
    for key, group, limit in (
        ("report", others, TARGET_MS),
        ("report_month", months, TARGET_MONTH_MS),
    ):
        label, worst = max(group, key=lambda item: p95(item[1]))
        record(
            key,
            figure=f"{stored:,} dossiers, slowest of {len(group)}: {label} p95 "
            f"{p95(worst):.0f} ms; numbers {'identical to' if same else 'DIFFERENT from'} the rows",
            baseline=f"raw full-scan aggregate {base:.0f} ms",
            ratio=f"{median(worst) / base:.3f}",
            target=f"p95 ≤ {limit} ms; ≤ {TARGET_RATIO} × baseline; identical numbers",
            met=same and all(label not in missed for label, _ in group),
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rows", type=int, default=int(os.environ.get("BENCH_REPORT_ROWS", "10000000"))
    )
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument(
        "--keep", action="store_true", help="keep the database and reuse it on the next run"
    )
    parser.add_argument(
        "--explain", action="store_true", help="print the plans of the yearly report"
    )
    parser.add_argument(
        "--rebuild", action="store_true", help="build the rollup again on a kept database"
    )
    parser.add_argument("--database", default=DATABASE, help=f"database name ({DATABASE})")
    args = parser.parse_args()
    with report_database(args.database, rows=args.rows, keep=args.keep) as fresh:
        from django.utils import timezone

        if fresh:
            generate(args.rows, timezone.now())
        else:
            print(f"reusing {args.database} with {args.rows:,} dossiers (--keep)")
        build_rollup(fresh or args.rebuild)
        measure(args.rounds, args.explain)


if __name__ == "__main__":
    main()
