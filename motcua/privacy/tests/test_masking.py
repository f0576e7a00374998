"""Lists show ID and phone numbers masked; the dossier page shows them in full."""

import logging
from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.urls import reverse
from openpyxl import load_workbook

from motcua.dossiers.tests.factories import received, submitted, with_agency
from motcua.dossiers.tests.test_slips import pdf_pages
from motcua.feedback.tests.factories import about_procedure
from motcua.notifications.sms import send_sms

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")

ID_NUMBER, ID_MASKED = "008095001234", "*********234"
PHONE, PHONE_MASKED = "0912345678", "*******678"


def test_the_masked_filter_hides_all_but_the_last_three_digits():
    template = Template("{% load privacy %}{{ a|masked }}|{{ b|masked }}|{{ c|masked }}")

    text = template.render(Context({"a": ID_NUMBER, "b": PHONE, "c": None}))

    assert text == f"{ID_MASKED}|{PHONE_MASKED}|"


def test_the_inbox_lists_the_id_number_masked(client, world):
    dossier = with_agency(world)
    client.force_login(world.head)

    page = client.get(reverse("backoffice:inbox"))

    assert dossier.code in page.text
    assert ID_MASKED in page.text
    assert ID_NUMBER not in page.text and PHONE not in page.text


def test_the_desk_queue_lists_the_phone_masked(client, world):
    dossier = submitted(world)
    client.force_login(world.clerk)

    page = client.get(reverse("backoffice:desk"))

    assert dossier.code in page.text
    assert PHONE_MASKED in page.text
    assert PHONE not in page.text and ID_NUMBER not in page.text


def test_the_register_page_and_its_excel_copy_mask_the_phone(client, world):
    dossier = received(world, at=datetime(2026, 11, 23, 9, tzinfo=VN))
    client.force_login(world.clerk)
    period = {"date_from": "01/11/2026", "date_to": "30/11/2026"}

    page = client.get(reverse("backoffice:register"), period)
    sheet = client.get(reverse("backoffice:register"), {**period, "format": "xlsx"})

    assert dossier.code in page.text
    assert PHONE_MASKED in page.text and PHONE not in page.text
    cells = [
        str(value)
        for row in load_workbook(BytesIO(sheet.content)).active.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    assert PHONE_MASKED in cells
    assert not [cell for cell in cells if PHONE in cell or ID_NUMBER in cell]


def test_the_register_pdf_masks_the_phone(client, world, tmp_path):
    received(world, at=datetime(2026, 11, 23, 9, tzinfo=VN))
    client.force_login(world.clerk)

    pdf = client.get(
        reverse("backoffice:register"),
        {"date_from": "01/11/2026", "date_to": "30/11/2026", "format": "pdf"},
    )

    text = "\n".join(pdf_pages(pdf.content, tmp_path, layout=False))
    assert PHONE_MASKED in text and PHONE not in text


def test_the_feedback_list_shows_no_contact_details(client, world):
    feedback = about_procedure(world)
    client.force_login(world.other_head)

    page = client.get(reverse("backoffice:feedback_list"))

    assert feedback.code in page.text
    assert "0912345678" not in page.text and "binh@example.org" not in page.text


def test_the_dossier_page_shows_the_numbers_in_full_to_staff_handling_it(client, world):
    dossier = with_agency(world)
    client.force_login(world.head)

    page = client.get(reverse("backoffice:dossier", args=[dossier.code]))

    assert ID_NUMBER in page.text and PHONE in page.text


def test_the_dossier_page_of_another_agency_is_not_shown(client, world):
    dossier = with_agency(world)
    client.force_login(world.other_officer)

    page = client.get(reverse("backoffice:dossier", args=[dossier.code]))

    assert page.status_code == 404
    assert ID_NUMBER not in page.text


def test_a_text_message_is_logged_with_the_number_masked(caplog, settings):
    settings.MOTCUA_SMS_BACKEND = "motcua.notifications.sms.LoggingSmsBackend"

    with caplog.at_level(logging.INFO, logger="motcua.sms"):
        send_sms(to=PHONE, body="Hồ sơ đã có kết quả.")

    assert [r.getMessage() for r in caplog.records] == [f"SMS to {PHONE_MASKED} (20 characters)"]


def test_the_text_of_a_message_with_its_lookup_secret_is_not_logged(caplog, settings):
    settings.MOTCUA_SMS_BACKEND = "motcua.notifications.sms.LoggingSmsBackend"

    with caplog.at_level(logging.INFO, logger="motcua.sms"):
        send_sms(to=PHONE, body="Mã tra cứu: K7QX2M9P.")

    assert "K7QX2M9P" not in caplog.text
    assert PHONE not in caplog.text
