"""Lockout after repeated failed logins (django-axes), per username and client address."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from axes.models import AccessFailureLog
from django.core.management import call_command
from django.http import HttpRequest
from django.urls import reverse

from motcua.accounts.enums import Role
from motcua.accounts.tests.factories import PASSWORD, StaffFactory

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
HOME = "/staff/"
ADDRESS = "203.0.113.5"
LOCKED = (
    "Đăng nhập bằng tên này từ thiết bị này đã sai quá nhiều lần. "
    "Hãy thử lại sau 08:15 ngày 02/03/2026 (khoảng 15 phút nữa)."
)


@pytest.fixture
def officer():
    return StaffFactory(username="canbo", role=Role.DESK_OFFICER)


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(datetime(2026, 3, 2, 8, 0, tzinfo=VN), tick=False)
    return time_machine


def login(client, username, password, address=ADDRESS, url=None, **meta):
    data = {"username": username, "password": password}
    if url is None:
        url = reverse("accounts:login")
    return client.post(url, data, REMOTE_ADDR=address, **meta)


def fail(client, username, times, **kwargs) -> list[int]:
    """Wrong passwords; the answers' status codes."""
    return [login(client, username, "sai-mat-khau", **kwargs).status_code for _ in range(times)]


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_five_wrong_passwords_lock_out_even_the_right_one(client, officer, clock):
    assert fail(client, "canbo", 5) == [200, 200, 200, 200, 429]

    response = login(client, "canbo", PASSWORD)

    assert response.status_code == 429
    assert LOCKED in text(response)
    assert "_auth_user_id" not in client.session
    failures = AccessFailureLog.objects.filter(username="canbo", ip_address=ADDRESS)
    assert failures.count() == 6, "every failed attempt is kept"


def test_the_login_works_again_after_the_cool_off(client, officer, clock):
    fail(client, "canbo", 5)
    assert login(client, "canbo", PASSWORD).status_code == 429

    clock.shift(timedelta(minutes=15, seconds=1))
    response = login(client, "canbo", PASSWORD)

    assert (response.status_code, response["Location"]) == (302, HOME)


def test_a_successful_login_resets_the_count(client, officer, clock):
    fail(client, "canbo", 4)
    assert login(client, "canbo", PASSWORD).status_code == 302
    client.post(reverse("accounts:logout"))

    fail(client, "canbo", 4)
    response = login(client, "canbo", PASSWORD)

    assert (response.status_code, response["Location"]) == (302, HOME)


def test_the_lock_holds_one_name_from_one_address_only(client, officer, clock):
    fail(client, "canbo", 5)

    elsewhere = login(client, "canbo", PASSWORD, address="198.51.100.7")

    assert (elsewhere.status_code, elsewhere["Location"]) == (302, HOME)
    other = StaffFactory(username="canbo2")
    assert login(client, other.username, PASSWORD).status_code == 302


def test_the_address_is_the_one_the_proxy_saw(client, officer, clock):
    """Behind the reverse proxy every request comes from it; X-Real-IP tells people apart
    (as for the lookup's rate limit), so the proxy's own address is never locked."""
    proxy = {"address": "10.0.0.1"}
    fail(client, "canbo", 5, HTTP_X_REAL_IP="203.0.113.9", **proxy)

    assert (
        login(client, "canbo", PASSWORD, HTTP_X_REAL_IP="203.0.113.9", **proxy).status_code == 429
    )
    response = login(client, "canbo", PASSWORD, HTTP_X_REAL_IP="203.0.113.10", **proxy)
    assert response.status_code == 302


def test_an_unknown_name_is_locked_out_with_the_same_page(client, officer, clock):
    """The page never tells whether an account exists."""
    fail(client, "canbo", 5)
    fail(client, "khong-co-ai", 5)

    known = login(client, "canbo", PASSWORD)
    unknown = login(client, "khong-co-ai", PASSWORD)

    assert known.status_code == unknown.status_code == 429

    def page(response):
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text(response))

    assert page(known) == page(unknown)
    assert "canbo" not in page(known)


def test_the_administration_login_counts_and_is_locked_too(client, clock):
    admin = StaffFactory(username="quantri", role=Role.ADMINISTRATOR, is_staff=True)
    fail(client, admin.username, 3)
    fail(client, admin.username, 2, url=reverse("admin:login"))

    response = login(client, admin.username, PASSWORD, url=reverse("admin:login"))

    assert response.status_code == 429
    assert "Hãy thử lại sau 08:15" in text(response)
    assert login(client, admin.username, PASSWORD).status_code == 429


def test_axes_reset_unlocks_at_once(client, officer, clock):
    fail(client, "canbo", 5)

    call_command("axes_reset_username", "canbo")

    assert login(client, "canbo", PASSWORD).status_code == 302


def test_client_login_in_a_test_passes_a_request(client, officer):
    """The lockout needs the request of every login; a test's ``client.login`` gives one."""
    assert client.login(username="canbo", password=PASSWORD, request=HttpRequest())
    assert client.get(HOME).status_code == 200
