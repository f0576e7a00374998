"""Forms posted without their CSRF token, or with one taken from another browser: the
translated refusal page, and nothing written."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from motcua.dossiers.tests.fuzz import FUZZ, counts

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
REFUSED = "<h1>Biểu mẫu không được chấp nhận</h1>"


def _submission(world) -> dict:
    required = world.version.components.get(required=True)
    return {
        "agency": world.agency.pk,
        "applicant_kind": "person",
        "name": "Hoàng Thị Lan",
        "id_number": "008195001122",
        "phone": "0912345678",
        "declaration": "on",
        "consent": "on",
        "token": "csrf-1",
        f"component_{required.pk}": SimpleUploadedFile("to-khai.pdf", PDF, "application/pdf"),
    }


def _token(client: Client, url: str) -> str:
    page = client.get(url).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]


@pytest.fixture
def url(world):
    return reverse("portal:online_submit", args=[world.version.procedure.code])


def test_a_submission_without_a_token_is_refused_with_the_translated_page(world, url):
    browser = Client(enforce_csrf_checks=True)
    before = counts()

    page = browser.post(url, _submission(world))

    assert page.status_code == 403
    assert REFUSED in page.content.decode()
    assert counts() == before


def test_a_token_replayed_from_another_browser_is_refused(world, url):
    victim, attacker = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    stolen = _token(victim, url)
    _token(attacker, url)  # the attacker has a session cookie of their own
    before = counts()

    page = attacker.post(url, {**_submission(world), "csrfmiddlewaretoken": stolen})

    assert page.status_code == 403
    assert REFUSED in page.content.decode()
    assert counts() == before


def test_the_same_browser_with_its_token_is_accepted(world, url):
    """The control: the refusals above are the token's doing, not the form's."""
    browser = Client(enforce_csrf_checks=True)
    token = _token(browser, url)

    response = browser.post(url, {**_submission(world), "csrfmiddlewaretoken": token})

    assert response.status_code == 302
    assert counts()["Dossier"] == 1


@FUZZ
@given(token=st.text(max_size=80) | st.sampled_from(["", "\x00" * 64, "A" * 64, "A" * 32]))
def test_a_forged_token_is_refused_on_every_public_form(world, token):
    browser = Client(enforce_csrf_checks=True)
    _token(browser, reverse("portal:feedback_submit"))
    before = counts()
    targets = [
        reverse("portal:online_submit", args=[world.version.procedure.code]),
        reverse("portal:feedback_submit"),
        reverse("portal:register"),
        reverse("accounts:login"),
    ]

    for target in targets:
        page = browser.post(target, {"csrfmiddlewaretoken": token, "title": "x", "name": "y"})

        assert page.status_code == 403
        assert REFUSED in page.content.decode()
    assert counts() == before
