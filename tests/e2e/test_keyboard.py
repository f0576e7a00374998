"""The citizen's online dossier, from the home page to its status, with the keyboard only.

Tab, Shift+Tab, Enter, Space, arrow keys and typing: no clicks, no filling fields from the
outside. The citizen searches the catalogue without accents, opens a procedure that can be
submitted online, fills the form and attaches the scans (a focused file input opens the
file chooser with Space), sends it, and follows the dossier with its two codes. Asked
for a missing paper, they upload it; once the result is handed over, they rate the service
(arrow keys and Space in the radio groups). Every focused link and button shows where the
focus is. The staff act through the services: the journey is the citizen's.
"""

import re

import pytest
from django.utils.translation import gettext, override
from support import BIRTH_REGISTRATION, ONLINE_APPLICANT, carry_to_result, staff_member

from motcua.accounts.enums import Role
from motcua.dossiers import services as svc
from motcua.dossiers.enums import DossierStatus
from motcua.dossiers.models import Dossier
from motcua.feedback.enums import Criterion
from motcua.feedback.models import SatisfactionRating

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect
PlaywrightTimeoutError = sync_api.TimeoutError

DOSSIER_CODE = re.compile(r"^\S+-\d{6}-\d{4}$")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
MISSING = "Bản sao giấy chứng nhận kết hôn"
MAX_TABS = 80  # more Tab presses than any page needs to reach its last control

# Whether the focused element shows an outline or a ring drawn with a shadow.
FOCUS_RING = """() => {
  const style = getComputedStyle(document.activeElement);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  return outline || style.boxShadow !== "none";
}"""
# Whether ``el`` comes before the focused element (then Shift+Tab goes towards it).
BEFORE_FOCUS = """el => {
  const focused = document.activeElement;
  if (!focused || focused === document.body) return false;
  return Boolean(focused.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING);
}"""


def vi(text: str) -> str:
    with override("vi"):
        return gettext(text)


def is_focused(locator) -> bool:
    return locator.evaluate("el => el === document.activeElement")


def open_chooser(page):
    """The file dialog of the focused file input, opened with Space (or Enter, which
    Chromium also takes: now and then it lets a Space pass without opening the dialog)."""
    for key in ("Space", "Enter", "Space"):
        try:
            with page.expect_file_chooser(timeout=5_000) as chooser:
                page.keyboard.press(key)
        except PlaywrightTimeoutError:
            continue
        return chooser.value
    raise AssertionError("no key opened the file dialog of the focused input")


def tab_to(page, locator) -> None:
    """Press Tab (or Shift+Tab, when it lies behind) until ``locator`` has the focus."""
    for _ in range(MAX_TABS):
        if is_focused(locator):
            return
        page.keyboard.press("Shift+Tab" if locator.evaluate(BEFORE_FOCUS) else "Tab")
    focused = page.evaluate("() => document.activeElement.outerHTML.slice(0, 120)")
    raise AssertionError(f"{MAX_TABS} Tab presses never reached {locator}; focus is on {focused}")


def assert_focus_visible(page) -> None:
    focused = page.evaluate("() => document.activeElement.outerHTML.slice(0, 120)")
    assert page.evaluate(FOCUS_RING), f"no visible focus indicator on {focused}"


def type_into(page, locator, text: str) -> None:
    tab_to(page, locator)
    page.keyboard.type(text)
    expect(locator).to_have_value(text)


def press_and_wait(page, key: str) -> None:
    """Press ``key`` on the focused link or button and wait for the page it opens."""
    with page.expect_navigation():
        page.keyboard.press(key)


def follow_from_status(page, status: DossierStatus, link: str) -> None:
    """Reload the dossier's status page, see ``status``, then Tab to ``link`` and press
    Enter on it."""
    page.reload()
    with override("vi"):
        shown = str(status.label)
    expect(page.locator("main .status-state")).to_have_text(shown)
    tab_to(page, page.locator("main").get_by_role("link", name=vi(link)))
    assert_focus_visible(page)
    press_and_wait(page, "Enter")


def test_skip_link_is_the_first_tab_stop_and_shows_only_when_focused(page):
    page.goto("/")
    skip = page.locator("a.skip-link")
    expect(skip).to_have_text(vi("Skip to main content"))
    assert skip.bounding_box()["x"] < 0, "the skip link shows before it is focused"
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0, f"the focused skip link is off screen: {box}"
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")  # the first control of the page, not the menu
    expect(page.locator("main [name=q]")).to_be_focused()


def test_online_submission_and_lookup_with_the_keyboard_only(demo, page, screenshot, tmp_path):
    pdf = tmp_path / "to-khai.pdf"
    pdf.write_bytes(PDF)
    main = page.locator("main")

    # 1. Home page: skip to the content, search without accents.
    page.goto("/")
    page.keyboard.press("Tab")
    expect(page.locator("a.skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    search = main.locator("form[role=search]")
    type_into(page, search.locator("[name=q]"), "dang ky khai sinh")
    tab_to(page, search.locator("button[type=submit]"))
    assert_focus_visible(page)
    press_and_wait(page, "Enter")
    assert "/thu-tuc/" in page.url and "q=dang" in page.url, page.url

    # 2. The procedure, then its online submission.
    link = main.locator(f"table.procedure-table a[href$='/thu-tuc/{BIRTH_REGISTRATION}/']")
    tab_to(page, link)
    assert_focus_visible(page)
    screenshot(page, "results-focused-link")
    press_and_wait(page, "Enter")
    assert page.url.endswith(f"/thu-tuc/{BIRTH_REGISTRATION}/"), page.url
    tab_to(page, main.get_by_role("link", name=vi("Submit online")))
    assert_focus_visible(page)
    press_and_wait(page, "Enter")
    assert page.url.endswith(f"/thu-tuc/{BIRTH_REGISTRATION}/nop-truc-tuyen/"), page.url

    # 3. The form: the first commune offered, the applicant, a scan for each required
    #    document (Space on the file input opens the chooser), the two boxes ticked.
    form = main.locator("form.submission")
    agency = form.locator("[name=agency]")
    tab_to(page, agency)
    page.keyboard.press("ArrowDown")
    assert agency.input_value(), "the arrow key chose no agency"
    for name, value in ONLINE_APPLICANT.items():
        type_into(page, form.locator(f"[name={name}]"), value)
    required = form.locator(".field").filter(has=page.locator("label .required"))
    uploads = required.locator("input[type=file][name^=component_]")
    attached = uploads.count()
    assert attached >= 1, "the form asks for no document"
    for upload in uploads.all():
        tab_to(page, upload)
        open_chooser(page).set_files(str(pdf))
        assert upload.evaluate("el => el.files.length") == 1
    for box in ("declaration", "consent"):
        checkbox = form.locator(f"[name={box}]")
        tab_to(page, checkbox)
        page.keyboard.press("Space")
        expect(checkbox).to_be_checked()
    send = form.get_by_role("button", name=vi("Send the dossier"))
    tab_to(page, send)
    assert_focus_visible(page)
    screenshot(page, "form-filled")
    press_and_wait(page, "Enter")

    # 4. The confirmation gives both codes.
    assert "/da-nop/" in page.url, f"{page.url}: {main.locator('.form-errors').all_inner_texts()}"
    expect(main.locator("h1")).to_have_text(vi("Your dossier has been sent"))
    codes = main.locator("dl.facts dd code")
    code, secret = (text.strip() for text in codes.all_inner_texts()[:2])
    assert DOSSIER_CODE.match(code), code
    dossier = Dossier.objects.get(code=code)
    assert dossier.lookup_secret == secret
    assert dossier.status == DossierStatus.SUBMITTED
    assert dossier.files.count() == attached
    screenshot(page, "confirmation")

    # 5. The lookup, from the menu: the two codes lead to the dossier's status.
    tab_to(page, page.locator("header nav").get_by_role("link", name=vi("Look up a dossier")))
    assert_focus_visible(page)
    press_and_wait(page, "Enter")
    assert page.url.endswith("/tra-cuu/"), page.url
    lookup = main.locator("form")
    type_into(page, lookup.locator("[name=code]"), code)
    type_into(page, lookup.locator("[name=secret]"), secret)
    press_and_wait(page, "Enter")
    assert page.url.endswith(f"/tra-cuu/{code}/"), page.url
    with override("vi"):
        submitted = str(DossierStatus.SUBMITTED.label)
    expect(main.locator(".status-state")).to_have_text(submitted)
    screenshot(page, "status")

    # 6. The desk asks for a missing paper; the citizen, back on the status page, uploads it.
    desk = staff_member(Role.DESK_OFFICER, dossier.desk)
    dossier = svc.dossier_request_supplement(
        actor=desk, dossier=dossier, missing=[MISSING], reason="Cần bản sao để ghi tên cha."
    )
    follow_from_status(page, DossierStatus.SUPPLEMENT, "Upload the documents")
    assert page.url.endswith(f"/tra-cuu/{code}/bo-sung/"), page.url
    supply = main.locator("form[method=post]")
    png = tmp_path / "giay-chung-nhan-ket-hon.png"
    png.write_bytes(PNG)
    tab_to(page, supply.locator("input[type=file]"))
    open_chooser(page).set_files(str(png))
    type_into(page, supply.locator("[name=note]"), "Xin gửi bản sao giấy kết hôn.")
    tab_to(page, supply.get_by_role("button", name=vi("Send to the officer")))
    assert_focus_visible(page)
    screenshot(page, "supplement")
    press_and_wait(page, "Enter")
    assert page.url.endswith(f"/tra-cuu/{code}/"), page.url
    expect(main.locator(".messages")).to_contain_text(
        vi("Thank you: your documents were sent to the officer.")
    )
    assert dossier.files.filter(original_name=png.name).count() == 1
    dossier.refresh_from_db()

    # 7. The commune handles it and the desk hands the result over; the citizen rates the
    #    service: Tab into each group, the arrow keys choose a level, Tab to the comment.
    dossier = svc.dossier_receive(actor=desk, dossier=dossier)
    dossier = carry_to_result(dossier, desk)
    dossier = svc.dossier_return_result(
        actor=desk, dossier=dossier, returned_to=ONLINE_APPLICANT["name"]
    )
    follow_from_status(page, DossierStatus.RETURNED, "Rate the service")
    assert page.url.endswith(f"/tra-cuu/{code}/danh-gia/"), page.url
    form = main.locator("form.rating-form")
    chosen = {}
    for n, criterion in enumerate(Criterion):
        radios = form.locator(f"input[type=radio][name={criterion.value}]")
        tab_to(page, radios.first)
        # The highest level comes first: ArrowDown moves one level down, and checks it.
        if n % 2:
            page.keyboard.press("ArrowDown")
        else:
            page.keyboard.press("Space")
        checked = form.locator(f"input[type=radio][name={criterion.value}]:checked")
        expect(checked).to_have_count(1)
        expect(checked).to_be_focused()
        chosen[criterion.value] = int(checked.get_attribute("value"))
    assert len(set(chosen.values())) == 2, chosen
    type_into(page, form.locator("[name=comment]"), "Trả kết quả đúng hẹn.")
    tab_to(page, form.get_by_role("button", name=vi("Send my rating")))
    assert_focus_visible(page)
    screenshot(page, "rating")
    press_and_wait(page, "Enter")
    expect(main.locator(".messages")).to_have_text(vi("Thank you for rating dossier %s.") % code)
    rating = SatisfactionRating.objects.get(dossier=dossier)
    assert {c.value: getattr(rating, c.value) for c in Criterion} == chosen
    assert rating.comment == "Trả kết quả đúng hẹn."
