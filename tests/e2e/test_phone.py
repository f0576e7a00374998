"""The key pages on a phone: 375 px wide, touch, the mobile browser's viewport rules.

A citizen finds a procedure, opens the online form, looks a dossier up and opens the
feedback form; an agency head opens the inbox and a dossier. On each page nothing is wider
than the screen (no sideways scrolling), the page's main button is on the screen, and the
accessibility audit passes. In Vietnamese, and again in English, whose words are longer.
"""

import pytest
from journeys import (
    DEMO_PASSWORD,
    LANGUAGES,
    PHONE,
    Stops,
    guarded_context,
    no_sideways_scroll,
    tr,
    use_language,
)

from motcua.dossiers.enums import DossierStatus
from motcua.dossiers.models import Dossier

expect = pytest.importorskip("playwright.sync_api").expect

BIRTH_REGISTRATION = "1.001193"  # Đăng ký khai sinh: online in full, at every commune


@pytest.fixture
def phone(browser, live_server):
    """``phone()`` opens a tab in a phone's browser of its own (its own cookies)."""
    options = {
        "viewport": PHONE,
        "screen": PHONE,
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 2,
    }
    with guarded_context(browser, live_server.url, **options) as open_tab:
        yield open_tab


def on_screen(locator) -> None:
    """Shown, and whole within the phone's width: a thumb can reach it without scrolling
    sideways."""
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    assert box is not None, locator
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1, (locator, box)


@pytest.mark.parametrize("language", LANGUAGES)
def test_key_pages_fit_a_phone(demo, language, phone, screenshot):
    stop = Stops("phone", language, screenshot)

    def t(text: str) -> str:
        return tr(language, text)

    problems: list[str] = []

    def check(page, step: str, button) -> None:
        """The page fits the screen, its main button is there, the audit passes.

        Problems are gathered, so that one run names every page that needs work.
        """
        for verify in (
            lambda: no_sideways_scroll(page),
            lambda: on_screen(button),
            lambda: stop(page, step, shot=True),
        ):
            try:
                verify()
            except AssertionError as problem:
                problems.append(f"{step}: {problem}")

    waiting = Dossier.objects.filter(status=DossierStatus.SUPPLEMENT).order_by("pk").first()
    assert waiting is not None, "the demo has no dossier waiting for the applicant"

    # The citizen's phone.
    page = phone()
    main = page.locator("main")
    use_language(page, language)
    search = main.locator("form[role=search]")
    check(page, "home", search.get_by_role("button", name=t("Search")))
    search.locator("[name=q]").fill("dang ky khai sinh")
    with page.expect_navigation():
        search.get_by_role("button", name=t("Search")).tap()
    link = main.locator(f"table.procedure-table a[href$='/thu-tuc/{BIRTH_REGISTRATION}/']")
    expect(link).to_be_visible()
    check(page, "catalogue", main.locator("form[role=search] button[type=submit]"))
    with page.expect_navigation():
        link.tap()
    submit_online = main.get_by_role("link", name=t("Submit online"))
    check(page, "procedure", submit_online)
    with page.expect_navigation():
        submit_online.tap()
    send = main.locator("form.submission").get_by_role("button", name=t("Send the dossier"))
    send.scroll_into_view_if_needed()
    check(page, "online-form", send)

    page.goto("/tra-cuu/")
    lookup = main.locator("form")
    check(page, "lookup", lookup.get_by_role("button", name=t("Look up")))
    lookup.get_by_label(t("Dossier code")).fill(waiting.code)
    lookup.get_by_label(t("Lookup code, or the last 4 digits of the phone number")).fill(
        waiting.lookup_secret
    )
    with page.expect_navigation():
        lookup.get_by_role("button", name=t("Look up")).tap()
    assert page.url.endswith(f"/tra-cuu/{waiting.code}/"), page.url
    check(page, "dossier-status", main.get_by_role("link", name=t("Upload the documents")))

    page.goto("/phan-anh/gui/")
    send = main.locator("form.feedback-form").get_by_role("button", name=t("Send"))
    send.scroll_into_view_if_needed()
    check(page, "feedback-form", send)

    # The agency head's phone: the inbox and a dossier.
    page = phone()
    main = page.locator("main")
    use_language(page, language)
    page.goto("/accounts/login/")
    login = main.locator("form[method=post]")
    login.locator("[name=username]").fill("head")
    login.locator("[name=password]").fill(DEMO_PASSWORD)
    check(page, "login", login.locator("button[type=submit]"))
    with page.expect_navigation():
        login.locator("button[type=submit]").tap()
    assert "/accounts/login/" not in page.url, "the head could not log in"
    page.goto("/staff/ho-so/")
    rows = main.locator("table.inbox tbody tr")
    expect(rows.first).to_be_visible()
    check(page, "inbox", main.locator("form.filters").get_by_role("button", name=t("Filter")))
    code = rows.first.locator("a").first.inner_text().strip()
    with page.expect_navigation():
        rows.first.locator("a").first.tap()
    assert page.url.endswith(f"/staff/ho-so/{code}/"), page.url
    first_action = main.locator("details.action").first
    first_action.locator("summary").tap()
    button = first_action.locator("button[type=submit]")
    button.scroll_into_view_if_needed()
    check(page, "dossier", button)
    assert not problems, "on a phone:\n" + "\n".join(problems)
