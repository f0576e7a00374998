"""Looking a dossier up by code and secret: same answer for every mistake, rate-limited."""

import re

import pytest
from django.urls import reverse

from motcua.dossiers.services import dossier_pause, dossier_request_supplement
from motcua.dossiers.tests.factories import assigned, decided, received, submitted

LOOKUP = "/tra-cuu/"


def _look(client, code, secret, **extra):
    return client.get(LOOKUP, {"code": code, "secret": secret}, **extra)


def test_lookup_page_without_a_query_shows_the_form(client, db):
    page = client.get(LOOKUP)
    assert page.status_code == 200
    assert "Mã tra cứu, hoặc 4 số cuối số điện thoại" in page.text


def test_code_and_secret_open_the_dossier_page(client, world):
    dossier = received(world)
    response = _look(client, dossier.code, dossier.lookup_secret.lower())
    assert response.status_code == 302
    assert response.url == reverse("portal:dossier", args=[dossier.code])
    page = client.get(response.url)
    assert "Hồ sơ đã được tiếp nhận" in page.text
    assert dossier.due_at.astimezone().strftime("%d/%m/%Y") in page.text


def test_qr_link_from_the_receipt_works(client, world):
    dossier = received(world)
    from motcua.dossiers.slips.context import lookup_url

    path = lookup_url(dossier).split("127.0.0.1:8000", 1)[-1].split("://", 1)[-1]
    path = path[path.index("/tra-cuu/") :]
    assert client.get(path).status_code == 302


def test_last_four_phone_digits_work_as_the_secret(client, world):
    dossier = received(world)  # phone 0912345678
    assert _look(client, dossier.code, "5678").status_code == 302
    client.cookies.clear()
    assert _look(client, dossier.code, "1234").status_code == 404


def test_unknown_code_and_wrong_secret_get_the_same_answer(client, world):
    dossier = received(world)
    wrong_secret = _look(client, dossier.code, "ZZZZZZZZ", REMOTE_ADDR="10.0.0.1")
    # The same typed secret, on a code that does not exist.
    unknown_code = _look(client, "000.00.00.H00-990101-0001", "ZZZZZZZZ", REMOTE_ADDR="10.0.0.2")
    assert wrong_secret.status_code == unknown_code.status_code == 404
    assert _page_without(wrong_secret, dossier.code) == _page_without(
        unknown_code, "000.00.00.H00-990101-0001"
    )


def _page_without(response, code: str) -> str:
    """The page, minus what differs on every request (the CSRF token) and the typed code."""
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.text)
    return text.replace(code, "CODE")


def test_a_secret_typed_with_accents_is_just_wrong(client, world):
    dossier = received(world)
    assert _look(client, dossier.code, "ĐƯỜNGÂÊÔ").status_code == 404


def test_the_dossier_page_needs_the_lookup_first(client, world):
    dossier = received(world)
    assert client.get(reverse("portal:dossier", args=[dossier.code])).status_code == 404


def test_too_many_attempts_from_one_address_are_refused(client, world, settings):
    settings.MOTCUA_LOOKUP_ATTEMPTS = 3
    dossier = received(world)
    for _ in range(3):
        assert _look(client, dossier.code, "WRONG123").status_code == 404
    refused = _look(client, dossier.code, dossier.lookup_secret)
    assert refused.status_code == 429
    assert "Bạn đã thử quá nhiều lần" in refused.text


def test_failed_guesses_on_one_code_are_limited_across_addresses(client, world, settings):
    settings.MOTCUA_LOOKUP_ATTEMPTS = 3
    dossier = received(world)
    for n in range(3):
        _look(client, dossier.code, "WRONG123", REMOTE_ADDR=f"10.0.1.{n}")
    refused = _look(client, dossier.code, dossier.lookup_secret, REMOTE_ADDR="10.0.2.1")
    assert refused.status_code == 429


def test_public_page_shows_no_staff_names_or_internal_notes(client, world):
    dossier = decided(world)
    _look(client, dossier.code, dossier.lookup_secret)
    page = client.get(reverse("portal:dossier", args=[dossier.code])).text
    for name in ("Cán bộ Một cửa", "Trưởng phòng", "Chuyên viên", "Phó Chủ tịch"):
        assert name not in page
    assert "Bộ phận Một cửa đã tiếp nhận" in page
    assert "Đã có kết quả" in page


def test_public_page_says_what_is_missing(client, world):
    dossier = dossier_request_supplement(
        actor=world.clerk,
        dossier=submitted(world),
        missing=["Bản sao giấy chứng nhận kết hôn"],
        reason="Thiếu giấy tờ chứng minh quan hệ",
    )
    _look(client, dossier.code, dossier.lookup_secret)
    page = client.get(reverse("portal:dossier", args=[dossier.code])).text
    assert "Bản sao giấy chứng nhận kết hôn" in page
    assert "Thiếu giấy tờ chứng minh quan hệ" in page
    assert reverse("portal:dossier_supply", args=[dossier.code]) in page


@pytest.mark.parametrize(("kind", "expected"), [("01", 200), ("05", 404), ("06", 404)])
def test_the_applicant_downloads_their_own_slips_only(client, world, kind, expected):
    dossier = received(world)
    _look(client, dossier.code, dossier.lookup_secret)
    response = client.get(reverse("portal:dossier_slip", args=[dossier.code, kind]))
    assert response.status_code == expected
    if expected == 200:
        assert response.content.startswith(b"%PDF")


def test_payment_request_is_shown_without_an_upload_button(client, world):
    dossier = dossier_pause(
        dossier=assigned(world), actor=world.officer, financial=True, reason="Nộp lệ phí 8.000 đ"
    )
    _look(client, dossier.code, dossier.lookup_secret)
    page = client.get(reverse("portal:dossier", args=[dossier.code])).text
    assert "Nộp lệ phí 8.000 đ" in page
    assert reverse("portal:dossier_supply", args=[dossier.code]) not in page
