"""Due-date computations per second in-process, against a bare datetime + timedelta loop.

    .venv/bin/python bench/due_dates.py [--count 100000]

Target: at least 100,000 working-day due dates per second (QUALITY.md).
"""

import argparse
import os
import sys
import time
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import record  # noqa: E402

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def rate(fn, count: int) -> float:
    start = time.perf_counter()
    fn(count)
    return count / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    args = parser.parse_args()
    import django

    django.setup()
    from motcua.workdays.calendar import WorkCalendar

    calendar = WorkCalendar()
    starts = [datetime(2026, 1, 5, 8, 0, tzinfo=VN) + timedelta(minutes=37 * i) for i in range(997)]
    calendar.due_at(starts[0], 3, "working_days")  # build the index once

    def bare(count: int) -> None:
        for i in range(count):
            starts[i % 997] + timedelta(days=3)

    def working(unit: str, amount: Decimal):
        def run(count: int) -> None:
            for i in range(count):
                calendar.due_at(starts[i % 997], amount, unit)

        return run

    base = rate(bare, args.count)
    print(f"due-date computations, {args.count} each")
    print(f"{'what':<24} {'per second':>12} {'ratio to bare':>14}  target")
    print(f"{'datetime + timedelta':<24} {base:>12,.0f} {1:>14.3f}")
    for unit, amount in [
        ("working_days", Decimal(3)),
        ("working_hours", Decimal(12)),
        ("calendar_days", Decimal(15)),
    ]:
        per_second = rate(working(unit, amount), args.count)
        verdict = "ok" if unit != "working_days" or per_second >= 100_000 else "MISSED"
        print(f"{unit:<24} {per_second:>12,.0f} {per_second / base:>14.3f}  ≥ 100,000/s: {verdict}")
        if unit == "working_days":
            record(
                "due_date",
                figure=f"{per_second:,.0f}/s (working days)",
                baseline=f"datetime + timedelta {base:,.0f}/s",
                ratio=f"{per_second / base:.3f}",
                target="≥ 100,000/s",
                met=per_second >= 100_000,
            )


if __name__ == "__main__":
    main()
