from datetime import date, time

import pytest
from django.core.exceptions import ValidationError

from motcua.organization.tests.factories import UnitFactory
from motcua.workdays.calendar import OutsideCalendar
from motcua.workdays.enums import OverrideKind
from motcua.workdays.models import CalendarOverride, WorkingHours
from motcua.workdays.services import (
    OverrideKindUnknown,
    OverrideNotFound,
    OverrideReasonMissing,
    override_remove,
    override_set,
    working_hours_set,
)
from motcua.workdays.sessions import InvalidSessions, SessionIncomplete

pytestmark = pytest.mark.django_db

DAY = date(2026, 9, 4)


def test_override_set_creates_then_replaces_the_same_date():
    unit = UnitFactory()
    override_set(unit=unit, date=DAY, kind=OverrideKind.DAY_OFF, reason=" Nghỉ bù ")

    override_set(unit=unit, date=DAY, kind=OverrideKind.WORKING_DAY, reason="Làm bù")

    assert list(CalendarOverride.objects.values_list("unit", "date", "kind", "reason")) == [
        (unit.pk, DAY, "working_day", "Làm bù")
    ]


def test_one_override_for_every_unit_and_one_per_unit_may_share_a_date():
    unit = UnitFactory()
    override_set(unit=None, date=DAY, kind=OverrideKind.DAY_OFF, reason="Chung")
    override_set(unit=unit, date=DAY, kind=OverrideKind.WORKING_DAY, reason="Riêng")
    override_set(unit=None, date=DAY, kind=OverrideKind.DAY_OFF, reason="Chung, sửa")

    assert set(CalendarOverride.objects.values_list("unit", "reason")) == {
        (None, "Chung, sửa"),
        (unit.pk, "Riêng"),
    }


@pytest.mark.parametrize(
    ("kind", "reason", "error"),
    [
        (OverrideKind.DAY_OFF, "   ", OverrideReasonMissing),
        ("holiday", "Lý do", OverrideKindUnknown),
    ],
)
def test_override_set_refuses_bad_input(kind, reason, error):
    with pytest.raises(error):
        override_set(unit=None, date=DAY, kind=kind, reason=reason)

    assert not CalendarOverride.objects.exists()


def test_override_set_refuses_a_year_the_calendar_cannot_count():
    with pytest.raises(OutsideCalendar) as caught:
        override_set(unit=None, date=date(2101, 1, 3), kind=OverrideKind.DAY_OFF, reason="x")

    assert str(caught.value) == "Lịch chỉ áp dụng cho các năm từ 1901 đến 2100."


def test_override_remove_deletes_only_that_scope():
    unit = UnitFactory()
    override_set(unit=None, date=DAY, kind=OverrideKind.DAY_OFF, reason="Chung")
    override_set(unit=unit, date=DAY, kind=OverrideKind.DAY_OFF, reason="Riêng")

    override_remove(unit=unit, date=DAY)

    assert list(CalendarOverride.objects.values_list("unit", flat=True)) == [None]


def test_override_remove_says_when_there_is_nothing_to_remove():
    with pytest.raises(OverrideNotFound) as caught:
        override_remove(unit=None, date=DAY)

    assert str(caught.value) == "Không có điều chỉnh lịch nào vào ngày 04/09/2026 để xóa."


def test_working_hours_set_creates_then_updates_the_same_date():
    unit = UnitFactory()
    times = {"morning_start": time(7), "morning_end": time(11)}
    working_hours_set(
        unit=unit, effective_from=DAY, **times, afternoon_start=time(13), afternoon_end=time(17)
    )

    row = working_hours_set(
        unit=unit, effective_from=DAY, **times, afternoon_start=None, afternoon_end=None
    )

    assert WorkingHours.objects.get() == row
    assert str(row.sessions()) == "07:00–11:00"


@pytest.mark.parametrize(
    ("times", "error"),
    [
        ((time(11), time(7), time(13), time(17)), InvalidSessions),
        ((time(7), time(12), time(11), time(17)), InvalidSessions),  # overlap
        ((time(7), time(11), time(13), time(13)), InvalidSessions),
        ((time(7), time(11), time(13), None), SessionIncomplete),
    ],
)
def test_working_hours_set_refuses_disordered_or_overlapping_sessions(times, error):
    with pytest.raises(error):
        working_hours_set(
            unit=None,
            effective_from=DAY,
            morning_start=times[0],
            morning_end=times[1],
            afternoon_start=times[2],
            afternoon_end=times[3],
        )

    assert not WorkingHours.objects.exists()


def test_model_validation_reports_disordered_sessions_to_the_admin_form():
    row = WorkingHours(
        effective_from=DAY, morning_start=time(8), morning_end=time(12), afternoon_start=time(11)
    )

    with pytest.raises(ValidationError) as caught:
        row.full_clean()

    assert caught.value.messages == [
        "Các buổi làm việc phải theo đúng thứ tự và không được chồng lên nhau: "
        "08:00–12:00, 11:00–17:00."
    ]


def test_model_validation_reports_a_second_override_for_every_unit_on_a_date():
    override_set(unit=None, date=DAY, kind=OverrideKind.DAY_OFF, reason="Chung")
    duplicate = CalendarOverride(date=DAY, kind=OverrideKind.WORKING_DAY, reason="Lại")

    with pytest.raises(ValidationError) as caught:
        duplicate.full_clean()

    assert caught.value.messages == ["Đã có điều chỉnh lịch áp dụng cho mọi đơn vị vào ngày đó."]
