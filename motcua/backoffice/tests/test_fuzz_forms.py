"""The staff forms fed hostile input: the desk, the dossier actions, the inbox filter and
the report's dates answer with a message, never crash, and a refused form writes nothing."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from motcua.backoffice.tests.test_desk_and_dossier import reception_data
from motcua.dossiers.enums import Action
from motcua.dossiers.tests.factories import assigned, build_world
from motcua.dossiers.tests.fuzz import FUZZ, SCALAR, VALUE, assert_answered, counts, got, posted

pytestmark = pytest.mark.django_db
DESK_FIELDS = [
    "agency",
    "case_name",
    "channel",
    "content",
    "fee_amount",
    "applicant_kind",
    "name",
    "id_number",
    "phone",
    "email",
    "address",
    "representative_name",
    "representative_id_number",
    "other_missing",
    "reason",  # "action" is the button: an unknown one shows the preview (the test below)
    "c-TOTAL_FORMS",
    "c-INITIAL_FORMS",
    "c-0-component_id",
    "c-0-received",
    "c-0-originals",
    "c-0-certified_copies",
    "c-1-photocopies",
]


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_world()


@pytest.fixture
def desk(client, world):
    client.force_login(world.clerk)
    url = reverse("backoffice:desk_receive", args=[world.version.procedure.code])
    return url, reception_data(world, client.get(url).text, action="receive")


@FUZZ
@given(field=st.sampled_from(DESK_FIELDS), value=VALUE)
def test_desk_reception_answers_every_input(client, desk, field, value):
    url, data = desk
    before = counts()

    response = posted(client, url, data, field, value)

    assert_answered(response, before)


@FUZZ
@given(action=st.sampled_from(["receive", "supplement", "refuse", "preview"]), value=SCALAR)
def test_desk_reasons_and_missing_documents_answer_every_input(client, desk, action, value):
    url, data = desk
    before = counts()

    response = posted(client, url, dict(data, action=action, other_missing=value), "reason", value)

    assert_answered(response, before, success=(200, 302))


# action → who takes it, and its form's fields (from motcua/dossiers/actions.py)
ACTIONS = {
    Action.FORWARD: ("officer", ["note"]),
    Action.SEND_BACK: ("officer", ["note"]),
    Action.PAUSE_SUPPLEMENT: ("officer", ["note", "missing"]),
    Action.PAUSE_FINANCIAL: ("officer", ["note"]),
    Action.TRANSFER: ("officer", ["note", "to"]),
    Action.LATE_NOTICE: ("head", ["note", "new_due_at"]),
    Action.ASSIGN: ("head", ["note", "officer"]),
    Action.APPROVE: ("leader", ["document"]),
    Action.RETURN_RESULT: ("clerk", ["method", "returned_to", "fee_receipt"]),
    Action.WITHDRAW: ("clerk", ["note"]),
}
VALID = {
    "note": "Đã xem xét",
    "missing": "Bản sao giấy tờ tùy thân",
    "new_due_at": "20/03/2026 16:00",
    "document": "Giấy khai sinh số 12",
    "method": "desk",
    "returned_to": "Nguyễn Văn An",
    "fee_receipt": "",
}


@pytest.fixture
def dossier(world):
    """One dossier with an officer, for all the examples of a test (it may move on)."""
    return assigned(world)


@FUZZ
@given(data=st.data(), action=st.sampled_from(list(ACTIONS)))
def test_dossier_action_forms_answer_every_input(client, world, dossier, data, action):
    who, fields = ACTIONS[action]
    client.force_login(getattr(world, who))
    form = {f"{action}-{name}": VALID.get(name, "") for name in fields}
    if "to" in fields:
        form[f"{action}-to"] = str(world.other_agency.pk)
    if "officer" in fields:
        form[f"{action}-officer"] = str(world.officer.pk)
    field = f"{action}-{data.draw(st.sampled_from(fields))}"
    before = counts()

    url = reverse("backoffice:dossier_action", args=[dossier.code, action])
    response = posted(client, url, form, field, data.draw(VALUE))

    assert_answered(response, before)


@FUZZ
@given(
    field=st.sampled_from(["scope", "step", "window", "channel", "procedure", "q", "page"]),
    value=SCALAR,
)
def test_inbox_filter_answers_every_query(client, world, field, value):
    client.force_login(world.head)

    response = got(client, reverse("backoffice:inbox"), {"scope": "agency"}, field, value)

    assert response.status_code in (200, 400)


@FUZZ
@given(field=st.sampled_from(["date_from", "date_to", "by", "unit"]), value=SCALAR)
def test_report_dates_answer_every_input(client, world, field, value):
    client.force_login(world.leader)
    data = {"date_from": "01/01/2026", "date_to": "31/03/2026", "by": "agency"}
    data["unit"] = str(world.agency.unit_id)

    response = got(client, reverse("backoffice:report"), data, field, value)

    assert response.status_code in (200, 400)


@FUZZ
@given(value=SCALAR)
def test_desk_catalogue_search_answers_every_query(client, world, value):
    client.force_login(world.clerk)

    response = got(client, reverse("backoffice:desk"), {"q": ""}, "q", value)

    # A NUL is never valid text: the site's 400 page says so (PostgreSQL refuses it).
    nul = "%00" in urlencode({"q": value}, doseq=True)
    assert response.status_code == (400 if nul else 200)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("fee_amount", "99999999999999999999999"),
        ("fee_amount", "9223372036854775808"),
        ("c-0-originals", "99999999999999999999999"),
        ("c-TOTAL_FORMS", "99999999999999999999999"),
        ("agency", "99999999999999999999999"),
        ("name", "Nguyễn\x00Văn An"),
        ("id_number", "\x00" * 12),
    ],
)
def test_desk_reception_refuses_numbers_out_of_range_and_nul(client, desk, field, value):
    url, data = desk
    before = counts()

    response = posted(client, url, data, field, value)

    assert response.status_code != 302
    assert_answered(response, before)
