"""Two-step login for staff (django-otp): an authenticator app, recovery codes, and the
requirement for administrators."""

import io
import re
from base64 import b32decode, b32encode
from binascii import unhexlify
from datetime import datetime, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from motcua.accounts.checks import check_otp_required_roles
from motcua.accounts.enums import Role
from motcua.accounts.otp_services import RECOVERY_CODE_COUNT, recovery_codes_renew
from motcua.accounts.services import api_token_create, user_create
from motcua.accounts.tests.factories import PASSWORD, StaffFactory, UserFactory
from motcua.accounts.tests.otp import totp_code, totp_device
from motcua.accounts.views import PENDING_KEY
from motcua.organization.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

HOME = "/staff/"
VERIFY = "/accounts/two-factor/verify/"
SETUP = "/accounts/two-factor/setup/"
WRONG_CODE = "Mã xác thực không đúng."


@pytest.fixture
def admin():
    return user_create(
        username="quantri",
        password=PASSWORD,
        role=Role.ADMINISTRATOR,
        agency=AgencyFactory(),
        full_name="Quản trị viên",
    )


@pytest.fixture
def desk():
    return StaffFactory(username="motcua", role=Role.DESK_OFFICER)


def password_login(client, user, next_url=""):
    data = {"username": user.username, "password": PASSWORD, "next": next_url}
    return client.post(reverse("accounts:login"), data)


def enter(client, code, next_url=HOME):
    return client.post(VERIFY, {"code": code, "next": next_url})


def step(url: str, next_url: str = HOME) -> str:
    return f"{url}?{urlencode({'next': next_url})}"


def staff_and_admin_paths() -> list[str]:
    """Every address under /staff/ and /admin/, with each parameter filled in."""
    found: list[str] = []

    def walk(resolver, prefix):
        for entry in resolver.url_patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry, route)
            elif isinstance(entry, URLPattern) and route.startswith(("staff/", "admin/")):
                path = re.sub(r"\(\?P<\w+>[^)]*\)|<[^>]+>", "1", route)
                found.append("/" + path.replace("^", "").replace("$", "").replace("\\", ""))

    walk(get_resolver(), "")
    return found


# Required for administrators ---------------------------------------------------------------


def test_an_administrator_without_an_app_is_sent_to_set_one_up(client, admin):
    response = password_login(client, admin)

    assert response["Location"] == step(SETUP)


def test_no_staff_page_or_administration_page_opens_before_the_app_is_set_up(client, admin):
    password_login(client, admin)
    paths = staff_and_admin_paths()
    assert len(paths) > 100 and "/staff/" in paths and "/admin/" in paths

    wrong = {}
    for path in paths:
        response = client.get(path)
        if response.status_code != 302 or not response["Location"].startswith(SETUP + "?next="):
            wrong[path] = response.status_code
    assert wrong == {}


def test_half_a_login_is_not_a_login_for_the_api_but_tokens_work(client, admin):
    _, token = api_token_create(name="Tích hợp", scope="read", user=admin)
    password_login(client, admin)

    assert client.get("/api/v1/dossiers").status_code == 401
    by_token = client.get("/api/v1/dossiers", headers={"Authorization": f"Bearer {token}"})
    assert by_token.status_code == 200


def test_setting_up_the_app_shows_a_qr_code_and_the_key_then_needs_a_code(client, admin):
    password_login(client, admin)

    page = client.get(step(SETUP))
    key = client.session[PENDING_KEY]
    wrong = client.post(SETUP, {"code": "000000", "next": HOME})

    assert page.status_code == 200
    assert '<svg class="qr" role="img" aria-label="Mã QR cho ứng dụng xác thực"' in page.text
    assert page.context["key_text"] in page.text
    assert page.context["key_text"].replace(" ", "") == b32encode(unhexlify(key)).decode()
    assert wrong.status_code == 400 and WRONG_CODE in wrong.text
    assert not TOTPDevice.objects.filter(user=admin).exists()

    right = client.post(SETUP, {"code": f"{totp(unhexlify(key)):06d}", "next": HOME})

    assert right["Location"] == step(reverse("accounts:otp_recovery"))
    device = TOTPDevice.objects.get(user=admin)
    assert (device.key, device.confirmed) == (key, True)
    codes = client.get(right["Location"]).context["codes"]
    assert (
        len(codes) == RECOVERY_CODE_COUNT == StaticToken.objects.filter(device__user=admin).count()
    )
    assert client.get(right["Location"])["Location"] == reverse("accounts:two_factor"), "once"
    assert client.get(HOME).status_code == 200
    assert client.get("/admin/").status_code == 200


def test_with_an_app_the_administrator_logs_in_with_password_then_code(client, admin):
    device = totp_device(admin)

    response = password_login(client, admin, next_url="/admin/")
    assert response["Location"] == step(VERIFY, "/admin/")
    assert client.get("/admin/")["Location"] == step(VERIFY, "/admin/")

    wrong = enter(client, "123456" if totp_code(device) != "123456" else "654321", "/admin/")
    assert wrong.status_code == 400 and WRONG_CODE in wrong.text

    device.refresh_from_db()
    device.throttle_reset()  # django-otp pauses after a wrong code; the person waits
    before = client.cookies["sessionid"].value
    right = enter(client, totp_code(device), "/admin/")
    assert right["Location"] == "/admin/"
    assert client.cookies["sessionid"].value != before, "a new session key once verified"
    assert client.get("/admin/").status_code == 200
    assert client.get(HOME).status_code == 200


def test_a_code_is_accepted_once(client, admin):
    device = totp_device(admin)
    code = totp_code(device)
    password_login(client, admin)
    assert enter(client, code)["Location"] == HOME
    client.post(reverse("accounts:logout"))

    password_login(client, admin)
    again = enter(client, code)

    assert again.status_code == 400 and WRONG_CODE in again.text


def test_wrong_codes_are_paused_then_count_towards_the_lockout(client, admin, time_machine):
    time_machine.move_to(
        datetime(2026, 3, 2, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False
    )
    totp_device(admin)
    recovery_codes_renew(user=admin)
    password_login(client, admin)

    first = enter(client, "abcdefgh")
    paused = enter(client, "abcdefgh")
    assert WRONG_CODE in first.text
    assert "Vui lòng chờ" in paused.text

    answers = []
    for _ in range(4):
        time_machine.shift(timedelta(seconds=20))
        answers.append(enter(client, "abcdefgh").status_code)
    assert answers == [400, 400, 400, 429]
    assert "_auth_user_id" not in client.session, "the half-done login is ended"
    assert password_login(client, admin).status_code == 429


def test_an_app_cannot_be_replaced_without_passing_it(client, admin):
    totp_device(admin)
    password_login(client, admin)

    response = client.get(SETUP)

    assert response["Location"] == step(VERIFY, SETUP)


def test_a_recovery_code_works_once(client, admin):
    totp_device(admin)
    code = recovery_codes_renew(user=admin)[0]
    password_login(client, admin)
    assert enter(client, code.upper())["Location"] == HOME
    client.post(reverse("accounts:logout"))

    password_login(client, admin)
    again = enter(client, code)

    assert again.status_code == 400 and WRONG_CODE in again.text
    assert StaticToken.objects.filter(device__user=admin).count() == RECOVERY_CODE_COUNT - 1


def test_the_administrator_must_keep_the_second_factor(client, admin):
    totp_device(admin)
    password_login(client, admin)
    enter(client, totp_code(TOTPDevice.objects.get(user=admin)))

    response = client.post(reverse("accounts:otp_remove"), follow=True)

    assert "bắt buộc đăng nhập hai bước" in response.text
    assert TOTPDevice.objects.filter(user=admin).exists()


def test_otp_remove_command_lets_an_administrator_who_lost_the_phone_set_up_anew(client, admin):
    totp_device(admin)
    recovery_codes_renew(user=admin)

    out = io.StringIO()
    call_command("otp_remove", admin.username, stdout=out)

    assert out.getvalue() == "Đã gỡ 2 thiết bị xác thực hai bước của quantri.\n"

    assert not TOTPDevice.objects.filter(user=admin).exists()
    assert not StaticToken.objects.filter(device__user=admin).exists()
    assert password_login(client, admin)["Location"] == step(SETUP)


def test_the_required_roles_are_a_setting(client, desk, settings):
    settings.MOTCUA_OTP_REQUIRED_ROLES = [Role.DESK_OFFICER]

    assert password_login(client, desk)["Location"] == step(SETUP)


# Optional for other staff, absent for citizens -----------------------------------------------


def test_a_desk_officer_logs_in_with_the_password_alone(client, desk):
    assert password_login(client, desk)["Location"] == HOME
    workspace = client.get(HOME)
    assert 'href="/accounts/two-factor/">Đăng nhập hai bước</a>' in workspace.text
    assert "Đang tắt" in client.get(reverse("accounts:two_factor")).text


def test_a_desk_officer_who_turns_it_on_then_logs_in_with_a_code_and_may_turn_it_off(client, desk):
    password_login(client, desk)
    client.get(SETUP)
    key = client.session[PENDING_KEY]
    client.post(SETUP, {"code": f"{totp(unhexlify(key)):06d}"})
    client.post(reverse("accounts:logout"))

    assert password_login(client, desk)["Location"] == step(VERIFY)
    assert client.get(HOME)["Location"] == step(VERIFY)
    assert enter(client, totp_code(TOTPDevice.objects.get(user=desk)))["Location"] == HOME

    client.post(reverse("accounts:otp_remove"))
    assert not TOTPDevice.objects.filter(user=desk).exists()
    client.post(reverse("accounts:logout"))
    assert password_login(client, desk)["Location"] == HOME


def test_citizens_have_no_second_factor(client):
    citizen = UserFactory(username="an@example.org", role=Role.CITIZEN)

    assert password_login(client, citizen)["Location"] == HOME  # then on to their dossiers
    assert client.get(reverse("accounts:two_factor")).status_code == 403
    assert client.get(SETUP).status_code == 403


def test_the_demo_administrator_logs_in_with_what_load_demo_prints(client, settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    printed = out.getvalue()
    key = re.search(r"secret=([A-Z2-7]+)", printed).group(1)
    codes = re.search(r"recovery code \(each once\): ([a-z2-7 ]+)", printed).group(1).split()

    data = {"username": "admin", "password": "demo-motcua"}
    assert client.post(reverse("accounts:login"), data)["Location"] == step(VERIFY)
    app_code = f"{totp(b32decode(key)):06d}"
    assert enter(client, app_code)["Location"] == HOME
    assert len(codes) == RECOVERY_CODE_COUNT
    call_command("load_demo", stdout=(again := io.StringIO()))
    assert key in again.getvalue(), "loading again keeps the same app"


@pytest.mark.parametrize("roles", [["administrator", "adminstrator"], ["citizen"]])
def test_a_required_role_that_is_not_a_staff_role_stops_the_start(settings, roles):
    settings.MOTCUA_OTP_REQUIRED_ROLES = roles

    (error,) = check_otp_required_roles(None)

    assert error.id == "motcua.accounts.E001"
    assert roles[-1] in error.msg
