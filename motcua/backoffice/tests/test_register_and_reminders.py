from datetime import datetime, timedelta
from io import BytesIO, StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from motcua.dossiers.services import dossier_assign, dossier_receive, dossier_transfer_to_agency
from motcua.dossiers.tests.factories import application, build_world

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def world():
    return build_world()


def received(world, at):
    return dossier_receive(actor=world.clerk, application=application(world), at=at)


def test_register_lists_the_period_and_exports_excel_with_vietnamese_headings(client, world):
    inside = received(world, datetime(2026, 11, 23, 9, 0, tzinfo=VN))
    outside = received(world, datetime(2026, 10, 30, 9, 0, tzinfo=VN))
    client.force_login(world.clerk)
    period = {"date_from": "01/11/2026", "date_to": "30/11/2026"}

    page = client.get(reverse("backoffice:register"), period)
    sheet = client.get(reverse("backoffice:register"), {**period, "format": "xlsx"})

    assert page.status_code == 200
    assert inside.code in page.text and outside.code not in page.text
    rows = list(load_workbook(BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert rows[2][:3] == ("STT", "Mã hồ sơ", "Tên thủ tục")
    assert [row[1] for row in rows[3:]] == [inside.code]


def test_register_pdf_downloads(client, world):
    received(world, datetime(2026, 11, 23, 9, 0, tzinfo=VN))
    client.force_login(world.clerk)

    pdf = client.get(
        reverse("backoffice:register"),
        {"date_from": "01/11/2026", "date_to": "30/11/2026", "format": "pdf"},
    )

    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")


def test_register_refuses_a_reversed_period(client, world):
    client.force_login(world.clerk)

    page = client.get(
        reverse("backoffice:register"), {"date_from": "30/11/2026", "date_to": "01/11/2026"}
    )

    assert page.status_code == 400


def test_register_is_for_desks_only(client, world):
    client.force_login(world.officer)

    assert client.get(reverse("backoffice:register")).status_code == 403


def test_reminders_mail_each_officer_once_a_day(world, mailoutbox, time_machine):
    world.officer.email = "officer@example.org"
    world.officer.save(update_fields=["email"])
    world.head.email = "head@example.org"
    world.head.save(update_fields=["email"])
    start = datetime(2026, 11, 23, 9, 0, tzinfo=VN)
    dossier = dossier_transfer_to_agency(
        dossier=received(world, start), actor=world.clerk, at=start
    )
    dossier_assign(dossier=dossier, actor=world.head, officer=world.officer, at=start)
    time_machine.move_to(start + timedelta(days=7))
    mailoutbox.clear()

    call_command("send_reminders", stdout=StringIO())
    call_command("send_reminders", stdout=StringIO())

    assert sorted(m.to[0] for m in mailoutbox) == ["head@example.org", "officer@example.org"]
    assert all(dossier.code in m.body for m in mailoutbox)


def test_reminders_refuse_a_nonsense_window():
    with pytest.raises(CommandError):
        call_command("send_reminders", "--within-hours", "0")
