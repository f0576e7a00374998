"""Dossiers through the API: online submission, who sees what, actions of the dossier page."""

from datetime import datetime
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client

from motcua.accounts.enums import Role
from motcua.accounts.tests.factories import StaffFactory
from motcua.api.tests.conftest import EXE, PDF, PNG, assert_error, b64, get_json, post_json
from motcua.dossiers.audit import audit_verify
from motcua.dossiers.enums import Action, DossierStatus
from motcua.dossiers.models import Dossier, DossierEvent, DossierFile
from motcua.dossiers.services import dossier_transfer_to_agency
from motcua.dossiers.tests.factories import (
    MONDAY,
    build_world,
    citizen,
    received,
    submitted,
    vn,
    with_agency,
)
from motcua.workdays.selectors import calendar_for_unit

DOSSIERS = "/api/v1/dossiers"


def _body(world, **changes) -> dict:
    required = world.version.components.get(required=True)
    body = {
        "procedure": world.version.procedure.code,
        "agency": world.agency.identifier,
        "content": "Đăng ký khai sinh cho con",
        "applicant": {
            "name": "Hoàng Thị Lan",
            "id_number": "008195001122",
            "phone": "0912 345 678",
            "email": "lan@example.org",
        },
        "documents": [
            {"component_id": required.pk, "name": "to-khai.pdf", "content_base64": b64(PDF)}
        ],
        "consent": True,
    }
    body.update(changes)
    return body


@pytest.fixture
def writer(make_token):
    """The text of a write token of an integration (acting for nobody)."""
    return make_token("write", name="Cổng dịch vụ công quốc gia")[1]


def _submit(client, world, token, key="submission-0001", **changes):
    return post_json(client, DOSSIERS, _body(world, **changes), token=token, key=key)


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _stored_files(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


# --- Submission --------------------------------------------------------------------------


def test_submission_answers_the_code_secret_and_provisional_appointment(client, world, writer):
    with time_machine.travel(MONDAY, tick=False):
        response = _submit(client, world, writer)
    assert response.status_code == 201, response.content
    body = response.json()
    dossier = Dossier.objects.get()
    assert (body["code"], body["lookup_secret"]) == (dossier.code, dossier.lookup_secret)
    assert (dossier.status, dossier.channel, dossier.citizen) == (
        DossierStatus.SUBMITTED,
        "online",
        None,
    )
    assert body["status"] == DossierStatus.SUBMITTED
    assert _when(body["submitted_at"]) == MONDAY
    # Monday 09:00 is within working hours: received at once, due three working days on.
    assert _when(body["reception_at"]) == MONDAY
    assert _when(body["due_at"]) == vn(2026, 3, 5, 9)
    assert body["due_at_provisional"] is True
    assert dossier.due_at is None
    assert [f.original_name for f in dossier.files.all()] == ["to-khai.pdf"]
    assert body["lookup_url"].endswith("/tra-cuu/")


def test_submitted_on_a_saturday_it_counts_from_monday_opening(client, world, writer):
    saturday = vn(2026, 3, 7, 10)
    with time_machine.travel(saturday, tick=False):
        body = _submit(client, world, writer).json()
    calendar = calendar_for_unit(unit_id=None)
    opening = calendar.next_opening(saturday)
    assert opening.date().isoformat() == "2026-03-09"
    assert _when(body["reception_at"]) == opening
    due = calendar.due_at(opening, Decimal(3), "working_days").due_at
    assert _when(body["due_at"]) == due


def test_a_second_document_may_be_a_png_without_a_component(client, world, writer):
    extra = {"component_id": None, "name": "anh.png", "content_base64": b64(PNG)}
    documents = [*_body(world)["documents"], extra]
    assert _submit(client, world, writer, documents=documents).status_code == 201
    assert sorted(f.content_type for f in DossierFile.objects.all()) == [
        "application/pdf",
        "image/png",
    ]


def test_a_missing_required_document_is_named(client, world, writer):
    required = world.version.components.get(required=True)
    body = assert_error(_submit(client, world, writer, documents=[]), 422, "application_invalid")
    ((field, messages),) = body["fields"].items()
    assert str(required.pk) in field
    assert required.name in messages[0]
    assert not Dossier.objects.exists()


def test_a_spoofed_file_is_refused_and_nothing_is_kept(client, world, writer, settings):
    documents = [
        *_body(world)["documents"],
        {"component_id": None, "name": "giay-to.pdf", "content_base64": b64(EXE)},
    ]
    response = _submit(client, world, writer, documents=documents)
    body = assert_error(response, 400, "file_refused")
    assert "giay-to.pdf" in body["message"]
    assert not Dossier.objects.exists()
    assert not DossierFile.objects.exists()
    assert not DossierEvent.objects.exists()
    assert _stored_files(settings) == []


def test_missing_idempotency_key_is_refused(client, world, writer):
    response = post_json(client, DOSSIERS, _body(world), token=writer)
    body = assert_error(response, 422, "invalid")
    assert "Idempotency-Key" in body["fields"]
    assert not Dossier.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"consent": False}, "consent"),
        ({"procedure": "9.999999"}, "procedure"),
        ({"agency": "999.99.99.X99"}, "agency"),
        (
            {"documents": [{"name": "a.pdf", "content_base64": "không-phải"}]},
            "documents.0.content_base64",
        ),
        (
            {"documents": [{"component_id": 999999, "name": "a.pdf", "content_base64": b64(PDF)}]},
            "documents.0.component_id",
        ),
        ({"key": "short"}, "Idempotency-Key"),
    ],
    ids=["no consent", "unknown procedure", "unknown agency", "bad base64", "bad component", "key"],
)
def test_input_the_domain_refuses_is_a_422_naming_the_field(client, world, writer, change, field):
    key = change.pop("key", "submission-0002")
    body = assert_error(_submit(client, world, writer, key=key, **change), 422)
    assert field in body["fields"], body
    assert all(body["fields"][field])
    assert not Dossier.objects.exists()


def test_wrong_types_are_named(client, world, writer):
    applicant = {"name": 5, "phone": ["0912"]}
    response = _submit(client, world, writer, consent="maybe", applicant=applicant)
    body = assert_error(response, 422, "invalid")
    assert {"consent", "applicant.name", "applicant.phone"} <= set(body["fields"])


def test_an_agency_not_offering_the_procedure_is_refused(client, world, writer):
    response = _submit(client, world, writer, agency=world.committee.identifier)
    assert_error(response, 400, "not_offered")
    assert not Dossier.objects.exists()


def test_a_procedure_not_online_is_refused(client, db, make_token):
    world = build_world(online_level="none")
    _, text = make_token("write")
    response = _submit(client, world, text)
    assert_error(response, 400, "not_online")
    assert not Dossier.objects.exists()


def test_the_same_key_and_body_give_the_same_dossier(client, world, writer):
    first = _submit(client, world, writer, key="retry-0001")
    second = _submit(client, world, writer, key="retry-0001")
    assert first.status_code == second.status_code == 201
    assert first.json()["code"] == second.json()["code"]
    assert first.json()["lookup_secret"] == second.json()["lookup_secret"]
    assert Dossier.objects.count() == 1
    assert DossierFile.objects.count() == 1


def test_the_same_key_for_another_application_is_a_conflict(client, world, writer):
    assert _submit(client, world, writer, key="retry-0002").status_code == 201
    other = {"name": "Người Khác", "id_number": "008195009999", "phone": "0987654321"}
    response = _submit(client, world, writer, key="retry-0002", applicant=other)
    assert_error(response, 409, "idempotency_conflict")
    assert Dossier.objects.count() == 1


def test_keys_belong_to_their_caller(client, world, writer, make_token):
    _, other = make_token("write", name="Ứng dụng di động")
    first = _submit(client, world, writer, key="shared-key-01")
    second = _submit(client, world, other, key="shared-key-01")
    assert first.status_code == second.status_code == 201
    assert first.json()["code"] != second.json()["code"]
    assert Dossier.objects.count() == 2


def test_submission_without_credentials_is_refused(client, world):
    response = post_json(client, DOSSIERS, _body(world), key="anonymous-01")
    assert_error(response, 401, "unauthenticated")
    assert not Dossier.objects.exists()


def test_a_citizen_session_submits_as_the_owner(client, world):
    person = citizen()
    client.force_login(person)
    response = _submit(client, world, None, key="citizen-0001")
    assert response.status_code == 201, response.content
    assert Dossier.objects.get().citizen == person


# --- Who sees what -----------------------------------------------------------------------


@pytest.fixture
def two_agencies(world):
    """One dossier of the world's agency (A) and one of the other agency (B)."""
    a = received(world)
    b = received(world, agency=world.other_agency)
    return a, b


def _listed(response) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(item["code"] for item in response.json()["items"])


def test_a_token_limited_to_an_agency_sees_its_dossiers_only(
    client, world, two_agencies, make_token
):
    a, b = two_agencies
    _, for_a = make_token("read", agency=world.agency)
    _, for_b = make_token("read", agency=world.other_agency)
    _, everywhere = make_token("read")
    assert _listed(get_json(client, DOSSIERS, token=for_a)) == [a.code]
    assert _listed(get_json(client, DOSSIERS, token=for_b)) == [b.code]
    assert _listed(get_json(client, DOSSIERS, token=everywhere)) == sorted([a.code, b.code])
    assert get_json(client, f"{DOSSIERS}/{a.code}", token=for_a).json()["code"] == a.code
    assert_error(get_json(client, f"{DOSSIERS}/{b.code}", token=for_a), 404, "not_found")


def test_a_staff_session_sees_its_agency(client, world, two_agencies):
    a, b = two_agencies
    client.force_login(world.officer)
    assert _listed(get_json(client, DOSSIERS)) == [a.code]
    assert_error(get_json(client, f"{DOSSIERS}/{b.code}"), 404)
    client.force_login(world.clerk)  # the desk receives for both agencies
    assert _listed(get_json(client, DOSSIERS)) == sorted([a.code, b.code])


def test_a_citizen_session_sees_only_their_own(client, world, two_agencies):
    person = citizen()
    own = submitted(world, key="own-1", owner=person)
    submitted(world, key="someone-else", owner=citizen())
    client.force_login(person)
    assert _listed(get_json(client, DOSSIERS)) == [own.code]
    a, _ = two_agencies
    assert_error(get_json(client, f"{DOSSIERS}/{a.code}"), 404)


def test_anonymous_callers_see_no_dossiers(client, world, two_agencies):
    a, _ = two_agencies
    assert_error(get_json(client, DOSSIERS), 401, "unauthenticated")
    assert_error(get_json(client, f"{DOSSIERS}/{a.code}"), 401, "unauthenticated")


def test_list_filters_and_detail(client, world, make_token):
    waiting = submitted(world, key="waiting-1")
    done = received(world)
    _, text = make_token("read")
    assert _listed(get_json(client, DOSSIERS, {"status": 1}, token=text)) == [waiting.code]
    assert _listed(get_json(client, DOSSIERS, {"status": 2}, token=text)) == [done.code]
    assert _listed(get_json(client, DOSSIERS, {"procedure": "0.0"}, token=text)) == []
    assert_error(get_json(client, DOSSIERS, {"status": 42}, token=text), 422, "invalid")
    detail = get_json(client, f"{DOSSIERS}/{done.code.lower()}", token=text).json()
    assert detail["code"] == done.code
    assert [e["action"] for e in detail["events"]] == ["receive"]
    assert detail["applicant"]["name"] == "Nguyễn Văn An"
    assert detail["allowed_actions"] == []  # a read token does nothing


# --- Actions -----------------------------------------------------------------------------


def _act(client, code, action, token=None, *, language="vi", **inputs):
    path = f"{DOSSIERS}/{code}/actions/{action}"
    return post_json(client, path, inputs, token=token, headers={"Accept-Language": language})


def test_the_desk_receives_and_the_head_assigns_through_tokens(client, world, make_token):
    dossier = submitted(world)
    _, desk = make_token("write", user=world.clerk)
    _, head = make_token("write", user=world.head)
    detail = get_json(client, f"{DOSSIERS}/{dossier.code}", token=desk).json()
    assert Action.RECEIVE in detail["allowed_actions"]

    response = _act(client, dossier.code, "receive", desk, note="Đủ giấy tờ")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == DossierStatus.RECEIVED
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RECEIVED and dossier.due_at is not None
    event = dossier.events.get(action=Action.RECEIVE)
    assert event.actor == world.clerk and event.hash

    dossier_transfer_to_agency(dossier=dossier, actor=world.clerk)
    response = _act(client, dossier.code, "assign", head, officer=world.officer.pk)
    assert response.status_code == 200, response.content
    dossier.refresh_from_db()
    assert dossier.holder == world.officer
    assert dossier.events.filter(action=Action.ASSIGN, actor=world.head).exists()
    assert response.json()["events"][-1]["action"] == "assign"

    assert list(audit_verify()) == []
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert "intact" in out.getvalue()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_an_action_not_possible_now_is_forbidden(client, world, make_token, language):
    dossier = received(world)
    _, desk = make_token("write", user=world.clerk)
    response = _act(client, dossier.code, "approve", desk, language=language, document="GKS 1")
    body = assert_error(response, 403, "forbidden")
    if language == "en":
        assert body["message"] == "Approve is not possible for this dossier now, or not for you."
    _, head = make_token("write", user=world.head)
    assign = _act(client, dossier.code, "assign", head, language=language, officer=world.officer.pk)
    assert_error(assign, 403, "forbidden")
    dossier.refresh_from_db()
    assert (dossier.status, dossier.revision) == (DossierStatus.RECEIVED, 1)


def test_an_unknown_action_is_invalid(client, world, make_token):
    dossier = received(world)
    _, desk = make_token("write", user=world.clerk)
    body = assert_error(_act(client, dossier.code, "explode", desk), 422, "invalid")
    assert "action" in body["fields"]


@pytest.mark.parametrize("officer", [None, "someone of another agency"])
def test_assign_without_a_valid_officer_names_the_field(client, world, make_token, officer):
    dossier = with_agency(world)
    _, head = make_token("write", user=world.head)
    inputs = {} if officer is None else {"officer": world.other_officer.pk}
    body = assert_error(_act(client, dossier.code, "assign", head, **inputs), 422)
    assert list(body["fields"]) == ["officer"]
    assert dossier.events.count() == Dossier.objects.get(pk=dossier.pk).revision == 2


def test_a_read_token_for_staff_cannot_act(client, world, make_token):
    dossier = submitted(world)
    _, reader = make_token("read", user=world.clerk)
    body = assert_error(_act(client, dossier.code, "receive", reader, language="en"), 403)
    assert (body["code"], body["message"]) == ("forbidden", "This API token may only read.")
    assert Dossier.objects.get().status == DossierStatus.SUBMITTED


def test_a_token_acting_for_nobody_cannot_act(client, world, writer):
    dossier = submitted(world)
    body = assert_error(_act(client, dossier.code, "receive", writer, language="en"), 403)
    assert body == {
        "code": "forbidden",
        "message": "This token acts for no member of staff, so it cannot change dossiers.",
        "fields": {},
    }
    assert Dossier.objects.get().status == DossierStatus.SUBMITTED


def test_a_token_of_another_agency_staff_cannot_act(client, world, make_token):
    dossier = submitted(world)
    other_desk = StaffFactory(role=Role.DESK_OFFICER)
    _, text = make_token("write", user=other_desk)
    assert_error(_act(client, dossier.code, "receive", text), 404)
    assert Dossier.objects.get().status == DossierStatus.SUBMITTED


def test_a_session_write_needs_the_csrf_token_but_reading_does_not(world):
    dossier = submitted(world)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.clerk)
    assert _listed(get_json(browser, DOSSIERS)) == [dossier.code]
    assert_error(_act(browser, dossier.code, "receive"), 403, "forbidden")
    assert Dossier.objects.get().status == DossierStatus.SUBMITTED

    secret = _get_new_csrf_string()
    browser.cookies["csrftoken"] = secret
    response = post_json(
        browser,
        f"{DOSSIERS}/{dossier.code}/actions/receive",
        {},
        headers={"X-CSRFToken": secret},
    )
    assert response.status_code == 200, response.content
    assert Dossier.objects.get().status == DossierStatus.RECEIVED


def test_a_program_without_credentials_is_told_to_authenticate_not_about_csrf(world):
    program = Client(enforce_csrf_checks=True)
    response = post_json(program, DOSSIERS, _body(world), key="no-credentials-1")
    assert_error(response, 401, "unauthenticated")
