"""The feedback forms fed hostile input: a message every time, never a crash, nothing
half-written when the form is refused."""

import itertools

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from motcua.dossiers.tests.fuzz import FUZZ, VALUE, assert_answered, counts, got, posted
from motcua.feedback.tests.factories import PDF

pytestmark = pytest.mark.django_db
KEYS = itertools.count()
FIELDS = [
    "kind",
    "topic",
    "unit",
    "procedure",
    "dossier_code",
    "title",
    "description",
    "address",
    "anonymous",
    "contact_name",
    "contact_phone",
    "contact_email",
    "consent",
    "idempotency_key",
]


def _feedback(world) -> dict:
    return {
        "kind": "complaint",
        "topic": "staff_conduct",
        "unit": str(world.agency.unit.pk),
        "procedure": "",
        "dossier_code": "",
        "title": "Cán bộ không hướng dẫn",
        "description": "Tôi hỏi nhưng không được hướng dẫn cách điền tờ khai.",
        "address": "",
        "contact_name": "Lê Văn Cường",
        "contact_phone": "0987654321",
        "contact_email": "",
        "consent": "on",
        "idempotency_key": f"fuzz-{next(KEYS):08d}",
        "files": SimpleUploadedFile("bang-chung.pdf", PDF, "application/pdf"),
    }


@FUZZ
@given(field=st.sampled_from(FIELDS), value=VALUE)
def test_feedback_form_answers_every_input(client, world, field, value):
    cache.clear()  # the per-address submission limit is not what is tested here
    before = counts()

    response = posted(client, reverse("portal:feedback_submit"), _feedback(world), field, value)

    assert_answered(response, before)


@FUZZ
@given(field=st.sampled_from(["code", "secret"]), value=VALUE)
def test_feedback_lookup_answers_every_input(client, world, field, value):
    cache.clear()
    data = {"code": "PA-2026-000001", "secret": "0000"}

    response = got(client, reverse("portal:feedback_lookup"), data, field, value)

    assert response.status_code in (200, 400, 404, 429)
