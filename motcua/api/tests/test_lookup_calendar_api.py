"""The public lookup of a dossier (rate-limited with the portal page) and the due-date
calculator of the working-day calendar."""

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.utils import timezone

from motcua.api.tests.conftest import assert_error, get_json
from motcua.dossiers.services import dossier_request_supplement
from motcua.dossiers.tests.factories import decided, received, submitted
from motcua.organization.tests.factories import UnitFactory
from motcua.workdays.enums import OverrideKind
from motcua.workdays.selectors import calendar_for_unit
from motcua.workdays.services import override_set

LOOKUP = "/api/v1/lookup"
DUE = "/api/v1/calendar/due-date"
PORTAL_LOOKUP = "/tra-cuu/"
STAFF_NAMES = ("Cán bộ Một cửa", "Trưởng phòng", "Chuyên viên", "Phó Chủ tịch")


def _look(client, code, secret, **extra):
    return get_json(client, f"{LOOKUP}/{code}", {"secret": secret}, **extra)


# --- Lookup ------------------------------------------------------------------------------


def test_the_code_and_secret_show_status_and_history_without_staff_names(client, world):
    dossier = decided(world)
    response = _look(client, dossier.code, dossier.lookup_secret)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["code"], body["status"]) == (dossier.code, dossier.status)
    assert body["procedure"]["code"] == world.version.procedure.code
    assert body["desk"] == "Bộ phận Một cửa"
    assert datetime.fromisoformat(body["due_at"]) == dossier.due_at
    actions = [event["action"] for event in body["history"]]
    assert actions[0] == "receive" and actions[-1] == "approve"
    assert "assign" not in actions and "forward" not in actions  # internal steps
    for name in STAFF_NAMES:
        assert name not in response.content.decode()
    assert "lookup_secret" not in body and "applicant" not in body


@pytest.mark.parametrize("secret", ["last four phone digits", "lower case"])
def test_the_phone_digits_or_a_lower_case_secret_work_too(client, world, secret):
    dossier = received(world)  # phone 0912345678
    given = "5678" if secret == "last four phone digits" else dossier.lookup_secret.lower()
    assert _look(client, dossier.code, given).json()["code"] == dossier.code


def test_what_is_asked_of_the_applicant_is_shown(client, world):
    dossier = dossier_request_supplement(
        actor=world.clerk,
        dossier=submitted(world),
        missing=["Bản sao giấy chứng nhận kết hôn"],
        reason="Thiếu giấy tờ",
    )
    asked = _look(client, dossier.code, dossier.lookup_secret).json()["asked"]
    assert asked["missing"] == ["Bản sao giấy chứng nhận kết hôn"]
    assert asked["reason"] == "Thiếu giấy tờ"


def test_a_wrong_secret_and_an_unknown_code_get_the_same_answer(client, world):
    dossier = received(world)
    wrong = _look(client, dossier.code, "1234", REMOTE_ADDR="10.0.0.1")
    unknown = _look(client, "000.00.00.H00-990101-0001", "1234", REMOTE_ADDR="10.0.0.2")
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.content == unknown.content
    assert_error(wrong, 404, "not_found")
    assert dossier.code not in wrong.content.decode()


def test_a_missing_secret_is_invalid(client, world):
    dossier = received(world)
    body = assert_error(get_json(client, f"{LOOKUP}/{dossier.code}"), 422, "invalid")
    assert list(body["fields"]) == ["secret"]


def test_too_many_attempts_from_one_address_are_refused(client, world, settings):
    settings.MOTCUA_LOOKUP_ATTEMPTS = 3
    dossier = received(world)
    for _ in range(3):
        assert _look(client, dossier.code, "WRONG123").status_code == 404
    refused = _look(client, dossier.code, dossier.lookup_secret)
    assert_error(refused, 429, "rate_limited")
    other = _look(client, dossier.code, dossier.lookup_secret, REMOTE_ADDR="10.9.0.1")
    assert other.status_code == 429  # failures count against the code too


def test_failed_guesses_on_a_code_are_limited_across_addresses(client, world, settings):
    settings.MOTCUA_LOOKUP_ATTEMPTS = 3
    dossier = received(world)
    for n in range(3):
        _look(client, dossier.code, "WRONG123", REMOTE_ADDR=f"10.0.1.{n}")
    assert_error(
        _look(client, dossier.code, dossier.lookup_secret, REMOTE_ADDR="10.0.2.1"),
        429,
        "rate_limited",
    )
    other = received(world)
    assert _look(client, other.code, other.lookup_secret, REMOTE_ADDR="10.0.2.2").status_code == 200


def test_the_portal_page_and_the_api_count_in_the_same_place(client, world, settings):
    settings.MOTCUA_LOOKUP_ATTEMPTS = 3
    dossier = received(world)
    for _ in range(3):
        page = client.get(PORTAL_LOOKUP, {"code": dossier.code, "secret": "WRONG123"})
        assert page.status_code == 404
    assert_error(_look(client, dossier.code, dossier.lookup_secret), 429, "rate_limited")


def test_the_api_uses_up_the_portal_page_attempts(client, world, settings):
    settings.MOTCUA_LOOKUP_ATTEMPTS = 3
    dossier = received(world)
    for _ in range(3):
        assert _look(client, dossier.code, "WRONG123").status_code == 404
    page = client.get(PORTAL_LOOKUP, {"code": dossier.code, "secret": dossier.lookup_secret})
    assert page.status_code == 429


# --- Calendar ----------------------------------------------------------------------------


def _due(client, *, language="vi", **params):
    params = {"amount": "3", "unit": "working_days", **params}
    return get_json(client, DUE, params, headers={"Accept-Language": language})


def _expected(received_at: datetime, amount="3", unit="working_days", **kwargs):
    return calendar_for_unit(unit_id=None).due_at(received_at, Decimal(amount), unit, **kwargs)


def _vn(*args) -> datetime:
    """A wall-clock time in the site's time zone."""
    return datetime(*args, tzinfo=timezone.get_default_timezone())


def test_tet_2026_is_skipped(client, db):
    received_at = _vn(2026, 2, 13, 16)  # Friday before Tết Bính Ngọ
    response = _due(client, received=received_at.isoformat())
    assert response.status_code == 200, response.content
    body = response.json()
    expected = _expected(received_at)
    assert datetime.fromisoformat(body["due_at"]) == expected.due_at
    assert datetime.fromisoformat(body["starts_at"]) == expected.starts_at
    assert expected.due_at.date() > date(2026, 2, 22)  # the holiday week is not counted
    assert body["after_cutoff"] is False
    assert len(body["explanation"]) >= 3 and all(line.strip() for line in body["explanation"])
    assert body["explanation"] == [str(line) for line in expected.explanation()]


def test_a_weekend_receipt_starts_on_monday(client, db):
    saturday = _vn(2026, 3, 7, 10)
    body = _due(client, received=saturday.isoformat(), amount="1").json()
    expected = _expected(saturday, amount="1")
    assert datetime.fromisoformat(body["starts_at"]) == expected.starts_at
    assert datetime.fromisoformat(body["starts_at"]).date() == date(2026, 3, 9)
    assert datetime.fromisoformat(body["due_at"]) == expected.due_at


def test_a_time_without_offset_is_read_in_the_site_time_zone(client, db):
    naive = _due(client, received="2026-02-13T16:00:00").json()
    local = _due(client, received="2026-02-13T16:00:00+07:00").json()
    utc = _due(client, received="2026-02-13T09:00:00Z").json()
    assert datetime.fromisoformat(naive["received"]) == _vn(2026, 2, 13, 16)
    assert naive["due_at"] == local["due_at"]
    assert datetime.fromisoformat(naive["due_at"]) == datetime.fromisoformat(utc["due_at"])


def test_a_receipt_after_the_cutoff_counts_from_the_next_day(client, db):
    received_at = _vn(2026, 3, 2, 16)
    body = _due(client, received=received_at.isoformat(), cutoff="15:00").json()
    expected = _expected(received_at, cutoff=time(15))
    assert body["after_cutoff"] is True
    assert datetime.fromisoformat(body["due_at"]) == expected.due_at
    assert datetime.fromisoformat(body["starts_at"]).date() == date(2026, 3, 3)


def test_a_unit_day_off_counts_for_that_unit_only(client, db):
    unit = UnitFactory(code="07101")
    override_set(
        unit=unit, date=date(2026, 3, 3), kind=OverrideKind.DAY_OFF, reason="Bầu cử bổ sung"
    )
    received_at = _vn(2026, 3, 2, 9)
    everywhere = _due(client, received=received_at.isoformat()).json()
    there = _due(client, received=received_at.isoformat(), unit_code="07101").json()
    expected = calendar_for_unit(unit_id=unit.pk).due_at(received_at, Decimal(3), "working_days")
    assert datetime.fromisoformat(there["due_at"]) == expected.due_at
    assert datetime.fromisoformat(there["due_at"]) > datetime.fromisoformat(everywhere["due_at"])
    assert any("Bầu cử bổ sung" in line for line in there["explanation"])


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"unit": "fortnights"}, "unit"),
        ({"received": "1900-02-13T16:00:00"}, "received"),
        ({"received": "2100-01-04T08:00:00"}, "received"),
        ({"amount": "-1"}, "amount"),
        ({"amount": "lots"}, "amount"),
        ({"unit_code": "99999"}, "unit_code"),
        ({"received": "13/02/2026"}, "received"),
        ({"cutoff": "25:00"}, "cutoff"),
    ],
)
def test_bad_calendar_questions_name_the_field(client, db, params, field):
    response = _due(client, **{"received": "2026-02-13T16:00:00", **params})
    body = assert_error(response, 422)
    assert list(body["fields"]) == [field], body
    assert all(body["fields"][field])


def test_calendar_errors_are_vietnamese_unless_english_is_asked(client, db):
    question = {"received": "2026-02-13T16:00:00", "amount": "-1"}
    vi = assert_error(_due(client, **question), 422, "invalid")
    en = assert_error(_due(client, language="en", **question), 422, "invalid")
    assert en["fields"] == {"amount": ["Enter a value of at least 0."]}
    assert vi["fields"]["amount"] != en["fields"]["amount"]


def test_an_unknown_unit_code_in_english(client, db):
    response = _due(client, received="2026-02-13T16:00:00", unit_code="99999", language="en")
    body = assert_error(response, 422)
    assert body["fields"] == {"unit_code": ["No administrative unit has this code."]}
