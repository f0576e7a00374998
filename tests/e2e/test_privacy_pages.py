"""The personal data pages in the browser: a citizen downloads their data and deletes the
account; an inspector reads the access log after an officer opened a dossier. Each page
passes the accessibility audit."""

import json

import pytest
from support import audit, demo_dossier

from motcua.accounts.models import User
from motcua.dossiers.enums import DossierStatus
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossier_list_for_officer

expect = pytest.importorskip("playwright.sync_api").expect


def test_a_citizen_downloads_their_data_and_deletes_the_account(demo, ui):
    mine = demo_dossier(DossierStatus.PROCESSING)
    Dossier.objects.filter(pk=mine.pk).update(citizen=User.objects.get(username="citizen"))
    ui.login("citizen")

    ui.page.goto("/tai-khoan/")
    audit(ui.page, "account")
    ui.shot("account")
    with ui.page.expect_download() as download:
        ui.page.get_by_role("button", name="Tải dữ liệu của tôi (JSON)").click()
    data = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert mine.code in [d["code"] for d in data["dossiers"]]

    ui.page.goto(f"/tra-cuu/{mine.code}/")
    expect(ui.page.get_by_role("heading", name="Ai đã mở hồ sơ của bạn")).to_be_visible()
    audit(ui.page, "dossier-accesses")

    ui.page.goto("/tai-khoan/xoa/")
    with ui.page.expect_navigation():
        ui.page.locator("main button[type=submit]").click()
    assert ui.errors(), "an empty confirmation must show errors"
    audit(ui.page, "account-delete-errors")
    ui.page.locator("[name=password]").fill("demo-motcua")
    ui.page.locator("[name=confirm]").check()
    with ui.page.expect_navigation():
        ui.page.locator("main button[type=submit]").click()
    expect(ui.page.get_by_role("heading", name="Tài khoản của bạn đã được xóa")).to_be_visible()
    audit(ui.page, "account-deleted")
    assert not User.objects.filter(username="citizen").exists()
    assert Dossier.objects.get(pk=mine.pk).citizen is None


def test_an_inspector_reads_who_opened_a_dossier(demo, new_ui):
    dossier = dossier_list_for_officer(user=User.objects.get(username="officer")).first()
    officer = new_ui()
    officer.login("officer")
    officer.page.goto(f"/staff/ho-so/{dossier.code}/")

    inspector = new_ui()
    inspector.login("inspector")
    inspector.page.goto(f"/staff/nhat-ky-truy-cap/?code={dossier.code}")

    rows = inspector.page.locator("main table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Trần Văn Minh")
    audit(inspector.page, "access-log")
    inspector.shot("access-log")
