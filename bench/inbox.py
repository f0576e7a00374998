"""The agency inbox with 100,000 open dossiers on PostgreSQL, against a trivial staff page.

Prints the median and p95 server time of the inbox (first page, most urgent first, with
counts), the same-run time of the staff home page, their ratio, the target (< 300 ms), and
the inbox's query count with 20 dossiers and with the full set (it must not grow).

    .venv/bin/python bench/inbox.py [--dossiers 100000] [--rounds 20]
"""

import argparse
import random
from datetime import timedelta

from common import bench_database, median, p95, record, timed


def world():
    from motcua.accounts.enums import Role
    from motcua.accounts.services import user_create
    from motcua.catalog.tests.factories import procedure_data, publish
    from motcua.organization.enums import AgencyKind, UnitLevel
    from motcua.organization.services import agency_upsert, unit_upsert

    unit = unit_upsert(
        code="B1", name="Huyện Thử", level=UnitLevel.DISTRICT, identifier="000.00.01.H00"
    )
    desk = agency_upsert(
        identifier="000.19.01.H00", unit=unit, name="Một cửa", kind=AgencyKind.ONE_STOP_DESK
    )
    agency = agency_upsert(
        identifier="000.03.01.H00", unit=unit, name="Phòng Tư pháp", kind=AgencyKind.SPECIALISED
    )
    (procedure,) = publish(procedure_data())
    head = user_create(
        username="head", password="bench-password-1", role=Role.AGENCY_HEAD, agency=agency
    )
    return desk, agency, procedure.current_version, head


def fill(count: int, desk, agency, version, *, start: int = 0) -> None:
    from django.utils import timezone

    from motcua.dossiers.enums import DossierStatus
    from motcua.dossiers.models import Dossier

    rng = random.Random(start)
    now = timezone.now()
    batch = []
    for i in range(start, start + count):
        received = now - timedelta(days=rng.randint(0, 60), minutes=rng.randint(0, 600))
        batch.append(
            Dossier(
                code=f"{desk.identifier}-B-{i:07d}",
                revision=1,
                status=DossierStatus.PROCESSING,
                status_changed_at=received,
                procedure_version=version,
                channel="desk",
                desk=desk,
                agency=agency,
                holder_agency=agency,
                applicant_kind="person",
                applicant_name=f"Người nộp {i}",
                received_at=received,
                due_at=received + timedelta(days=rng.randint(1, 20)),
                lookup_secret="BENCH123",
            )
        )
        if len(batch) == 5000:
            Dossier.objects.bulk_create(batch)
            batch = []
    Dossier.objects.bulk_create(batch)


def queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    with bench_database("motcua_bench_inbox"):
        from django.db import connection
        from django.test import Client

        desk, agency, version, head = world()
        client = Client()
        client.force_login(head)
        fill(20, desk, agency, version)
        client.get("/staff/ho-so/")  # the first request of a session does a little more
        small = queries(client, "/staff/ho-so/")
        fill(args.dossiers - 20, desk, agency, version, start=20)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        large = queries(client, "/staff/ho-so/")
        base = timed(lambda: client.get("/staff/"), args.rounds)
        inbox = timed(lambda: client.get("/staff/ho-so/"), args.rounds)
        print(f"agency inbox with {args.dossiers} open dossiers, {args.rounds} rounds")
        print(f"{'page':<14} {'median ms':>10} {'p95 ms':>8}")
        print(f"{'staff home':<14} {median(base):>10.2f} {p95(base):>8.2f}")
        print(f"{'inbox':<14} {median(inbox):>10.2f} {p95(inbox):>8.2f}")
        verdict = "ok" if p95(inbox) < 300 else "MISSED"
        print(
            f"ratio inbox / staff home: {median(inbox) / median(base):.1f}   "
            f"target p95 < 300 ms: {verdict}"
        )
        growth = "ok" if small == large else "GROWS WITH DATA"
        print(
            f"queries per inbox page: {small} with 20 dossiers, {large} with "
            f"{args.dossiers}: {growth}"
        )
        record(
            "inbox",
            figure=f"{args.dossiers:,} open: p95 {p95(inbox):.0f} ms; {large} queries "
            f"({small} with 20)",
            baseline=f"staff home median {median(base):.1f} ms",
            ratio=f"{median(inbox) / median(base):.1f}",
            target="≤ 300 ms; queries independent of data",
            met=p95(inbox) < 300 and small == large,
        )


if __name__ == "__main__":
    main()
