"""Feedback sent and followed through the API; the periodic report for staff and tokens."""

import json
from datetime import date

import pytest
import time_machine
from django.utils import timezone

from motcua.accounts.enums import Role
from motcua.api.tests.conftest import EXE, PNG, assert_error, b64, get_json, post_json
from motcua.dossiers.tests.factories import at_signing, citizen, decided, received, vn
from motcua.feedback.models import Feedback, FeedbackFile
from motcua.organization.enums import UnitLevel
from motcua.organization.tests.factories import AgencyFactory, UnitFactory
from motcua.reports.exports import report_json
from motcua.reports.periodic import periodic_report
from motcua.reports.periods import days_period

FEEDBACK = "/api/v1/feedback"
REPORT = "/api/v1/reports/periodic"


def _feedback(world, **changes) -> dict:
    body = {
        "kind": "feedback",
        "topic": "service_quality",
        "unit": world.agency.unit.code,
        "title": "Chờ lâu ở Bộ phận Một cửa",
        "description": "Tôi phải chờ hơn hai giờ mới được tiếp nhận hồ sơ.",
        "contact_name": "Trần Thị Bình",
        "contact_phone": "0912 345 678",
        "consent": True,
    }
    body.update(changes)
    return body


@pytest.fixture
def writer(make_token):
    return make_token("write", name="Ứng dụng phản ánh")[1]


def _send(client, world, token, key=None, **changes):
    return post_json(client, FEEDBACK, _feedback(world, **changes), token=token, key=key)


# --- Feedback ----------------------------------------------------------------------------


def test_feedback_is_received_with_a_code_and_secret(client, world, writer):
    response = _send(client, world, writer)
    assert response.status_code == 201, response.content
    body = response.json()
    feedback = Feedback.objects.get()
    assert (body["code"], body["lookup_secret"]) == (feedback.code, feedback.lookup_secret)
    assert (body["status"], feedback.channel) == ("received", "api")
    assert body["agency"] == feedback.agency.name == "UBND huyện"
    assert feedback.contact_phone == "0912345678"


def test_a_complaint_without_a_name_is_refused(client, world, writer):
    response = _send(client, world, writer, kind="complaint", contact_name="")
    body = assert_error(response, 422, "feedback_invalid")
    assert list(body["fields"]) == ["contact_name"]
    assert not Feedback.objects.exists()


def test_anonymous_feedback_keeps_no_contact(client, world, writer):
    response = _send(client, world, writer, anonymous=True)
    assert response.status_code == 201
    feedback = Feedback.objects.get()
    assert (feedback.contact_name, feedback.contact_phone) == ("", "")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"unit": "99999"}, "unit"),
        ({"procedure": "0.000000"}, "procedure"),
        ({"files": [{"name": "a.png", "content_base64": "%%%"}]}, "files.0.content_base64"),
        ({"consent": False}, "consent"),
        ({"kind": "praise"}, "kind"),
        ({"latitude": "91"}, "latitude"),
    ],
)
def test_bad_feedback_names_the_field(client, world, writer, change, field):
    body = assert_error(_send(client, world, writer, **change), 422)
    assert field in body["fields"], body
    assert not Feedback.objects.exists()


def test_a_picture_is_kept_and_a_program_is_refused(client, world, writer, settings):
    picture = [{"name": "hang-cho.png", "content_base64": b64(PNG)}]
    assert _send(client, world, writer, files=picture).status_code == 201
    assert FeedbackFile.objects.count() == 1
    program = [{"name": "anh.png", "content_base64": b64(EXE)}]
    assert_error(_send(client, world, writer, files=program, title="Khác"), 400, "file_refused")
    assert Feedback.objects.count() == FeedbackFile.objects.count() == 1


def test_the_same_key_sends_feedback_once(client, world, writer):
    first = _send(client, world, writer, key="feedback-key-1")
    again = _send(client, world, writer, key="feedback-key-1")
    assert first.status_code == again.status_code == 201
    assert first.json()["code"] == again.json()["code"]
    other = _send(client, world, writer, key="feedback-key-1", title="Một việc khác")
    assert_error(other, 409, "feedback_idempotency_conflict")
    assert Feedback.objects.count() == 1


def test_sending_needs_a_write_token_or_a_session(client, world, make_token):
    _, reader = make_token("read")
    assert_error(_send(client, world, reader), 403, "forbidden")
    assert_error(_send(client, world, None), 401, "unauthenticated")
    client.force_login(citizen())
    assert _send(client, world, None).status_code == 201


def test_feedback_is_followed_with_its_secret(client, world, writer):
    sent = _send(client, world, writer).json()
    response = get_json(client, f"{FEEDBACK}/{sent['code']}", {"secret": sent["lookup_secret"]})
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["code"], body["status"], body["answer"]) == (sent["code"], "received", "")
    assert body["title"] == "Chờ lâu ở Bộ phận Một cửa"
    assert "contact_name" not in body and "contact_phone" not in body


def test_a_wrong_secret_is_not_found_like_an_unknown_code(client, world, writer):
    sent = _send(client, world, writer).json()
    wrong = get_json(client, f"{FEEDBACK}/{sent['code']}", {"secret": "WRONGSEC"})
    unknown = get_json(client, f"{FEEDBACK}/PA-000000-XXXX", {"secret": "WRONGSEC"})
    assert_error(wrong, 404, "not_found")
    assert wrong.content == unknown.content


def test_feedback_not_found_in_english(client, world, writer):
    sent = _send(client, world, writer).json()
    wrong = get_json(
        client,
        f"{FEEDBACK}/{sent['code']}",
        {"secret": "WRONGSEC"},
        headers={"Accept-Language": "en"},
    )
    message = assert_error(wrong, 404, "not_found")["message"]
    assert message == "No feedback matches this code and lookup code."


# --- The periodic report -----------------------------------------------------------------

AT = vn(2026, 4, 15, 9)
MARCH = {"from": "2026-03-01", "to": "2026-03-31"}


@pytest.fixture
def activity(world):
    """Dossiers of March 2026 in the world's district: resolved, in progress, carried over."""
    decided(world, at=vn(2026, 3, 2, 9))
    at_signing(world, at=vn(2026, 3, 4, 9))
    received(world, at=vn(2026, 2, 26, 9))
    received(world, agency=world.other_agency, at=vn(2026, 3, 10, 9))
    return world


def _expected(by: str, unit) -> dict:
    """What the report module says for March, taken at the same moment as the API's."""
    period = days_period(date(2026, 3, 1), date(2026, 3, 31))
    with time_machine.travel(AT, tick=False):
        now = timezone.now()
    report = periodic_report(start=period.start, end=period.end, at=now, by=by, unit=unit)
    return json.loads(json.dumps(report_json(report), default=str))


def _report(client, token=None, **params):
    with time_machine.travel(AT, tick=False):
        return get_json(client, REPORT, {**MARCH, **params}, token=token)


@pytest.mark.parametrize("by", ["agency", "procedure", "field", "level"])
def test_a_unit_leader_reads_the_report_of_the_unit(client, activity, by):
    client.force_login(activity.leader)
    response = _report(client, by=by)
    assert response.status_code == 200, response.content
    body = response.json()
    expected = _expected(by, activity.agency.unit)
    assert body == expected
    assert body["total"]["received"] == 3 and body["total"]["carried_over"] == 1
    assert body["unit"] == activity.agency.unit.code


@pytest.mark.parametrize("by", ["agency", "procedure"])
def test_an_unlimited_read_token_reads_every_unit(client, activity, make_token, by):
    _, text = make_token("read")
    body = _report(client, text, by=by).json()
    assert body == _expected(by, None)
    assert body["unit"] is None
    if by == "agency":
        rows = [row["label"] for group in body["groups"] for row in group["rows"]]
        assert any(label.startswith("Phòng Tư pháp") for label in rows)
        assert any(label.startswith("Phòng Nội vụ") for label in rows)


def test_the_report_says_the_period_that_was_asked(client, activity, make_token):
    _, text = make_token("read")
    body = _report(client, text).json()
    assert (body["from"], body["to"]) == (MARCH["from"], MARCH["to"])


def test_the_last_day_before_the_first_is_refused(client, activity, make_token):
    _, text = make_token("read")
    response = _report(client, text, **{"from": "2026-03-31", "to": "2026-03-01"})
    body = assert_error(response, 422)
    assert list(body["fields"]) == ["to"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"by": "mood"}, "by"),
        ({"from": "01/03/2026"}, "from"),
        ({"unit": "99999"}, "unit"),
        ({"from": "2000-01-01", "to": "2026-01-01"}, "to"),
    ],
)
def test_bad_report_questions_name_the_field(client, activity, make_token, params, field):
    _, text = make_token("read")
    body = assert_error(_report(client, text, **params), 422)
    assert list(body["fields"]) == [field], body


def test_a_token_of_a_commune_agency_cannot_read_the_district(client, activity, make_token):
    district = activity.agency.unit
    commune = UnitFactory(level=UnitLevel.COMMUNE, parent=district, name="Xã Đà Vị")
    _, text = make_token("read", agency=AgencyFactory(unit=commune, name="UBND xã Đà Vị"))
    assert_error(_report(client, text, unit=district.code), 403, "forbidden")
    own = _report(client, text)
    assert own.status_code == 200
    assert own.json()["unit"] == commune.code
    assert own.json()["total"]["received"] == 0
    assert _report(client, text, unit=commune.code).status_code == 200


def test_the_report_needs_staff_or_a_token(client, activity):
    assert_error(_report(client), 401, "unauthenticated")
    client.force_login(citizen())
    assert_error(_report(client), 403, "forbidden")


def test_an_officer_session_is_refused_as_on_the_report_pages(client, activity):
    officer = activity.officer
    assert officer.role == Role.PROCESSING_OFFICER
    client.force_login(officer)
    assert_error(_report(client), 403, "forbidden")
