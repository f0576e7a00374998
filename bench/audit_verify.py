"""Audit chain verification over 1 million events on PostgreSQL, against reading them.

Builds dossiers with 10 events each (default 1,000,000 events), chained and signed as the
services sign them and loaded with COPY, then times ``audit_verify`` over all of them
against two baselines measured the same way in the same run: the same ordered rows merely
read through the same server-side cursor, and HMAC-SHA256 over the same bytes in a plain
loop. The verifier is timed in one process and with ``--jobs`` processes side by side
(what ``manage.py verify_audit`` uses: the number of cores, at most 4). Then it edits
one event in the middle as a database superuser would and checks that the verifier names
exactly that row. Prints the times, the ratios and whether the target
(≤ 5 s for 1 M events, scaled to the number asked for) is met.

    .venv/bin/python bench/audit_verify.py [--events 1000000] [--rounds 3] [--jobs N]
"""

import argparse
import hmac
import os
import time
from datetime import UTC, datetime, timedelta

from common import bench_database, median, record

DATABASE = "motcua_bench_audit"
PER_DOSSIER = 10
TARGET_S_PER_MILLION = 5.0
# A lifecycle's statuses, step by step (what the events say; the verifier checks hashes).
STATUSES = [None, 2, 3, 3, 3, 3, 4, 4, 4, 5, 5]
ACTIONS = [
    "receive",
    "transfer_to_agency",
    "assign",
    "forward",
    "forward",
    "approve",
    "return_result",
    "late_notice",
    "late_notice",
    "late_notice",
]
EVENT_COLUMNS = (
    "dossier_id, seq, action, at, actor_id, actor_name, from_status, to_status, from_step, "
    "to_step, from_agency_id, to_agency_id, note, payload, prev_hash, hash"
)


def template():
    """One dossier received through the services: the row the others are copied from."""
    from motcua.dossiers.tests.factories import build_world, received

    world = build_world()
    return received(world), world.clerk, world.desk, world.agency


def generate(events: int) -> int:
    """Load ``events`` events (10 per dossier) with COPY; returns the number of dossiers."""
    from django.db import connection

    from motcua.dossiers.audit import _sign, audit_key, event_content

    first, clerk, desk, agency = template()
    key, dossiers = audit_key(), events // PER_DOSSIER
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM dossiers_dossier WHERE id = %s", [first.pk])
        names = [c.name for c in cursor.description]
        base = dict(zip(names, cursor.fetchone(), strict=True))
        cursor.execute("SET session_replication_role = replica")  # no triggers, no FK checks
        columns = [n for n in names if n != "id"]
        start = datetime(2025, 1, 6, 2, tzinfo=UTC)
        with (
            cursor.cursor.copy(
                f"COPY dossiers_dossier (id, {', '.join(columns)}) FROM STDIN"
            ) as dossier_copy,
        ):
            chains = []
            for n in range(dossiers):
                code = f"000.00.01.H00-250106-{n:07d}"
                rows, prev = _chain(n, code, start, clerk, desk, agency, key, _sign, event_content)
                chains.append(rows)
                row = dict(base, code=code, revision=PER_DOSSIER, last_event_hash=rows[-1][-1])
                row.update(status=STATUSES[PER_DOSSIER], idempotency_key=None)
                dossier_copy.write_row([first.pk + 1 + n, *(row[c] for c in columns)])
        with cursor.cursor.copy(f"COPY dossiers_dossierevent ({EVENT_COLUMNS}) FROM STDIN") as copy:
            for n, rows in enumerate(chains):
                for row in rows:
                    copy.write_row([first.pk + 1 + n, *row])
        cursor.execute("SET session_replication_role = origin")
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('dossiers_dossier', 'id'), max(id)) "
            "FROM dossiers_dossier"
        )
        cursor.execute("ANALYZE")
    return dossiers + 1


def _chain(n, code, start, clerk, desk, agency, key, sign, content):
    """One dossier's 10 events, signed; every fifth carries a payload, some a note."""
    import json

    rows, prev = [], ""
    at = start + timedelta(minutes=7 * n)
    for seq in range(1, PER_DOSSIER + 1):
        at += timedelta(hours=3, microseconds=137 * seq)
        payload = {"lý do": f"Bổ sung lần {seq}", "ngày": 3} if seq % 5 == 0 else {}
        note = "Đã kiểm tra hồ sơ, đủ điều kiện." if seq % 3 == 0 else ""
        fields = dict(
            code=code,
            seq=seq,
            action=ACTIONS[seq - 1],
            at=at,
            actor=clerk.pk,
            actor_name=clerk.full_name,
            from_status=STATUSES[seq - 1],
            to_status=STATUSES[seq],
            from_step="Thẩm định" if seq > 1 else "",
            to_step="Thẩm định",
            from_agency=desk.pk if seq > 1 else None,
            to_agency=agency.pk,
            note=note,
            payload=payload,
        )
        signed = sign(prev, content(**fields), key)
        rows.append(
            [
                seq,
                fields["action"],
                at,
                clerk.pk,
                clerk.full_name,
                fields["from_status"],
                fields["to_status"],
                fields["from_step"],
                fields["to_step"],
                fields["from_agency"],
                agency.pk,
                note,
                json.dumps(payload, ensure_ascii=False),
                prev,
                signed,
            ]
        )
        prev = signed
    return rows, prev


def read_only(chunk: int = 5000) -> int:
    """The baseline: the verifier's own query, every row fetched, nothing computed."""
    from django.db import transaction

    from motcua.dossiers.audit import _joined_rows

    count = 0
    with transaction.atomic():
        for _row in _joined_rows(chunk, postgres=True):
            count += 1
    return count


def hmac_loop(events: int) -> None:
    """The other baseline: HMAC-SHA256 of a typical event's bytes, once per event."""
    message = ("a" * 64 + '{"action":"forward","actor":2,"note":"Đã kiểm tra"}' * 6).encode()
    key = b"k" * 50
    for _ in range(events):
        hmac.digest(key, message, "sha256").hex()


def seconds(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def tamper_check(dossiers: int) -> str:
    """Edit one event of the middle dossier as a superuser; the verifier must name it."""
    from django.db import connection, transaction

    from motcua.dossiers.audit import audit_verify

    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")  # past the trigger
            cursor.execute(
                "UPDATE dossiers_dossierevent SET note = 'sửa lén' WHERE seq = 4 AND "
                "dossier_id = (SELECT id FROM dossiers_dossier ORDER BY id OFFSET %s LIMIT 1) "
                "RETURNING (SELECT code FROM dossiers_dossier d WHERE d.id = dossier_id)",
                [dossiers // 2],
            )
            (code,) = cursor.fetchone()
        found = [(b.code, b.seq) for b in audit_verify()]
        transaction.set_rollback(True)
    return "named exactly" if found == [(code, 4)] else f"WRONG: {found[:3]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=min(os.cpu_count() or 1, 4))
    args = parser.parse_args()
    # The template dossier's notification goes nowhere (no mail server on a bench machine).
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    with bench_database(DATABASE):
        from motcua.dossiers.audit import audit_verify

        started = time.perf_counter()
        dossiers = generate(args.events)
        events = (dossiers - 1) * PER_DOSSIER + 1
        print(
            f"{events:,} events in {dossiers:,} dossiers, loaded in "
            f"{time.perf_counter() - started:.1f} s"
        )
        broken = list(audit_verify())
        assert broken == [], broken[:3]
        verify, alone, read, mac = [], [], [], []
        for _ in range(args.rounds):
            read.append(seconds(read_only))
            alone.append(seconds(lambda: list(audit_verify())))
            verify.append(seconds(lambda: list(audit_verify(jobs=args.jobs))))
            mac.append(seconds(lambda: hmac_loop(events)))
        tampered = tamper_check(dossiers)
        target = TARGET_S_PER_MILLION * events / 1_000_000
        v, a, r, m = median(verify), median(alone), median(read), median(mac)
        print(f"{'':<34} {'median s':>9} {'per event µs':>13}")
        for label, value in (
            (f"verify, {args.jobs} processes", v),
            ("verify, one process", a),
            ("read the same rows", r),
            ("HMAC of the same count", m),
        ):
            print(f"{label:<34} {value:>9.2f} {value / events * 1e6:>13.2f}")
        met = v <= target and tampered == "named exactly"
        print(
            f"ratio verify / read: {v / r:.2f}   verify / HMAC loop: {v / m:.2f}   "
            f"target ≤ {target:.2f} s: {'ok' if v <= target else 'MISSED'}   "
            f"one edited row: {tampered}"
        )
        record(
            "audit_verify",
            figure=(
                f"{events:,} events verified in {v:.2f} s by {args.jobs} processes "
                f"({a:.2f} s by one); edited row {tampered}"
            ),
            baseline=f"reading the same rows {r:.2f} s; HMAC loop {m:.2f} s",
            ratio=f"{v / r:.2f} × read",
            target=f"≤ {target:.1f} s",
            met=met,
        )


if __name__ == "__main__":
    main()
