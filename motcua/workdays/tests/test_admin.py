from datetime import date, time

import pytest
from django.utils import translation

from motcua.accounts.tests.factories import UserFactory
from motcua.accounts.tests.otp import login_verified
from motcua.organization.tests.factories import UnitFactory
from motcua.workdays.enums import OverrideKind
from motcua.workdays.models import WorkingHours
from motcua.workdays.services import override_set, working_hours_set

pytestmark = pytest.mark.django_db

HOURS_URL = "/admin/workdays/workinghours/"


@pytest.fixture
def admin_client(client):
    login_verified(client, UserFactory(is_staff=True, is_superuser=True))
    return client


def reasons(response) -> list[str]:
    return [row.reason for row in response.context["cl"].result_list]


def test_overrides_list_filters_by_year_kind_and_unit_and_searches_the_reason(admin_client):
    unit = UnitFactory(name="Xã Năng Khả")
    override_set(unit=None, date=date(2025, 5, 2), kind=OverrideKind.DAY_OFF, reason="Nghỉ bù")
    override_set(unit=unit, date=date(2026, 8, 22), kind=OverrideKind.WORKING_DAY, reason="Làm bù")
    url = "/admin/workdays/calendaroverride/"

    assert reasons(admin_client.get(url, {"year": "2026"})) == ["Làm bù"]
    assert reasons(admin_client.get(url, {"kind__exact": "day_off"})) == ["Nghỉ bù"]
    assert reasons(admin_client.get(url, {"unit__id__exact": unit.pk})) == ["Làm bù"]
    assert reasons(admin_client.get(url, {"unit__isnull": "True"})) == ["Nghỉ bù"]
    assert reasons(admin_client.get(url, {"q": "làm"})) == ["Làm bù"]


def test_working_hours_list_shows_the_default_row(admin_client):
    working_hours_set(
        unit=None,
        effective_from=date(2026, 1, 1),
        morning_start=time(7, 30),
        morning_end=time(11, 30),
        afternoon_start=None,
        afternoon_end=None,
    )

    listing = admin_client.get(HOURS_URL)

    with translation.override("en"):
        rows = [str(row) for row in listing.context["cl"].result_list]
    assert rows == ["every unit: 07:30–11:30 (01/01/2026)"]


def test_working_hours_form_refuses_overlapping_sessions(admin_client):
    form = {
        "effective_from": "2026-01-01",
        "morning_start": "07:30",
        "morning_end": "12:00",
        "afternoon_start": "11:30",
        "afternoon_end": "17:00",
    }

    refused = admin_client.post(f"{HOURS_URL}add/", form)
    accepted = admin_client.post(f"{HOURS_URL}add/", {**form, "morning_end": "11:30"})

    assert refused.status_code == 200
    assert refused.context["adminform"].form.non_field_errors() == [
        "Các buổi làm việc phải theo đúng thứ tự và không được chồng lên nhau: "
        "07:30–12:00, 11:30–17:00."
    ]
    assert accepted.status_code == 302
    assert WorkingHours.objects.get().afternoon_start == time(11, 30)
