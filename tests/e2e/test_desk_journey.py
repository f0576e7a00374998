"""A walk-in dossier from the district desk to the returned result, in the browser.

Desk receives it (searching without diacritics), prints form 01 and passes it on; the head
of Phòng Tư pháp assigns it; the officer and the head forward it; the district leader
approves it; the desk returns the result. Vietnamese throughout, as the product starts.
"""

import pytest
from django.utils.translation import override

from motcua.core.text import fold
from motcua.dossiers.enums import Action, DossierStatus
from motcua.organization.enums import UnitLevel
from motcua.organization.models import Agency

expect = pytest.importorskip("playwright.sync_api").expect

APPLICANT = {
    "name": "Bùi Thị Thu",
    "id_number": "008095001234",
    "phone": "0912345678",
    "address": "Tổ 5, thị trấn Nà Hang, huyện Nà Hang, tỉnh Tuyên Quang",
}


def district_justice() -> Agency:
    return Agency.objects.get(short_name="TP", unit__level=UnitLevel.DISTRICT)


def certification_codes(agency: Agency) -> set[str]:
    """Codes of the "chứng thực" procedures this agency offers."""
    offerings = agency.offerings.filter(is_active=True).select_related("procedure__current_version")
    return {
        o.procedure.code
        for o in offerings
        if "chung thuc" in fold(o.procedure.current_version.name)
    }


def in_language(language: str, label) -> str:
    with override(language):
        return str(label)


def vi(label) -> str:
    return in_language("vi", label)


def open_receipt_pdf(ui) -> bytes:
    """Click Mẫu 01's PDF link, as the desk does to print it; return the PDF it delivers.

    The slip is served inline, so Chromium opens it in its PDF viewer instead of
    downloading it, and the viewer hides the bytes: the response is kept on its way in.
    """
    page = ui.page
    link = page.locator("main ul.slip-list a[href$='/phieu/01/']")
    expect(link).to_have_count(1)
    delivered = []

    def keep(route) -> None:
        response = route.fetch()
        delivered.append((response.status, response.headers, response.body()))
        route.fulfill(response=response)

    page.route("**/phieu/01/", keep)
    with page.expect_response(lambda r: r.url.endswith("/phieu/01/")):
        link.click()
    page.unroute("**/phieu/01/", keep)
    (status, headers, pdf) = delivered[0]
    assert status == 200, status
    assert headers["content-type"] == "application/pdf"
    assert "mau-01-" in headers.get("content-disposition", "")
    page.go_back()
    return pdf


def test_district_dossier_from_desk_to_returned_result(demo, ui):
    page = ui.page
    justice = district_justice()
    codes = certification_codes(justice)
    assert codes, "the demo gives Phòng Tư pháp no chứng thực procedure"

    # a. The desk receives a walk-in dossier and prints the receipt.
    ui.login("desk")
    code = ui.receive_walk_in(query="chung thuc", codes=codes, applicant=APPLICANT)
    ui.shot("received")
    pdf = open_receipt_pdf(ui)
    assert len(pdf) > 1000
    assert pdf.startswith(b"%PDF")

    # b. The desk passes it to the competent agency.
    ui.act("transfer_to_agency")
    ui.logout()

    # c. The head of Phòng Tư pháp finds it in the inbox and assigns it.
    ui.login("head")
    page.goto("/staff/ho-so/")
    row_link = page.locator(f"main table.inbox a:has-text('{code}')")
    expect(row_link).to_have_count(1)
    ui.shot("head-inbox")
    with page.expect_navigation():
        row_link.click()
    ui.act("assign", officer="Trần Văn Minh")
    expect(page.locator("main dl.facts").first).to_contain_text("Trần Văn Minh")
    ui.logout()

    # d. The officer examines it and forwards the draft.
    ui.login("officer")
    page.goto(f"/staff/ho-so/{code}/")
    ui.shot("officer-dossier")
    ui.act("forward", note="Hồ sơ đầy đủ, đề nghị trình ký.")
    ui.logout()

    # e. The head reviews and forwards, the leader approves, the desk returns the result.
    ui.login("head")
    page.goto(f"/staff/ho-so/{code}/")
    ui.act("forward")
    ui.logout()
    ui.login("leader")
    page.goto(f"/staff/ho-so/{code}/")
    ui.act("approve", document="Bản sao chứng thực số 125/2026/SCT-BS")
    ui.logout()
    ui.login("desk")
    page.goto(f"/staff/ho-so/{code}/")
    ui.act("return_result", returned_to=APPLICANT["name"])

    # f. Returned, with the whole story in the history, in Vietnamese.
    status = page.locator("main .status-state").inner_text().strip()
    assert status == vi(DossierStatus.RETURNED.label)
    assert status != in_language("en", DossierStatus.RETURNED.label)  # it is translated
    history = page.locator("main ol.timeline > li > strong").all_inner_texts()
    assert history == [
        vi(Action(a).label)
        for a in (
            Action.RECEIVE,
            Action.TRANSFER_TO_AGENCY,
            Action.ASSIGN,
            Action.FORWARD,
            Action.FORWARD,
            Action.APPROVE,
            Action.RETURN_RESULT,
        )
    ]
    assert page.locator("main details.action").count() == 0
    ui.shot("returned")


def test_english_catalogue_search_without_diacritics(demo, ui):
    page = ui.page
    page.goto("/")
    with page.expect_navigation():
        page.locator("header").get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.goto("/thu-tuc/")
    search = page.locator("main form[role=search]")
    search.locator("[name=q]").fill("dang ky khai sinh")
    ui.submit(search.locator("button[type=submit]"))
    expect(page.locator("main").get_by_text("Birth registration", exact=True)).to_have_count(1)
    ui.shot("catalogue-en")
