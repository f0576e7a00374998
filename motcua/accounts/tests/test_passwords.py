"""Passwords: hashed with Argon2; resetting one tells nobody which addresses have accounts."""

import re

import pytest
from django.contrib.auth.hashers import check_password, identify_hasher, make_password
from django.core import mail
from django.urls import reverse

import config.settings as configured
from motcua.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_passwords_are_hashed_with_argon2_first(settings):
    settings.PASSWORD_HASHERS = configured.PASSWORD_HASHERS  # tests use a fast one
    assert configured.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"

    encoded = make_password("nui-cao-song-dai-2026")

    assert identify_hasher(encoded).algorithm == "argon2"
    assert encoded.startswith("argon2$argon2id$")
    assert check_password("nui-cao-song-dai-2026", encoded)


def _reset(client, email):
    return client.post(reverse("accounts:password_reset"), {"email": email}, follow=True)


def _page(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(client):
    UserFactory(email="lan@example.org")

    known = _reset(client, "lan@example.org")
    known_mail = len(mail.outbox)
    unknown = _reset(client, "nobody@example.org")

    assert (
        known.redirect_chain
        == unknown.redirect_chain
        == [(reverse("accounts:password_reset_done"), 302)]
    )
    assert _page(known) == _page(unknown)
    assert "Nếu địa chỉ bạn nhập thuộc về một tài khoản" in _page(known)
    assert (known_mail, len(mail.outbox)) == (1, 1), "only the account's address gets a link"
    assert mail.outbox[0].to == ["lan@example.org"]
    assert "/accounts/password/reset/" in mail.outbox[0].body
