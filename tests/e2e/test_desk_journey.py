"""A walk-in dossier from the district desk to the returned result, in the browser.

Desk receives it (searching without diacritics), prints form 01 and passes it on; the head
of Phòng Tư pháp assigns it; the officer and the head forward it; the district leader
approves it; the desk returns the result. It runs in Vietnamese, as the product starts, and
again in English, switched to in the header by the desk (the choice stays with the browser,
through every log-in); every page on the way passes the accessibility audit.
"""

import pytest
from journeys import LANGUAGES, Stops, assert_pdf, label, open_pdf, use_language
from support import audit

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


@pytest.mark.parametrize("language", LANGUAGES)
def test_district_dossier_from_desk_to_returned_result(demo, language, ui, screenshot):
    page = ui.page
    stop = Stops("desk", language, screenshot)
    justice = district_justice()
    codes = certification_codes(justice)
    assert codes, "the demo gives Phòng Tư pháp no chứng thực procedure"

    # a. The desk receives a walk-in dossier and prints the receipt.
    use_language(page, language)
    page.goto("/accounts/login/")
    stop(page, "login")
    ui.login("desk")
    stop(page, "workspace")
    page.goto("/staff/tiep-nhan/")
    stop(page, "reception", shot=True)
    code = ui.receive_walk_in(query="chung thuc", codes=codes, applicant=APPLICANT)
    stop(page, "received", shot=True)
    headers, pdf = open_pdf(page, page.locator("main ul.slip-list a[href$='/phieu/01/']"))
    assert f"mau-01-{code}.pdf" in headers.get("content-disposition", "")
    assert_pdf(pdf)

    # b. The desk passes it to the competent agency.
    ui.act("transfer_to_agency")
    stop(page, "transferred")
    ui.logout()

    # c. The head of Phòng Tư pháp finds it in the inbox and assigns it.
    ui.login("head")
    page.goto("/staff/ho-so/")
    row_link = page.locator(f"main table.inbox a:has-text('{code}')")
    expect(row_link).to_have_count(1)
    stop(page, "head-inbox", shot=True)
    with page.expect_navigation():
        row_link.click()
    stop(page, "head-dossier", shot=True)
    ui.act("assign", officer="Trần Văn Minh")
    expect(page.locator("main dl.facts").first).to_contain_text("Trần Văn Minh")
    stop(page, "assigned")
    ui.logout()

    # d. The officer examines it and forwards the draft.
    ui.login("officer")
    page.goto(f"/staff/ho-so/{code}/")
    stop(page, "officer-dossier", shot=True)
    ui.act("forward", note="Hồ sơ đầy đủ, đề nghị trình ký.")
    ui.logout()

    # e. The head reviews and forwards, the leader approves, the desk returns the result.
    ui.login("head")
    page.goto(f"/staff/ho-so/{code}/")
    ui.act("forward")
    ui.logout()
    ui.login("leader")
    page.goto(f"/staff/ho-so/{code}/")
    stop(page, "leader-dossier")
    ui.act("approve", document="Bản sao chứng thực số 125/2026/SCT-BS")
    ui.logout()
    ui.login("desk")
    page.goto(f"/staff/ho-so/{code}/")
    ui.act("return_result", returned_to=APPLICANT["name"])

    # f. Returned, with the whole story in the history, in the desk's language.
    status = page.locator("main .status-state").inner_text().strip()
    assert status == label(language, DossierStatus.RETURNED.label)
    assert label("vi", DossierStatus.RETURNED.label) != label("en", DossierStatus.RETURNED.label)
    history = page.locator("main ol.timeline > li > strong").all_inner_texts()
    assert history == [
        label(language, Action(a).label)
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
    stop(page, "returned", shot=True)


def test_english_catalogue_search_without_diacritics(demo, ui):
    page = ui.page
    use_language(page, "en")
    page.goto("/thu-tuc/")
    search = page.locator("main form[role=search]")
    search.locator("[name=q]").fill("dang ky khai sinh")
    ui.submit(search.locator("button[type=submit]"))
    expect(page.locator("main").get_by_text("Birth registration", exact=True)).to_have_count(1)
    ui.shot("catalogue-en")
    audit(page, "catalogue-search-en")
