from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from motcua.organization.tests.factories import UnitFactory
from motcua.workdays.enums import OverrideKind
from motcua.workdays.services import override_set

pytestmark = pytest.mark.django_db


def due_date(*args: str) -> list[str]:
    out = StringIO()
    call_command("due_date", *args, stdout=out)
    return out.getvalue().splitlines()


TET = ["--received", "2026-02-13 09:00", "--amount", "1", "--unit", "working_days"]


def test_prints_the_iso_due_date_first_then_the_holidays_that_moved_it():
    with translation.override("en"):
        lines = due_date(*TET)

    assert lines[0] == "2026-02-23T09:00:00+07:00"
    assert lines[1:3] == [
        "Received at 09:00 on Friday 13/02/2026.",
        "Time limit: 1, counted in working days.",
    ]
    assert lines[5:7] == [
        "Monday 16/02/2026 is not a working day: Lunar New Year's Eve.",
        "Tuesday 17/02/2026 is not a working day: Lunar New Year.",
    ]
    assert lines[-1] == "Due at 09:00 on Monday 23/02/2026."
    assert len(lines) == 13


def test_holiday_names_are_vietnamese_by_default():
    lines = due_date(*TET)

    assert [line for line in lines if "Tết Nguyên Đán" in line] == lines[5:10]


def test_same_day_with_a_cutoff():
    lines = due_date(
        "--received", "2026-03-03 15:30", "--amount", "0", "--unit", "same_day", "--cutoff", "15:00"
    )

    assert lines[0] == "2026-03-04T17:00:00+07:00"


def test_uses_the_calendar_of_the_unit_with_that_code():
    unit = UnitFactory(code="08.071")
    override_set(unit=unit, date=date(2026, 3, 3), kind=OverrideKind.DAY_OFF, reason="Bão số 3")
    args = ["--received", "2026-03-02 09:00", "--amount", "1", "--unit", "working_days"]

    assert due_date(*args)[0] == "2026-03-03T09:00:00+07:00"
    assert due_date(*args, "--unit-code", "08.071")[0] == "2026-03-04T09:00:00+07:00"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--received", "13/02/2026"],
            "--received must look like YYYY-MM-DD HH:MM, not '13/02/2026'.",
        ),
        (["--amount", "-1"], "--amount must be zero or more, not '-1'."),
        (["--amount", "two"], "--amount must be a number such as 3 or 0.5, not 'two'."),
        (["--cutoff", "3pm"], "--cutoff must look like HH:MM, not '3pm'."),
        (["--unit-code", "NOPE"], "No administrative unit has the code 'NOPE'."),
        (["--received", "2101-01-03 09:00"], "Lịch chỉ áp dụng cho các năm từ 1901 đến 2100."),
    ],
)
def test_bad_input_is_a_clear_command_error(args, message):
    options = {"--received": "2026-03-02 09:00", "--amount": "1", "--unit": "working_days"}
    options.update(zip(args[::2], args[1::2], strict=True))

    with pytest.raises(CommandError) as caught:
        due_date(*[part for pair in options.items() for part in pair])

    assert str(caught.value) == message
