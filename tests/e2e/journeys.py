"""Steps the browser journeys share: the language a visitor reads the product in, the PDFs
they print, the facts they read, and a phone's browser.

A journey runs in Vietnamese (the product's language) and in English, the visitor having
switched with the language form in the header; ``tr`` and ``label`` give the words a page
shows in the journey's language, so each assertion reads the same in both.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest
from django.utils.translation import gettext, override, pgettext
from support import audit, only_local

expect = pytest.importorskip("playwright.sync_api").expect

LANGUAGES = ["vi", "en"]
# The header's language form names each language in itself.
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}
PHONE = {"width": 375, "height": 812}
DEMO_PASSWORD = "demo-motcua"
# As conftest's ``new_page`` allows: this machine, and what the browser resolves by itself.


def tr(language: str, text: str, context: str | None = None) -> str:
    """``text`` (an English source message) as the pages show it in ``language``."""
    with override(language):
        return gettext(text) if context is None else pgettext(context, text)


def label(language: str, lazy) -> str:
    """A lazily translated label (a choice's label, an enum's) in ``language``."""
    with override(language):
        return str(lazy)


def use_language(page, language: str) -> None:
    """Open the home page and, unless it is Vietnamese, switch with the header's form.

    The choice is kept in a cookie: it holds for the browser, across log-ins and log-outs.
    """
    page.goto("/")
    if language != "vi":
        switch = page.locator("header form.language-switch")
        with page.expect_navigation():
            switch.get_by_role("button", name=LANGUAGE_NAMES[language]).click()
    expect(page.locator("html")).to_have_attribute("lang", language)


def fact(page, term: str):
    """The value next to ``term`` in the page's lists of facts (the first one found)."""
    return page.locator(
        f"xpath=//main//dl[contains(@class, 'facts')]/dt[normalize-space()='{term}']"
        "/following-sibling::dd[1]"
    ).first


def open_pdf(page, link) -> tuple[dict[str, str], bytes]:
    """Click a link to a PDF slip, as a person does to print it; return its headers and bytes.

    Slips are served inline, so Chromium shows them in its viewer, which hides the bytes: the
    response is kept on its way in. The tab then goes back to the page with the link.
    """
    expect(link).to_have_count(1)
    path = urlsplit(link.get_attribute("href")).path
    delivered = []

    def keep(route) -> None:
        response = route.fetch()
        delivered.append((response.status, response.headers, response.body()))
        route.fulfill(response=response)

    page.route(f"**{path}", keep)
    try:
        with page.expect_response(lambda r: urlsplit(r.url).path == path):
            link.click()
    finally:
        page.unroute(f"**{path}", keep)
    status, headers, pdf = delivered[0]
    assert status == 200, f"{path} answered {status}"
    assert headers["content-type"] == "application/pdf", headers["content-type"]
    page.go_back()
    return headers, pdf


def assert_pdf(pdf: bytes, *, at_least: int = 1000) -> None:
    """A real, non-empty PDF document."""
    assert pdf.startswith(b"%PDF-"), pdf[:16]
    assert len(pdf) >= at_least, len(pdf)
    assert b"%%EOF" in pdf[-1024:]


def no_sideways_scroll(page, width: int = PHONE["width"]) -> None:
    """Nothing on the page is wider than the screen: it never scrolls sideways.

    On failure, names the outermost elements that stick out (those whose parent fits).
    """
    scroll = page.evaluate("document.scrollingElement.scrollWidth")
    if scroll <= width + 1:
        return
    wide = page.evaluate(
        """width => {
            const over = el => el.getBoundingClientRect().right > width + 1;
            const name = el => el.tagName.toLowerCase()
                + (el.id ? '#' + el.id : '')
                + (typeof el.className === 'string' && el.className.trim()
                   ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
            return [...document.body.querySelectorAll('*')]
                .filter(el => over(el) && !(el.parentElement && over(el.parentElement)))
                .slice(0, 5)
                .map(el => {
                    const path = [];
                    for (let p = el; p && p !== document.body; p = p.parentElement) {
                        path.unshift(name(p));
                    }
                    const heading = el.closest('section')?.querySelector('h2, h3');
                    return path.join(' > ')
                        + (heading ? ' under "' + heading.textContent.trim() + '"' : '')
                        + ' (' + Math.round(el.getBoundingClientRect().right) + ' px)';
                });
        }""",
        width,
    )
    raise AssertionError(f"{page.url} is {scroll} px wide on a {width} px screen; too wide: {wide}")


@contextmanager
def guarded_context(browser, base_url: str, **options) -> Iterator[Callable]:
    """A browser context of its own (a phone's, say), checked as ``new_page``'s are:
    anything addressed off this machine is refused and fails the test.

    Yields ``open_tab()``, which opens a tab in that context.
    """
    outside: list[str] = []

    settings = {
        "accept_downloads": True,
        "base_url": base_url,
        "locale": "vi-VN",
        "timezone_id": "Asia/Ho_Chi_Minh",
    }
    context = browser.new_context(**(settings | options))
    context.route("**/*", only_local(outside))

    def open_tab():
        tab = context.new_page()
        tab.set_default_timeout(15_000)
        return tab

    try:
        yield open_tab
    finally:
        context.close()
    if outside:
        pytest.fail("the page requested addresses off this machine:\n" + "\n".join(outside))


class Stops:
    """The pages a journey stops at: each is in the journey's language, passes the
    accessibility audit, and is photographed when asked.

    ``stop(page, "step", shot=True)`` audits as ``<journey>-<step>-<language>`` and saves
    the screenshot ``<test>-<journey>-<step>-<language>.png``.
    """

    def __init__(self, journey: str, language: str, screenshot: Callable) -> None:
        self.journey = journey
        self.language = language
        self.screenshot = screenshot

    def __call__(self, page, step: str, *, shot: bool = False) -> None:
        name = f"{self.journey}-{step}-{self.language}"
        expect(page.locator("html")).to_have_attribute("lang", self.language)
        if shot:
            self.screenshot(page, name)
        audit(page, name)
