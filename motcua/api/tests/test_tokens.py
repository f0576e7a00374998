"""API tokens: made by a command or in the admin, shown once, checked on every request."""

import re
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse

from motcua.accounts.enums import Role
from motcua.accounts.models import ApiToken
from motcua.accounts.selectors import api_token_authenticate
from motcua.accounts.services import api_token_revoke, token_digest
from motcua.accounts.tests.factories import StaffFactory, UserFactory
from motcua.api.tests.conftest import assert_error, get_json, post_json
from motcua.dossiers.models import Dossier

DOSSIERS = "/api/v1/dossiers"
TOKEN_TEXT = re.compile(r"mc_[a-z2-9]{10}_[A-Za-z0-9_-]{20,}")


def _create(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("create_api_token", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


# --- The command -------------------------------------------------------------------------


def test_command_prints_the_token_once_and_keeps_only_a_digest(db):
    out, err = _create("--name", "Cổng dịch vụ công tỉnh", "--scope", "read")
    text = out.strip()
    assert out.count("\n") == 1 and TOKEN_TEXT.fullmatch(text)
    token = ApiToken.objects.get()
    _, key_id, secret = text.split("_", 2)
    assert (token.name, token.scope, token.key_id) == ("Cổng dịch vụ công tỉnh", "read", key_id)
    assert (token.agency, token.user, token.revoked_at) == (None, None, None)
    assert key_id in err and secret not in err
    row = ApiToken.objects.filter(pk=token.pk).values().get()
    assert not [name for name, value in row.items() if secret in str(value)]
    assert token.digest == token_digest(secret)
    assert api_token_authenticate(raw=text) == token


@pytest.mark.parametrize("by", ["pk", "identifier", "identifier in lower case"])
def test_command_limits_the_token_to_an_agency_given_by_id_or_code(world, by):
    agency = world.agency
    given = {
        "pk": str(agency.pk),
        "identifier": agency.identifier,
        "identifier in lower case": agency.identifier.lower(),
    }[by]
    _create("--name", "Phần mềm Tư pháp", "--scope", "write", "--agency", given)
    token = ApiToken.objects.get()
    assert (token.agency, token.scope) == (agency, "write")


def test_command_makes_a_token_acting_for_a_staff_account(world):
    out, _ = _create("--name", "Kiosk", "--scope", "write", "--user", world.clerk.username)
    token = ApiToken.objects.get()
    assert (token.user, token.agency) == (world.clerk, world.desk)
    assert api_token_authenticate(raw=out.strip()) == token


@pytest.mark.parametrize(
    "arguments",
    [
        ["--scope", "admin"],
        ["--scope", "read", "--agency", "999999"],
        ["--scope", "read", "--agency", "000.00.00.X00"],
        ["--scope", "write", "--user", "nobody-has-this-name"],
        ["--scope", "write", "--user", "citizen"],
        ["--scope", "write", "--user", "clerk", "--agency", "other agency"],
        ["--scope", "read", "--name", "  "],
    ],
    ids=[
        "bad scope",
        "unknown agency id",
        "unknown agency code",
        "unknown user",
        "citizen user",
        "agency of someone else",
        "blank name",
    ],
)
def test_command_refuses_bad_arguments_and_makes_nothing(world, arguments):
    citizen = UserFactory(role=Role.CITIZEN, username="citizen")
    names = {
        "citizen": citizen.username,
        "clerk": world.clerk.username,
        "other agency": world.other_agency.identifier,
    }
    arguments = [names.get(a, a) for a in arguments]
    if "--name" not in arguments:
        arguments = ["--name", "Cổng tỉnh", *arguments]
    with pytest.raises(CommandError):
        _create(*arguments)
    assert not ApiToken.objects.exists()


# --- Authentication ----------------------------------------------------------------------


def test_a_valid_token_is_accepted(client, make_token):
    _, text = make_token("read")
    response = get_json(client, DOSSIERS, token=text)
    assert response.status_code == 200
    assert response.json()["count"] == 0


def _revoked(token, text):
    api_token_revoke(token=token)
    return text


def _tampered(token, text):
    return text[:-1] + ("A" if text[-1] != "A" else "B")


def _wrong_prefix(token, text):
    return "xx" + text[2:]


def _other_key_id(token, text):
    prefix, key_id, secret = text.split("_", 2)
    return f"{prefix}_{'z' * 10}_{secret}"


@pytest.mark.parametrize("spoil", [_revoked, _tampered, _wrong_prefix, _other_key_id])
@pytest.mark.parametrize("path", [DOSSIERS, "/api/v1/procedures"])
def test_a_bad_token_is_refused_even_where_anyone_may_read(client, make_token, spoil, path):
    token, text = make_token("write")
    response = get_json(client, path, token=spoil(token, text))
    body = assert_error(response, 401, "unauthenticated")
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert "Traceback" not in body["message"]


def test_a_bad_token_is_answered_in_english_when_asked(client, make_token):
    response = get_json(
        client, DOSSIERS, token="mc_nothing_here", headers={"Accept-Language": "en"}
    )
    assert assert_error(response, 401)["message"] == "The API token is not valid or was revoked."


def test_without_a_token_a_staff_operation_asks_for_one(client, db):
    response = get_json(client, DOSSIERS)
    assert_error(response, 401, "unauthenticated")
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_last_use_is_recorded_at_most_once_a_minute(client, make_token):
    token, text = make_token("read")
    start = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    with time_machine.travel(start, tick=False):
        assert get_json(client, DOSSIERS, token=text, REMOTE_ADDR="10.1.2.3").status_code == 200
    token.refresh_from_db()
    assert (token.last_used_at, token.last_used_from) == (start, "10.1.2.3")

    with time_machine.travel(start + timedelta(seconds=50), tick=False):
        get_json(client, DOSSIERS, token=text, REMOTE_ADDR="10.9.9.9")
    token.refresh_from_db()
    assert (token.last_used_at, token.last_used_from) == (start, "10.1.2.3")

    later = start + timedelta(seconds=61)
    with time_machine.travel(later, tick=False):
        get_json(client, DOSSIERS, token=text, REMOTE_ADDR="10.9.9.9")
    token.refresh_from_db()
    assert (token.last_used_at, token.last_used_from) == (later, "10.9.9.9")


def test_a_refused_token_records_no_use(client, make_token):
    token, text = make_token("read")
    get_json(client, DOSSIERS, token=_tampered(token, text))
    token.refresh_from_db()
    assert token.last_used_at is None


def test_a_read_token_cannot_submit_a_dossier(client, make_token):
    _, text = make_token("read")
    body = {
        "procedure": "1.001193",
        "agency": "000.00.00.H00",
        "applicant": {"name": "Hoàng Thị Lan", "phone": "0912345678"},
        "consent": True,
    }
    response = post_json(client, DOSSIERS, body, token=text, key="read-only-1")
    assert_error(response, 403, "forbidden")
    assert not Dossier.objects.exists()


@pytest.mark.parametrize("change", ["deactivated", "became a citizen"])
def test_a_token_whose_account_left_is_refused(client, world, make_token, change):
    _, text = make_token("write", user=world.clerk)
    assert get_json(client, DOSSIERS, token=text).status_code == 200
    if change == "deactivated":
        world.clerk.is_active = False
    else:
        world.clerk.role = Role.CITIZEN
    world.clerk.save()
    assert_error(get_json(client, DOSSIERS, token=text), 401, "unauthenticated")


# --- The admin ---------------------------------------------------------------------------


def test_an_administrator_makes_a_token_and_sees_it_once(admin_client, admin_user, world):
    add = reverse("admin:accounts_apitoken_add")
    assert admin_client.get(add).status_code == 200
    response = admin_client.post(
        add,
        {"name": "Cổng tỉnh", "scope": "write", "agency": world.agency.pk, "user": ""},
        follow=True,
    )
    assert response.status_code == 200
    token = ApiToken.objects.get()
    assert (token.scope, token.agency, token.created_by) == ("write", world.agency, admin_user)
    shown = [m.message for m in response.context["messages"]]
    found = [m.group(0) for text in shown for m in [TOKEN_TEXT.search(str(text))] if m]
    assert len(found) == 1
    assert api_token_authenticate(raw=found[0]) == token
    _, _, secret = found[0].split("_", 2)
    assert secret not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    again = admin_client.get(reverse("admin:accounts_apitoken_change", args=[token.pk]))
    assert secret not in again.text
    assert secret not in admin_client.get(reverse("admin:accounts_apitoken_changelist")).text


def test_the_admin_refuses_a_token_for_a_citizen(admin_client, db):
    citizen = UserFactory(role=Role.CITIZEN)
    response = admin_client.post(
        reverse("admin:accounts_apitoken_add"),
        {"name": "Sai", "scope": "write", "agency": "", "user": citizen.pk},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert not ApiToken.objects.exists()


def test_the_admin_revoke_action_revokes(admin_client, admin_user, client, make_token):
    token, text = make_token("write")
    kept, kept_text = make_token("read", name="Khác")
    response = admin_client.post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    assert response.status_code == 302
    token.refresh_from_db()
    kept.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == admin_user
    assert kept.revoked_at is None
    assert_error(get_json(client, DOSSIERS, token=text), 401)
    assert get_json(client, DOSSIERS, token=kept_text).status_code == 200


def test_the_admin_offers_no_deletion(admin_client, make_token):
    token, _ = make_token("read")
    listing = admin_client.get(reverse("admin:accounts_apitoken_changelist"))
    assert 'value="revoke"' in listing.text
    assert 'value="delete_selected"' not in listing.text
    page = admin_client.get(reverse("admin:accounts_apitoken_change", args=[token.pk]))
    delete = reverse("admin:accounts_apitoken_delete", args=[token.pk])
    assert delete not in page.text
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_the_admin_does_not_edit_a_token(admin_client, make_token):
    token, _ = make_token("read", name="Ban đầu")
    admin_client.post(
        reverse("admin:accounts_apitoken_change", args=[token.pk]),
        {"name": "Đổi tên", "scope": "write"},
    )
    token.refresh_from_db()
    assert (token.name, token.scope) == ("Ban đầu", "read")


def test_a_staff_member_who_is_no_superuser_cannot_open_the_token_admin(client, db):
    staff = StaffFactory(is_staff=True)
    client.force_login(staff)
    response = client.get(reverse("admin:accounts_apitoken_add"))
    assert response.status_code == 403
