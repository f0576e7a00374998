"""Every benchmark in turn, then QUALITY.md's performance table filled from this run.

Each script prints its own details and hands its table rows to this runner (``record`` in
``bench/common.py``, a JSON line per row in the file named by ``BENCH_TABLE``). A row no
script measured is printed as such, so a missing measurement cannot pass unnoticed.

    .venv/bin/python bench/all.py [--quick] [--only NAME ...]

``--quick`` runs each script with small data and short runs (a smoke test of the
benchmarks themselves; the figures are not the ones to quote). ``--keep`` keeps the 10 M
and 1 M dossier databases for the next run (and reuses them), which saves most of the
time of a second run.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent

# QUALITY.md's rows, in its order: (key, label). Scripts record under these keys.
ROWS = [
    ("submission", "Online submission, full path, PostgreSQL, production server"),
    ("submission_fixed", "Online submission at a fixed 200/s (national peak)"),
    ("lifecycle", "Full dossier lifecycle over HTTP with 1 M dossiers stored"),
    ("lookup", "Public lookup by code, uncached, rate limiter on"),
    ("lookup_cached", "Public lookup, cached hot set"),
    ("report", "Periodic report over 10 M dossiers, any period"),
    ("report_month", "Periodic report over 10 M dossiers, one month"),
    ("inbox", "Agency inbox with 100 k open dossiers"),
    ("catalog", "Catalogue search over 5,000 procedures"),
    ("import", "Bulk import of historical dossiers"),
    ("due_date", "Due-date computation"),
    ("stack", "Security stack overhead (CSP, CSRF, sessions, HSTS)"),
    ("overload", "Overload at 2 × capacity"),
    ("audit_verify", "Audit chain verification, 1 M entries"),
    ("page_weight", "Public page weight"),
]

# script, its full arguments, its --quick arguments
SCRIPTS = [
    ("http_api.py", [], ["--seconds", "3"]),
    ("lifecycle.py", [], ["--rows", "20000", "--seconds", "5", "--baseline-seconds", "3"]),
    ("overload.py", [], ["--seconds", "5", "--before", "3", "--after", "20"]),
    (
        "overload.py",
        ["--request-start"],
        ["--request-start", "--seconds", "5", "--before", "3", "--after", "20"],
    ),
    ("catalog_search.py", [], ["--rounds", "5"]),
    ("inbox.py", [], ["--dossiers", "5000", "--rounds", "5"]),
    ("due_dates.py", [], ["--count", "20000"]),
    ("report.py", [], ["--rows", "100000", "--rounds", "3"]),
    ("import_dossiers.py", [], ["--rows", "20000"]),
    ("audit_verify.py", [], ["--events", "50000", "--rounds", "1"]),
]


KEEPING = {"report.py", "lifecycle.py"}  # the scripts whose data can be kept


def run(script: str, args: list[str], table: str) -> tuple[int, float]:
    started = time.monotonic()
    print(f"\n=== bench/{script} {' '.join(args)}", flush=True)
    env = {**os.environ, "BENCH_TABLE": table}
    code = subprocess.call([sys.executable, str(BENCH / script), *args], env=env)  # noqa: S603
    return code, time.monotonic() - started


def page_weight(table: str) -> tuple[int, float]:
    """The page-weight browser test records its row too (it needs chromium)."""
    started = time.monotonic()
    print("\n=== tests/e2e/test_page_weight.py", flush=True)
    env = {**os.environ, "BENCH_TABLE": table}
    pytest = Path(sys.executable).parent / "pytest"
    test = str(BENCH.parent / "tests/e2e/test_page_weight.py")
    code = subprocess.call([str(pytest), "-q", "-m", "e2e", test], env=env)  # noqa: S603
    return code, time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", nargs="*", help="script names without .py")
    parser.add_argument("--keep", action="store_true", help="keep and reuse the big databases")
    options = parser.parse_args()
    with tempfile.NamedTemporaryFile(suffix=".jsonl", delete=False) as handle:
        table = handle.name
    failures = []
    try:
        for script, full, quick in SCRIPTS:
            if options.only and script.removesuffix(".py") not in options.only:
                continue
            if not (BENCH / script).exists():
                failures.append(f"{script}: missing")
                continue
            args = quick if options.quick else full
            if options.keep and script in KEEPING:
                args = [*args, "--keep"]
            code, seconds = run(script, args, table)
            print(f"--- {script}: exit {code} in {seconds:.0f} s", flush=True)
            if code:
                failures.append(f"{script}: exit {code}")
        if not options.only or "page_weight" in options.only:
            code, _ = page_weight(table)
            if code:
                failures.append(f"test_page_weight: exit {code}")
        recorded = [json.loads(line) for line in Path(table).read_text().splitlines() if line]
    finally:
        os.unlink(table)
    print_table(recorded, quick=options.quick)
    for failure in failures:
        print(f"FAILED {failure}")
    return 1 if failures else 0


def print_table(recorded: list[dict], *, quick: bool) -> None:
    by_row: dict[str, list[dict]] = {}
    for line in recorded:
        by_row.setdefault(line["row"], []).append(line)
    cores = os.cpu_count()
    print(f"\nQUALITY.md performance table, this run ({cores} cores shared by everything)")
    if quick:
        print("(--quick: small data and short runs; not the figures to quote)")
    print("| What | Figure | Baseline (same run) | Ratio | Target | Met |")
    print("|---|---|---|---|---|---|")
    for key, label in ROWS:
        for line in by_row.pop(key, None) or [None]:
            if line is None:
                print(f"| {label} | not measured in this run | — | — | — | — |")
                continue
            met = {True: "yes", False: "**no**", None: "—"}[line["met"]]
            print(
                f"| {label} | {line['figure']} | {line['baseline']} | {line['ratio']} "
                f"| {line['target']} | {met} |"
            )
    for key, lines in by_row.items():
        for line in lines:
            print(
                f"| {key} | {line['figure']} | {line['baseline']} | {line['ratio']} | "
                f"{line['target']} | {line['met']} |"
            )


if __name__ == "__main__":
    sys.exit(main())
