"""What the desk sees of the applicant's online part: supplied documents, the rating QR."""

import pytest
from django.urls import reverse

from motcua.dossiers.services import Scan, dossier_request_supplement, dossier_supply
from motcua.dossiers.tests.factories import build_world, decided, returned, submitted
from motcua.feedback.services import rating_give

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def world():
    return build_world()


def test_desk_queue_shows_when_the_applicant_supplied_documents(client, world):
    asked = dossier_request_supplement(
        actor=world.clerk, dossier=submitted(world), missing=["Ảnh"], reason="Thiếu ảnh"
    )
    client.force_login(world.clerk)
    assert "Đã bổ sung giấy tờ" not in client.get(reverse("backoffice:desk")).text
    dossier_supply(dossier=asked, scans=[Scan("anh.pdf", PDF)])
    page = client.get(reverse("backoffice:desk")).text
    assert "Đã bổ sung giấy tờ" in page
    detail = client.get(reverse("backoffice:dossier", args=[asked.code])).text
    assert "anh.pdf" in detail  # a file outside the checklist is listed too


@pytest.mark.parametrize("situation", [decided, returned])
def test_desk_gets_a_rating_qr_code_with_the_result(client, world, situation):
    dossier = situation(world)
    client.force_login(world.clerk)
    page = client.get(reverse("backoffice:dossier", args=[dossier.code])).text
    assert "Mời người nộp đánh giá mức độ hài lòng" in page
    assert '<svg class="qr"' in page


def test_other_staff_get_no_rating_qr_code(client, world):
    dossier = returned(world)
    client.force_login(world.head)
    page = client.get(reverse("backoffice:dossier", args=[dossier.code])).text
    assert '<svg class="qr"' not in page


def test_the_desk_sees_the_rating_once_given(client, world):
    dossier = returned(world)
    rating_give(dossier=dossier, overall=5)
    client.force_login(world.clerk)
    page = client.get(reverse("backoffice:dossier", args=[dossier.code])).text
    assert "5/5" in page
