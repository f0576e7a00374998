"""Citizen accounts: register, confirm the e-mail address, log in, see one's dossiers."""

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from motcua.accounts.models import User
from motcua.accounts.tests.factories import UserFactory
from motcua.dossiers.tests.factories import citizen, submitted

pytestmark = pytest.mark.django_db

REGISTER = "/tai-khoan/dang-ky/"


def _data(**changes):
    data = {
        "full_name": "Lý Văn Minh",
        "email": "Minh@Example.org",
        "phone": "0987654321",
        "password1": "nui-cao-song-dai-2026",
        "password2": "nui-cao-song-dai-2026",
        "consent": "on",
    }
    data.update(changes)
    return data


def _register(client, capture, **changes):
    with capture(execute=True):
        return client.post(REGISTER, _data(**changes))


def test_registration_creates_an_inactive_account_and_mails_a_link(
    client, django_capture_on_commit_callbacks
):
    response = _register(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    user = User.objects.get(email="minh@example.org")
    assert (user.role, user.is_active, user.username) == ("citizen", False, "minh@example.org")
    (message,) = mail.outbox
    assert message.to == ["minh@example.org"]
    assert "kích hoạt tài khoản" in message.body


def test_the_link_activates_the_account_and_logs_in(client, django_capture_on_commit_callbacks):
    _register(client, django_capture_on_commit_callbacks)
    link = re.search(r"https?://\S+/", mail.outbox[0].body).group(0)
    assert link.startswith(settings.SITE_URL)  # never the request's Host header
    response = client.get(urlsplit(link).path)
    assert response.url == reverse("portal:my_dossiers")
    assert User.objects.get(email="minh@example.org").is_active
    assert "Hồ sơ của tôi" in client.get(response.url).text


def test_a_forged_link_is_refused(client, django_capture_on_commit_callbacks):
    _register(client, django_capture_on_commit_callbacks)
    response = client.get(REGISTER + "xac-minh/gia-mao/")
    assert response.status_code == 400
    assert "Đường dẫn không hợp lệ hoặc đã hết hạn" in response.text
    assert not User.objects.get(email="minh@example.org").is_active


def test_an_existing_address_gets_the_same_page_and_a_reminder(
    client, django_capture_on_commit_callbacks
):
    UserFactory(username="minh", email="minh@example.org")
    response = _register(client, django_capture_on_commit_callbacks)
    assert response.url == reverse("portal:registered")
    assert User.objects.filter(email__iexact="minh@example.org").count() == 1
    (message,) = mail.outbox
    assert "đã có tài khoản" in message.body


def test_weak_or_different_passwords_are_refused(client):
    page = client.post(REGISTER, _data(password1="12345678", password2="12345678"))
    assert page.status_code == 200
    assert not User.objects.filter(email="minh@example.org").exists()
    page = client.post(REGISTER, _data(password2="khac-hoan-toan-2026"))
    assert "Hai mật khẩu không giống nhau." in page.text


def test_my_dossiers_lists_only_my_own(client, world):
    me, other = citizen(username="toi"), citizen(username="khac")
    mine = submitted(world, key="k-me", owner=me)
    theirs = submitted(world, key="k-other", owner=other)
    client.force_login(me)
    page = client.get(reverse("portal:my_dossiers")).text
    assert mine.code in page and theirs.code not in page
    assert client.get(reverse("portal:dossier", args=[mine.code])).status_code == 200
    assert client.get(reverse("portal:dossier", args=[theirs.code])).status_code == 404


def test_citizens_land_on_their_dossiers_after_logging_in(client):
    UserFactory(username="dan", password="mat-khau-rat-dai-2026")
    response = client.post(
        reverse("accounts:login"), {"username": "dan", "password": "mat-khau-rat-dai-2026"}
    )
    assert client.get(response.url).url == reverse("portal:my_dossiers")


def test_an_address_too_long_for_a_username_is_refused_on_the_form(client):
    page = client.post(REGISTER, _data(email=("a" * 140) + "@example.org"))
    assert page.status_code == 200
    assert not User.objects.exists()
