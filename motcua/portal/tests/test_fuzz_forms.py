"""The public forms fed hostile input: an answer with a message every time, never a crash,
and nothing half-written when the form is refused."""

import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from motcua.dossiers.services import dossier_request_supplement
from motcua.dossiers.tests.factories import submitted
from motcua.dossiers.tests.fuzz import FUZZ, SCALAR, VALUE, assert_answered, counts, got, posted

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TOKENS = itertools.count()


def _submission(world) -> dict:
    required = world.version.components.get(required=True)
    return {
        "agency": str(world.agency.pk),
        "applicant_kind": "person",
        "name": "Hoàng Thị Lan",
        "id_number": "008195001122",
        "phone": "0912 345 678",
        "email": "lan@example.org",
        "address": "Xã Năng Khả",
        "representative_name": "",
        "representative_id_number": "",
        "content": "Đăng ký khai sinh cho con",
        "declaration": "on",
        "consent": "on",
        "token": f"fuzz-{next(TOKENS)}",
        f"component_{required.pk}": SimpleUploadedFile("to-khai.pdf", PDF, "application/pdf"),
    }


SUBMISSION_FIELDS = [
    "agency",
    "applicant_kind",
    "name",
    "id_number",
    "phone",
    "email",
    "address",
    "representative_name",
    "representative_id_number",
    "content",
    "declaration",
    "consent",
    "token",
    "case_name",
]


@FUZZ
@given(field=st.sampled_from(SUBMISSION_FIELDS), value=VALUE)
def test_online_submission_answers_every_input(client, world, field, value):
    url = reverse("portal:online_submit", args=[world.version.procedure.code])
    before = counts()

    response = posted(client, url, _submission(world), field, value)

    assert_answered(response, before)


REGISTRATION = {
    "full_name": "Lý Văn Minh",
    "email": "minh@example.org",
    "phone": "0987654321",
    "password1": "nui-cao-song-dai-2026",
    "password2": "nui-cao-song-dai-2026",
    "consent": "on",
}


@FUZZ
@given(field=st.sampled_from(list(REGISTRATION)), value=VALUE)
def test_registration_answers_every_input(client, db, field, value):
    from motcua.accounts.models import User

    users = User.objects.count()
    before = counts()

    response = posted(client, reverse("portal:register"), REGISTRATION, field, value)

    assert_answered(response, before)
    if response.status_code != 302:
        assert User.objects.count() == users


@FUZZ
@given(field=st.sampled_from(["code", "secret"]), value=VALUE)
def test_lookup_answers_every_input(client, asked, field, value):
    data = {"code": asked.code, "secret": "0000"}

    response = got(client, reverse("portal:lookup"), data, field, value)

    assert response.status_code in (200, 400, 404, 429)


@FUZZ
@given(field=st.sampled_from(["q", "field", "agency", "level", "page"]), value=SCALAR)
def test_catalogue_search_answers_every_query(client, world, field, value):
    response = got(client, reverse("portal:procedure_list"), {"q": "khai sinh"}, field, value)

    assert response.status_code in (200, 400)


@pytest.fixture
def asked(world):
    """A dossier the desk asked to complete (made once for all the examples of a test)."""
    return dossier_request_supplement(
        actor=world.clerk, dossier=submitted(world), missing=["Ảnh"], reason="Thiếu"
    )


@FUZZ
@given(value=SCALAR)
def test_supplement_note_answers_every_input(client, asked, value):
    client.get("/tra-cuu/", {"code": asked.code, "secret": asked.lookup_secret})
    url = reverse("portal:dossier_supply", args=[asked.code])
    upload = SimpleUploadedFile("bo-sung.pdf", PDF, "application/pdf")
    before = counts()

    response = posted(client, url, {"files": upload, "note": "x"}, "note", value)

    assert_answered(response, before)
