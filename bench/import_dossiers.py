"""Bulk import of historical dossiers on PostgreSQL, against ``psql \\copy`` of the same rows.

In a throw-away database with the demo district's agencies and procedures, makes once a
CSV file of N finished dossiers (default 500,000) in the import format (docs/import.md)
and the same rows as the dossier table stores them. Then times (a) ``psql \\copy`` of
those rows straight into the dossier table, the floor; (b) the import service on the CSV
(read, check every row, COPY into a temporary table, one INSERT … ON CONFLICT) into the
same table emptied of them again; (c) the import of the same file once more, which must
add 0 rows. Prints rows/s, the ratio (b)/(a) and the targets (≥ 50,000 rows/s,
≥ 0.33 × \\copy, re-run adds 0). Stops after ``--limit`` seconds; drops its database.

    .venv/bin/python bench/import_dossiers.py [--rows 500000] [--limit 1800]
"""

import argparse
import io
import logging
import os
import random
import signal
import subprocess
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from common import bench_database, record

DATABASE = "motcua_bench_import"
TARGET_RATE = 50_000
TARGET_RATIO = 0.33
HEADER = [
    "code", "procedure", "agency", "desk", "channel", "applicant_name", "applicant_id_number",
    "applicant_phone", "applicant_address", "status", "received_at", "due_at", "decided_at",
    "result", "result_document", "returned_at", "returned_to", "ended_at", "fee_amount",
    "lookup_secret",
]  # fmt: skip
NAMES = [
    f"{f} {m} {g}"
    for f in "Nguyễn Trần Lê Phạm Hoàng Ma Quan Lý Nông Triệu".split()
    for m in "Văn Thị Đức Minh Thu".split()
    for g in "An Bình Cường Dung Hà Hùng Lan Mai Nam Sơn".split()
]
SECRET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def offerings() -> list[tuple]:
    """(procedure code, version, its name, agency, desk, limit in days) of the demo."""
    from motcua.catalog.models import Offering
    from motcua.organization.enums import RECEPTION_KINDS
    from motcua.organization.models import Agency

    desks = {}
    for desk in Agency.objects.filter(kind__in=RECEPTION_KINDS, is_active=True).order_by("pk"):
        desks.setdefault(desk.unit_id, desk)
    found = Offering.objects.filter(procedure__current_version__isnull=False).select_related(
        "agency", "procedure__current_version"
    )
    rows = []
    for offering in found.order_by("pk"):
        agency, version = offering.agency, offering.procedure.current_version
        desk = agency if agency.kind in RECEPTION_KINDS else desks.get(agency.unit_id)
        if desk is not None:
            limit = max(1, min(int(version.time_amount), 30))
            rows.append((offering.procedure.code, version, agency, desk, limit))
    return rows


def _moment(day: date, minute: int) -> tuple[str, str]:
    """The same instant as the CSV writes it and as COPY reads it."""
    hh, mm = divmod(minute, 60)
    return f"{day:%d/%m/%Y} {hh:02d}:{mm:02d}", f"{day:%Y-%m-%d} {hh:02d}:{mm:02d}:00+07"


def generate(count: int, folder: Path) -> tuple[Path, Path, str]:
    """The import CSV, the same rows as COPY text, and the dossier columns of that text."""
    from motcua.dossiers.services.import_rows import FIELDS

    rng = random.Random(2026)
    choices = offerings()
    days, day = [], date(2019, 1, 1)
    while day < date(2026, 3, 1):
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    last = len(days) - 60
    seq: dict[tuple, int] = {}
    csv_lines, copy_lines = [",".join(HEADER)], []
    N = "\\N"
    for _ in range(count):
        code, version, agency, desk, limit = choices[int(rng.random() * len(choices))]
        pos = int(rng.random() * last)
        day = days[pos]
        key = (desk.pk, pos)
        seq[key] = seq.get(key, 0) + 1
        number = f"{desk.identifier}-{day:%y%m%d}-{seq[key]:05d}"
        minute = 450 + int(rng.random() * 480)
        received = _moment(day, minute)
        due = _moment(days[pos + limit], 1020)
        u = rng.random()
        status = 10 if u < 0.8 else 9 if u < 0.86 else 7 if u < 0.91 else 8 if u < 0.95 else 3
        decided = returned = ended = ("", N)
        result = document = returned_to = ""
        if status in (9, 10):
            spent = int(rng.random() * (limit + 4))
            decided = _moment(days[pos + spent], minute + 10 + int(rng.random() * 50))
            result, document = "approved", f"{1 + int(rng.random() * 9998)}/GCN"
            if status == 10:
                returned = _moment(days[pos + spent + 1 + int(rng.random() * 3)], 1000)
                returned_to = "Người nộp hồ sơ"
        elif status in (7, 8):
            ended = _moment(days[pos + 1 + int(rng.random() * limit)], 960)
        changed = {10: returned, 9: decided, 7: ended, 8: ended, 3: received}[status][1]
        name = NAMES[int(rng.random() * len(NAMES))]
        id_number = f"0{int(rng.random() * 10**11):011d}"
        phone = f"09{int(rng.random() * 10**8):08d}"
        address = f"Thôn {1 + int(rng.random() * 30)}, huyện Nà Hang"
        channel = "online" if rng.random() < 0.3 else "desk"
        fee = rng.choice([0, 0, 0, 10000, 50000])
        secret = "".join(rng.choices(SECRET, k=8)) if rng.random() < 0.5 else ""
        csv_lines.append(
            f"{number},{code},{agency.identifier},{desk.identifier},{channel},{name},"
            f'{id_number},{phone},"{address}",{status},{received[0]},'
            f"{due[0] if status != 3 else ''},{decided[0]},{result},{document},{returned[0]},"
            f"{returned_to},{ended[0]},{fee},{secret}"
        )
        values = {
            "code": number, "status": status, "status_changed_at": changed,
            "procedure_version_id": version.pk, "case_name": "", "channel": channel,
            "desk_id": desk.pk, "agency_id": agency.pk, "content": version.name,
            "applicant_kind": "person", "applicant_name": name,
            "applicant_id_number": id_number, "applicant_phone": phone, "applicant_email": "",
            "applicant_address": address, "representative_name": "",
            "representative_id_number": "", "submitted_at": N,
            "received_at": N if status == 3 else received[1],
            "due_at": N if status == 3 else due[1], "decided_at": decided[1],
            "returned_at": returned[1], "holder_agency_id": desk.pk if status == 9 else N,
            "result": result, "result_document": document, "result_reason": "",
            "return_method": "desk" if status == 10 else "", "returned_to": returned_to,
            "fee_amount": fee, "fee_receipt": "", "lookup_secret": secret,
        }  # fmt: skip
        copy_lines.append("\t".join(str(values[f]) for f in FIELDS) + "\t0\t\t\n")
    csv_path, copy_path = folder / "dossiers.csv", folder / "dossiers.tsv"
    csv_path.write_text("\n".join(csv_lines) + "\n", encoding="utf-8")
    copy_path.write_text("".join(copy_lines), encoding="utf-8")
    return csv_path, copy_path, ", ".join([*FIELDS, "revision", "phase", "last_event_hash"])


def _sql(statement: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement)


def _stored() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM dossiers_dossier WHERE revision = 0")
        return cursor.fetchone()[0]


def psql_copy(path: Path, columns: str) -> float:
    started = time.perf_counter()
    subprocess.run(  # noqa: S603 — fixed arguments
        ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", os.environ["DATABASE_URL"], "-c",
         f"\\copy dossiers_dossier ({columns}) FROM '{path}'"],
        check=True,
    )  # fmt: skip
    return time.perf_counter() - started


def import_file(path: Path):
    from motcua.dossiers.services.importing import ImportRejected, dossier_import

    started = time.perf_counter()
    try:
        result = dossier_import(raw=path.read_bytes(), file_name=path.name)
    except ImportRejected as exc:
        for error in exc.errors[:10]:
            print(f"  row {error.row} · {error.field}: {error.reason}")
        raise
    return time.perf_counter() - started, result


def check_only(path: Path) -> float:
    """Reading and checking the rows alone: the part that is not the database's."""
    from django.utils import timezone

    from motcua.dossiers.services.import_lookup import Known
    from motcua.dossiers.services.importing import Cleaned, read_sheet

    started = time.perf_counter()
    cleaned = Cleaned(read_sheet(name=path.name, raw=path.read_bytes()), Known(), timezone.now())
    list(cleaned)
    cleaned.finish()
    return time.perf_counter() - started


def _expired(signum, frame):
    raise TimeoutError("the benchmark ran out of time (--limit)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=500_000)
    parser.add_argument("--limit", type=int, default=1800, help="seconds before giving up")
    args = parser.parse_args()
    signal.signal(signal.SIGALRM, _expired)
    signal.alarm(args.limit)
    with bench_database(DATABASE), tempfile.TemporaryDirectory() as folder:
        from django.core.management import call_command

        logging.disable(logging.INFO)  # the demo's text messages are logged
        call_command("load_demo", force=True, stdout=io.StringIO())
        logging.disable(logging.NOTSET)
        started = time.perf_counter()
        csv_path, copy_path, columns = generate(args.rows, Path(folder))
        size = csv_path.stat().st_size / 2**20
        print(f"{args.rows:,} rows generated in {time.perf_counter() - started:.1f} s "
              f"(CSV {size:.0f} MiB)")  # fmt: skip
        _sql("VACUUM ANALYZE dossiers_dossier")
        baseline = psql_copy(copy_path, columns)
        print(f"(a) done in {baseline:.2f} s")
        assert _stored() == args.rows, "\\copy did not load every row"
        _sql("DELETE FROM dossiers_dossier WHERE revision = 0")
        _sql("VACUUM ANALYZE dossiers_dossier")
        seconds, first = import_file(csv_path)
        again_seconds, again = import_file(csv_path)
        checking = check_only(csv_path)
    report(args.rows, baseline, seconds, first, again_seconds, again, checking)


def report(rows, baseline, seconds, first, again_seconds, again, checking) -> None:
    rate, floor = rows / seconds, rows / baseline
    ratio = baseline / seconds
    print(f"(a) psql \\copy into dossiers_dossier  {baseline:7.2f} s  {floor:>9,.0f} rows/s")
    print(f"(b) import (new: {first.created:,})  {seconds:7.2f} s  {rate:>9,.0f} rows/s"
          f"  (reading and checking alone {checking:.2f} s)")  # fmt: skip
    print(f"(c) same file again (new: {again.created:,}, already stored: {again.existing:,})"
          f"  {again_seconds:7.2f} s")  # fmt: skip
    met_rate, met_ratio = rate >= TARGET_RATE, ratio >= TARGET_RATIO
    met_again = again.created == 0 and first.created == rows
    print(f"target ≥ {TARGET_RATE:,} rows/s: {'met' if met_rate else 'MISSED'}")
    print(f"target ≥ {TARGET_RATIO} × \\copy: {'met' if met_ratio else 'MISSED'} ({ratio:.2f})")
    print(f"target re-run adds 0 rows: {'met' if met_again else 'MISSED'}")
    record(
        "import",
        figure=f"{rate:,.0f} rows/s; re-run adds {again.created}",
        baseline=f"\\copy {floor:,.0f} rows/s",
        ratio=f"{ratio:.2f}",
        target=f"≥ {TARGET_RATE:,} rows/s; re-run adds 0; ≥ {TARGET_RATIO} × \\copy",
        met=met_rate and met_ratio and met_again,
    )


if __name__ == "__main__":
    main()
