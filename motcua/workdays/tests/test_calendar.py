"""Due dates on the national calendar (no database: the calendar is pure)."""

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import translation

from motcua.workdays.calendar import VIETNAM, DayOverride, OutsideCalendar, WorkCalendar
from motcua.workdays.enums import OverrideKind, TimeUnit
from motcua.workdays.sessions import Sessions

CALENDAR = WorkCalendar(years=(2025, 2027))


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VIETNAM)


def due(received: datetime, amount, unit=TimeUnit.WORKING_DAYS, calendar=CALENDAR, **kw):
    return calendar.due_at(received, Decimal(amount), unit, **kw)


def skipped_days(result) -> list[date]:
    return [skipped.day for skipped in result.skipped]


# The national calendar ------------------------------------------------------------------


def test_tet_2026_is_five_days_off_from_the_package():
    days = [date(2026, 2, d) for d in range(13, 24)]

    working = [day.day for day in days if CALENDAR.is_working_day(day)]

    assert working == [13, 23]  # 14–15 and 21–22 are weekends, 16–20 Tết


def test_tet_2026_moves_one_working_day_past_the_holiday():
    result = due(at(2026, 2, 13, 9), 1)

    assert result.due_at == at(2026, 2, 23, 9)
    assert skipped_days(result) == [date(2026, 2, d) for d in range(14, 23)]


def test_tet_explanation_names_each_day_that_moved_the_due_date():
    result = due(at(2026, 2, 13, 9), 1)

    with translation.override("en"):
        lines = result.explanation()

    assert lines == [
        "Received at 09:00 on Friday 13/02/2026.",
        "Time limit: 1, counted in working days.",
        "Saturday 14/02/2026 is not a working day: weekend.",
        "Sunday 15/02/2026 is not a working day: weekend.",
        "Monday 16/02/2026 is not a working day: Lunar New Year's Eve.",
        "Tuesday 17/02/2026 is not a working day: Lunar New Year.",
        "Wednesday 18/02/2026 is not a working day: Second Day of Lunar New Year.",
        "Thursday 19/02/2026 is not a working day: Third Day of Lunar New Year.",
        "Friday 20/02/2026 is not a working day: Fourth Day of Lunar New Year.",
        "Saturday 21/02/2026 is not a working day: weekend.",
        "Sunday 22/02/2026 is not a working day: weekend.",
        "Due at 09:00 on Monday 23/02/2026.",
    ]


def test_holiday_names_follow_the_active_language():
    result = due(at(2026, 2, 13, 9), 1)

    with translation.override("vi"):
        reasons = [str(skipped.reason) for skipped in result.skipped[2:4]]

    assert reasons == ["Giao thừa Tết Nguyên Đán", "Tết Nguyên Đán"]


def test_reunification_and_labour_day_and_the_weekend_after_are_skipped():
    result = due(at(2026, 4, 29, 10), 1)

    assert result.due_at == at(2026, 5, 4, 10)
    assert skipped_days(result) == [date(2026, 4, 30), date(2026, 5, 1), *_weekend(2026, 5, 2)]


def test_national_day_with_its_adjacent_day_and_the_announced_swap():
    # 2026: 1–2/9 are the holiday; 31/8 is off in exchange for Saturday 22/8.
    result = due(at(2026, 8, 28, 14), 1)

    assert result.due_at == at(2026, 9, 3, 14)
    assert skipped_days(result) == [
        *_weekend(2026, 8, 29),
        *(date(2026, m, d) for m, d in [(8, 31), (9, 1), (9, 2)]),
    ]


def test_make_up_saturday_from_the_package_is_a_working_day():
    result = due(at(2026, 8, 21, 16), 1)

    assert CALENDAR.is_working_day(date(2026, 8, 22))
    assert result.due_at == at(2026, 8, 22, 16)
    assert result.skipped == ()


def test_make_up_saturday_2025_and_its_day_off():
    assert CALENDAR.is_working_day(date(2025, 4, 26))
    assert not CALENDAR.is_working_day(date(2025, 5, 2))


def test_a_holiday_on_a_sunday_is_observed_on_monday():
    assert not CALENDAR.is_working_day(date(2026, 4, 27))
    assert due(at(2026, 4, 24, 10), 1).due_at == at(2026, 4, 28, 10)


# Overrides ------------------------------------------------------------------------------


def test_declared_day_off_moves_the_due_date_and_gives_its_reason():
    calendar = WorkCalendar(
        overrides=[DayOverride(date(2026, 2, 12), OverrideKind.DAY_OFF, "Nghỉ bù theo thông báo")]
    )

    result = due(at(2026, 2, 11, 9), 1, calendar=calendar)

    assert result.due_at == at(2026, 2, 13, 9)
    assert [(s.day, s.reason) for s in result.skipped] == [
        (date(2026, 2, 12), "Nghỉ bù theo thông báo")
    ]


def test_declared_working_saturday_counts():
    calendar = WorkCalendar(
        overrides=[DayOverride(date(2026, 2, 14), OverrideKind.WORKING_DAY, "Làm bù")]
    )

    assert due(at(2026, 2, 13, 9), 1, calendar=calendar).due_at == at(2026, 2, 14, 9)


def test_override_wins_over_the_package_both_ways():
    calendar = WorkCalendar(
        overrides=[
            DayOverride(date(2026, 2, 20), OverrideKind.WORKING_DAY, "Đi làm mùng bốn"),
            DayOverride(date(2026, 8, 22), OverrideKind.DAY_OFF, "Không làm bù"),
        ]
    )

    assert calendar.is_working_day(date(2026, 2, 20))
    assert not calendar.is_working_day(date(2026, 8, 22))


# Working hours ------------------------------------------------------------------------


def test_morning_receipt_is_due_on_a_morning():
    assert due(at(2026, 3, 2, 9), 1).due_at == at(2026, 3, 3, 9)
    assert due(at(2026, 3, 2, 9), 3).due_at == at(2026, 3, 5, 9)


def test_receipt_at_lunch_counts_from_the_afternoon_opening():
    result = due(at(2026, 3, 2, 12), 1, TimeUnit.WORKING_HOURS)

    assert (result.starts_at, result.due_at) == (at(2026, 3, 2, 13, 30), at(2026, 3, 2, 14, 30))


def test_receipt_at_the_end_of_the_morning_counts_from_the_afternoon():
    result = due(at(2026, 3, 2, 11, 30), 1)

    assert result.starts_at == at(2026, 3, 2, 13, 30)
    assert result.due_at == at(2026, 3, 3, 11, 30)


def test_working_hours_run_over_lunch():
    assert due(at(2026, 3, 2, 11), 1, TimeUnit.WORKING_HOURS).due_at == at(2026, 3, 2, 14)


def test_a_limit_ending_exactly_at_closing_is_due_at_closing_not_next_opening():
    assert due(at(2026, 3, 2, 7, 30), 4, TimeUnit.WORKING_HOURS).due_at == at(2026, 3, 2, 11, 30)
    assert due(at(2026, 3, 2, 7, 30), 1).due_at == at(2026, 3, 2, 17)


def test_receipt_after_closing_counts_from_the_next_morning():
    result = due(at(2026, 3, 2, 17, 30), 1)

    assert (result.starts_at, result.due_at) == (at(2026, 3, 3, 7, 30), at(2026, 3, 3, 17))


def test_receipt_on_a_sunday_counts_from_monday_and_says_so():
    result = due(at(2026, 3, 1, 10), 2)

    assert (result.starts_at, result.due_at) == (at(2026, 3, 2, 7, 30), at(2026, 3, 3, 17))
    assert skipped_days(result) == [date(2026, 3, 1)]
    with translation.override("en"):
        assert result.explanation()[1] == (
            "Received outside working hours: counting starts at 07:30 on Monday 02/03/2026."
        )


def test_half_a_day_is_half_the_daily_working_time():
    assert due(at(2026, 3, 2, 9), "0.5").due_at == at(2026, 3, 2, 14, 45)
    assert due(at(2026, 3, 2, 9), "1.5").due_at == at(2026, 3, 3, 14, 45)


def test_zero_time_is_due_when_counting_starts():
    assert due(at(2026, 3, 1, 10), 0).due_at == at(2026, 3, 2, 7, 30)


def test_a_unit_working_mornings_only_has_four_hour_days():
    morning = Sessions(((time(7, 30), time(11, 30)),))
    calendar = WorkCalendar(hours=[(date(2000, 1, 1), morning)])

    assert due(at(2026, 3, 2, 9), 1, calendar=calendar).due_at == at(2026, 3, 3, 9)
    assert due(at(2026, 3, 2, 13), 1, TimeUnit.WORKING_HOURS, calendar=calendar).due_at == at(
        2026, 3, 3, 8, 30
    )


def test_new_working_hours_apply_from_their_effective_date():
    later = Sessions(((time(8), time(12)), (time(13), time(17))))
    calendar = WorkCalendar(hours=[(date(2026, 3, 3), later)])

    assert calendar.next_opening(at(2026, 3, 2, 7, 45)) == at(2026, 3, 2, 7, 45)
    assert calendar.next_opening(at(2026, 3, 3, 7, 45)) == at(2026, 3, 3, 8)
    assert due(at(2026, 3, 3, 12, 30), 1, TimeUnit.WORKING_HOURS, calendar=calendar).due_at == at(
        2026, 3, 3, 14
    )


# Calendar days and the same day ------------------------------------------------------------


def test_calendar_days_do_not_count_the_first_day_and_end_at_closing():
    result = due(at(2026, 3, 2, 10), 3, TimeUnit.CALENDAR_DAYS)

    assert (result.due_at, result.skipped) == (at(2026, 3, 5, 17), ())


def test_calendar_days_ending_on_a_weekend_roll_to_the_next_working_day():
    result = due(at(2026, 3, 3, 10), 4, TimeUnit.CALENDAR_DAYS)

    assert result.due_at == at(2026, 3, 9, 17)
    assert skipped_days(result) == _weekend(2026, 3, 7)


def test_calendar_days_ending_on_a_holiday_roll_past_it_but_ignore_holidays_before():
    # 26–27/4 are off but fall inside the period, so only the days after the last one count.
    result = due(at(2026, 4, 24, 10), 6, TimeUnit.CALENDAR_DAYS)

    assert result.due_at == at(2026, 5, 4, 17)
    assert skipped_days(result) == [date(2026, 4, 30), date(2026, 5, 1), *_weekend(2026, 5, 2)]


def test_calendar_days_after_closing_count_from_the_next_working_day():
    result = due(at(2026, 3, 2, 17, 30), 3, TimeUnit.CALENDAR_DAYS)

    assert (result.starts_at, result.due_at) == (at(2026, 3, 3, 7, 30), at(2026, 3, 6, 17))


def test_fractional_calendar_days_round_up_to_whole_days():
    assert due(at(2026, 3, 2, 10), "1.5", TimeUnit.CALENDAR_DAYS).due_at == at(2026, 3, 4, 17)


def test_same_day_before_the_cutoff_is_due_at_closing():
    result = due(at(2026, 3, 3, 14, 59), 0, TimeUnit.SAME_DAY, cutoff=time(15))

    assert (result.due_at, result.after_cutoff) == (at(2026, 3, 3, 17), False)


def test_same_day_at_the_cutoff_exactly_still_counts_that_day():
    assert due(at(2026, 3, 3, 15), 0, TimeUnit.SAME_DAY, cutoff=time(15)).due_at == at(
        2026, 3, 3, 17
    )


def test_same_day_after_the_cutoff_is_due_at_the_next_working_day_closing():
    result = due(at(2026, 3, 6, 15, 1), 0, TimeUnit.SAME_DAY, cutoff=time(15))

    assert (result.starts_at, result.due_at, result.after_cutoff) == (
        at(2026, 3, 9, 7, 30),
        at(2026, 3, 9, 17),
        True,
    )
    with translation.override("en"):
        assert result.explanation()[1:3] == [
            "Received after the cut-off time: counting starts at 07:30 on Monday 09/03/2026.",
            "Time limit: same working day.",
        ]


def test_same_day_after_closing_is_due_the_next_working_day():
    assert due(at(2026, 3, 6, 17, 30), 0, TimeUnit.SAME_DAY).due_at == at(2026, 3, 9, 17)


def test_a_cutoff_also_delays_working_day_limits():
    result = due(at(2026, 3, 2, 16), 1, cutoff=time(15))

    assert (result.starts_at, result.due_at) == (at(2026, 3, 3, 7, 30), at(2026, 3, 3, 17))


# Working time, pauses ------------------------------------------------------------------


def test_working_time_between_counts_only_working_hours():
    between = CALENDAR.working_time_between

    assert between(at(2026, 3, 2, 9), at(2026, 3, 3, 9)) == timedelta(hours=7, minutes=30)
    assert between(at(2026, 3, 6, 16), at(2026, 3, 9, 8)) == timedelta(hours=1, minutes=30)
    assert between(at(2026, 3, 2, 12), at(2026, 3, 2, 13)) == timedelta(0)
    assert between(at(2026, 2, 13, 9), at(2026, 2, 23, 9)) == timedelta(hours=7, minutes=30)


def test_working_time_between_is_negative_when_overdue():
    between = CALENDAR.working_time_between

    assert between(at(2026, 3, 3, 9), at(2026, 3, 2, 9)) == -timedelta(hours=7, minutes=30)


def test_working_time_between_agrees_with_the_due_date():
    result = due(at(2026, 2, 11, 10, 15), "4.25")

    assert CALENDAR.working_time_between(result.starts_at, result.due_at) == timedelta(
        hours=7.5 * 4.25
    )


def test_add_working_time_forward_and_back():
    add = CALENDAR.add_working_time

    assert add(at(2026, 3, 6, 16), timedelta(hours=2)) == at(2026, 3, 9, 8, 30)
    assert add(at(2026, 3, 3, 9), -timedelta(hours=7, minutes=30)) == at(2026, 3, 2, 9)


def test_pause_shifts_the_due_date_by_the_paused_working_time():
    # Paused Tue 16:00 → Wed 09:00: 1 h + 1.5 h of working time.
    shifted = CALENDAR.shift_for_pause(at(2026, 3, 6, 10), at(2026, 3, 3, 16), at(2026, 3, 4, 9))

    assert shifted == at(2026, 3, 6, 14, 30)


def test_pause_outside_working_hours_does_not_move_the_due_date():
    shifted = CALENDAR.shift_for_pause(at(2026, 3, 6, 10), at(2026, 3, 6, 17), at(2026, 3, 9, 7))

    assert shifted == at(2026, 3, 6, 10)


def test_restart_counts_the_full_time_again_from_the_resumption():
    result = CALENDAR.restart_after_pause(at(2026, 3, 4, 9), Decimal(3), TimeUnit.WORKING_DAYS)

    assert result.due_at == at(2026, 3, 9, 9)


# Range and input -----------------------------------------------------------------------------


def test_the_index_grows_past_the_years_it_was_built_for():
    calendar = WorkCalendar(years=(2026, 2026))

    assert due(at(2026, 12, 31, 9), 1, calendar=calendar).due_at == at(2027, 1, 4, 9)
    assert due(at(2030, 3, 4, 9), 1, calendar=calendar).due_at == at(2030, 3, 5, 9)
    assert calendar.add_working_time(at(2026, 1, 5, 9), -timedelta(hours=15)) == at(2025, 12, 31, 9)


def test_dates_beyond_the_lunar_tables_are_refused():
    with pytest.raises(OutsideCalendar):
        due(at(2101, 1, 3, 9), 1)


def test_due_date_is_given_in_vietnam_time_whatever_the_input_zone():
    result = due(datetime(2026, 3, 2, 2, tzinfo=UTC), 1)

    assert result.due_at.isoformat() == "2026-03-03T09:00:00+07:00"


@pytest.mark.parametrize(
    ("received", "amount", "unit", "error"),
    [
        (at(2026, 3, 2, 9).replace(tzinfo=None), Decimal(1), TimeUnit.WORKING_DAYS, ValueError),
        (at(2026, 3, 2, 9), Decimal(-1), TimeUnit.WORKING_DAYS, ValueError),
        (at(2026, 3, 2, 9), Decimal("NaN"), TimeUnit.WORKING_DAYS, ValueError),
        (at(2026, 3, 2, 9), 1.5, TimeUnit.WORKING_DAYS, TypeError),
        (at(2026, 3, 2, 9), Decimal(1), "weeks", ValueError),
    ],
)
def test_bad_input_is_refused(received, amount, unit, error):
    with pytest.raises(error):
        CALENDAR.due_at(received, amount, unit)


def _weekend(year: int, month: int, saturday: int) -> list[date]:
    first = date(year, month, saturday)
    return [first, first + timedelta(days=1)]
