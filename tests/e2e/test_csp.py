"""The Content-Security-Policy blocks nothing the product itself shows, and what runs
JavaScript still works under it.

Every page state the accessibility test opens (its lists of pages are reused, in
Vietnamese) is opened again in a browser that records each ``securitypolicyviolation``
event and each console error; a page passes when there are none. Then the things that
use JavaScript: the print button of motcua.js, Swagger UI's list of operations (served
from our own static files), and the administration's date shortcuts, calendar, filters
and select-all box.
"""

import re

import pytest
import test_accessibility as pages
from django.utils import timezone
from support import BIRTH_REGISTRATION, open_all_details, switch_language

from motcua.accounts.models import User

expect = pytest.importorskip("playwright.sync_api").expect

# Runs first in every document: keeps the policy's violations where the test reads them,
# and makes printing observable instead of opening the print dialog.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI} ` +
    `at ${event.sourceFile || document.URL}:${event.lineNumber} ${event.sample}`
  );
}, true);
window.print = () => { document.documentElement.dataset.printed = "yes"; };
"""
VIOLATIONS = "() => window.__violations || []"
# The browser reports a page answered with an error status (a 404 page the test opens on
# purpose) as a failed load; only that one, of the document itself, is expected.
DOCUMENT_STATUS = re.compile(r"^Failed to load resource: the server responded with a status")


def watched(new_ui):
    """``new_ui`` whose tabs record violations and console errors (``ui.console``)."""

    def open_ui():
        ui = new_ui()
        ui.console = []
        ui.page.context.add_init_script(LISTEN)
        ui.page.on("console", lambda message: _keep_error(ui, message))
        ui.page.on("pageerror", lambda error: ui.console.append(f"uncaught: {error}"))
        return ui

    return open_ui


def _keep_error(ui, message) -> None:
    if message.type != "error":
        return
    expected = DOCUMENT_STATUS.match(message.text) and message.location["url"] == ui.page.url
    if not expected:
        ui.console.append(f"{message.text} ({message.location['url']})")


def assert_nothing_blocked(ui, label: str) -> None:
    violations = ui.page.evaluate(VIOLATIONS)
    assert violations == [], f"{label} ({ui.page.url}) broke the policy:\n" + "\n".join(violations)
    assert ui.console == [], f"{label} ({ui.page.url}) logged errors:\n" + "\n".join(ui.console)


class PolicyAuditor(pages.Auditor):
    """The accessibility test's page walker, checking the policy instead of axe."""

    def after(self, name: str, step, *, shot=False) -> None:
        label = f"{self.language}-{self.who}-{name}"
        with self.subtests.test(msg=label):
            self.ui.console.clear()
            step()
            expect(self.page.locator("html")).to_have_attribute("lang", self.language)
            open_all_details(self.page)  # the action forms, as the accessibility walk does
            assert_nothing_blocked(self.ui, label)


def test_public_pages_break_no_policy(demo, new_ui, subtests, tmp_path, monkeypatch):
    # The public walk is one test function there; it builds its walker by name.
    monkeypatch.setattr(pages, "Auditor", PolicyAuditor)
    pages.test_public_pages(demo, "vi", watched(new_ui), subtests, tmp_path)


def test_staff_pages_break_no_policy(demo, new_ui, subtests):
    pages.answered_feedback()
    for role, walk in pages.ROLES.items():
        ui = watched(new_ui)()
        switch_language(ui.page, "vi")
        with subtests.test(msg=f"vi-{role}-login"):
            ui.login(role)
        walk(PolicyAuditor(ui, subtests, "vi", role))
        ui.page.context.close()


def test_the_watch_sees_what_the_policy_blocks(demo, new_ui):
    """The walks above can fail: code injected into a page is blocked, and seen."""
    ui = watched(new_ui)()
    page = ui.page
    page.goto("/")
    page.evaluate(
        """() => document.querySelector("main").insertAdjacentHTML(
             "beforeend", '<p style="color: red">x</p><img src="x" onerror="alert(1)">')"""
    )
    page.wait_for_function("() => window.__violations.length >= 2")

    found = " ".join(page.evaluate(VIOLATIONS))
    assert "style-src-attr blocked inline at" in found
    assert "script-src-attr blocked inline at" in found


def test_print_button_works_under_the_policy(demo, new_ui):
    ui = watched(new_ui)()
    page = ui.page
    page.goto(f"/thu-tuc/{BIRTH_REGISTRATION}/")
    button = page.locator("main button[data-print]")

    expect(button).to_be_visible()  # motcua.js shows it; without script it stays hidden
    button.click()

    expect(page.locator("html")).to_have_attribute("data-printed", "yes")
    assert_nothing_blocked(ui, "procedure")


def test_api_docs_list_the_operations_from_our_own_files(demo, new_ui):
    ui = watched(new_ui)()
    page = ui.page
    page.goto("/api/v1/docs")

    operations = page.locator("#swagger-ui .opblock-summary")
    expect(operations.first).to_be_visible()
    assert operations.count() > 10
    expect(page.locator("#swagger-ui")).to_contain_text("/api/v1/procedures")
    operations.first.click()  # opens the operation: its parameters and answers
    expect(page.locator("#swagger-ui .opblock.is-open")).to_have_count(1)
    assert_nothing_blocked(ui, "api-docs")


def test_administration_widgets_work_under_the_policy(demo, new_ui):
    ui = watched(new_ui)()
    page = ui.page
    switch_language(page, "vi")
    ui.login("admin")  # with the second factor

    # The date field's shortcuts: "today" fills the date, the icon opens the calendar.
    page.goto("/admin/workdays/calendaroverride/add/")
    field = page.locator("input#id_date")
    shortcuts = page.locator(".datetimeshortcuts").first
    shortcuts.locator("a").first.click()
    expect(field).to_have_value(timezone.localdate().strftime("%d/%m/%Y"))
    shortcuts.locator("a").nth(1).click()
    expect(page.locator(".calendarbox").first).to_be_visible()
    assert_nothing_blocked(ui, "admin-date")

    # A list: the filter panel keeps a section closed across pages (filters.js), and the
    # select-all box ticks every row and counts them (actions.js).
    page.goto("/admin/accounts/user/")
    section = page.locator("#changelist-filter details").first
    section.locator("summary").click()
    expect(section).not_to_have_attribute("open", "")
    page.reload()
    expect(page.locator("#changelist-filter details").first).not_to_have_attribute("open", "")
    page.locator("#action-toggle").check()
    rows = User.objects.count()
    expect(page.locator("input.action-select:checked")).to_have_count(min(rows, 100))
    expect(page.locator(".action-counter")).to_contain_text(f"{min(rows, 100)}")
    assert_nothing_blocked(ui, "admin-list")
