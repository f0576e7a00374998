from datetime import date, datetime, time, timedelta

import pytest
import time_machine

from motcua.organization.tests.factories import UnitFactory
from motcua.workdays.calendar import VIETNAM
from motcua.workdays.enums import OverrideKind, TimeUnit
from motcua.workdays.models import CalendarOverride, WorkingHours
from motcua.workdays.selectors import calendar_for_unit
from motcua.workdays.services import override_remove, override_set, working_hours_set

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 3, 2)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=VIETNAM)


def hours(unit, since: date, *times: time | None) -> WorkingHours:
    return working_hours_set(
        unit=unit,
        effective_from=since,
        morning_start=times[0],
        morning_end=times[1],
        afternoon_start=times[2],
        afternoon_end=times[3],
    )


def test_without_rows_the_built_in_hours_and_national_calendar_apply():
    calendar = calendar_for_unit(unit_id=None)

    assert str(calendar.sessions_on(MONDAY)) == "07:30–11:30, 13:30–17:00"
    assert calendar.sessions_on(date(2026, 2, 17)) is None  # Tết


def test_a_unit_without_its_own_hours_uses_the_default_row():
    unit = UnitFactory()
    hours(None, date(2020, 1, 1), time(7), time(11), time(13), time(16, 30))

    calendar = calendar_for_unit(unit_id=unit.pk)

    assert str(calendar.sessions_on(MONDAY)) == "07:00–11:00, 13:00–16:30"


def test_a_units_own_hours_win_from_their_effective_date_only():
    unit, other = UnitFactory(), UnitFactory()
    hours(None, date(2020, 1, 1), time(7), time(11), time(13), time(16, 30))
    hours(unit, MONDAY, time(8), time(12), None, None)

    calendar = calendar_for_unit(unit_id=unit.pk)

    assert str(calendar.sessions_on(MONDAY - timedelta(days=4))) == "07:00–11:00, 13:00–16:30"
    assert str(calendar.sessions_on(MONDAY)) == "08:00–12:00"
    assert str(calendar_for_unit(unit_id=other.pk).sessions_on(MONDAY)) == (
        "07:00–11:00, 13:00–16:30"
    )


def test_a_units_override_wins_over_the_one_for_every_unit():
    unit, other = UnitFactory(), UnitFactory()
    override_set(unit=None, date=MONDAY, kind=OverrideKind.DAY_OFF, reason="Nghỉ chung")
    override_set(unit=unit, date=MONDAY, kind=OverrideKind.WORKING_DAY, reason="Trực")

    assert calendar_for_unit(unit_id=unit.pk).is_working_day(MONDAY)
    assert not calendar_for_unit(unit_id=other.pk).is_working_day(MONDAY)
    assert not calendar_for_unit(unit_id=None).is_working_day(MONDAY)


def test_an_override_added_in_the_admin_is_seen_on_the_next_call():
    unit = UnitFactory()
    before = calendar_for_unit(unit_id=unit.pk)
    # Written as the admin writes it, not through the services, so only the stamp tells.
    CalendarOverride.objects.create(unit=unit, date=MONDAY, kind=OverrideKind.DAY_OFF, reason="Bão")

    after = calendar_for_unit(unit_id=unit.pk)

    assert before.is_working_day(MONDAY)
    assert not after.is_working_day(MONDAY)
    friday = MONDAY - timedelta(days=3)
    assert after.due_at(at(friday, 9), 1, TimeUnit.WORKING_DAYS).due_at == at(MONDAY, 9) + (
        timedelta(days=1)
    )


def test_an_edited_or_removed_override_is_seen_on_the_next_call():
    with time_machine.travel(at(MONDAY, 8), tick=False) as clock:
        row = CalendarOverride.objects.create(
            unit=None, date=MONDAY, kind=OverrideKind.DAY_OFF, reason="Bão"
        )
        assert not calendar_for_unit(unit_id=None).is_working_day(MONDAY)
        clock.shift(timedelta(seconds=1))
        row.kind = OverrideKind.WORKING_DAY
        row.save()
        assert calendar_for_unit(unit_id=None).is_working_day(MONDAY)
        row.delete()
        assert calendar_for_unit(unit_id=None).is_working_day(MONDAY)

    override_set(unit=None, date=MONDAY, kind=OverrideKind.DAY_OFF, reason="Bão")
    assert not calendar_for_unit(unit_id=None).is_working_day(MONDAY)
    override_remove(unit=None, date=MONDAY)
    assert calendar_for_unit(unit_id=None).is_working_day(MONDAY)


def test_the_calendar_is_reused_while_nothing_changes(django_assert_num_queries):
    unit = UnitFactory()
    first = calendar_for_unit(unit_id=unit.pk)

    with django_assert_num_queries(2):  # the two version stamps, nothing per day
        again = calendar_for_unit(unit_id=unit.pk)

    assert again is first
