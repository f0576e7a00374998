"""Browser journeys: the app served by pytest-django's ``live_server``, driven by Chromium.

Every test here is marked ``e2e``. Each test gets a fresh browser context (its own cookies)
whose every request is checked: anything not addressed to 127.0.0.1 is aborted and fails
the test, because nothing the product shows may leave the machine. Key pages are saved as
full-page screenshots under ``test-artifacts/screenshots/<test>-<step>.png``.
"""

import io
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from support import LOCAL_HOST, only_local, otp_code

try:
    from playwright.sync_api import expect
except ImportError:  # not installed: the test modules skip themselves (importorskip)
    expect = None

# Playwright's sync API keeps an event loop running in this thread; Django refuses ORM
# calls from such a thread unless told it is safe. It is: tests call the ORM only while
# the browser waits. Test-only.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
DEMO_PASSWORD = "demo-motcua"
DOSSIER_CODE = re.compile(r"^\S+-\d{6}-\d{4}$")  # <desk identifier>-YYMMDD-NNNN


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def live_server():
    """pytest-django's live server, on 127.0.0.1 (its default is "localhost")."""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer(f"{LOCAL_HOST}:0")
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:
    """Argon2 costs ~0.3 s a hash here; a journey creates 7 accounts and logs in 7 times."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(transactional_db) -> None:
    """The Nà Hang demo district, catalogue, accounts and dossiers, as ``make demo`` loads."""
    with override_settings(DEBUG=True):  # load_demo refuses to run with DEBUG off
        call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def new_page(browser, live_server) -> Iterator[Callable]:
    """``new_page()`` opens a browser tab in a context of its own: its own cookies, as on
    another visitor's device. Every request of every tab it opened is checked, and any
    addressed off this machine fails the test."""
    contexts = []
    outside: list[str] = []

    def open_page():
        context = browser.new_context(
            viewport={"width": 1280, "height": 900},
            accept_downloads=True,
            base_url=live_server.url,
            locale="vi-VN",
            timezone_id="Asia/Ho_Chi_Minh",
        )
        contexts.append(context)
        context.route("**/*", only_local(outside))
        tab = context.new_page()
        tab.set_default_timeout(15_000)
        return tab

    yield open_page
    for context in contexts:
        context.close()
    if outside:
        pytest.fail("the page requested addresses off this machine:\n" + "\n".join(outside))


@pytest.fixture
def page(new_page):
    """A new browser tab in its own context; fails the test on any off-machine request."""
    return new_page()


@pytest.fixture
def screenshot(request) -> Callable:
    """``screenshot(page, "step")`` saves ``test-artifacts/screenshots/<test>-<step>.png``."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    test = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)

    def take(page, step: str) -> Path:
        path = SCREENSHOTS / f"{test}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


class Ui:
    """What a person does in the browser, as short steps; each checks the page took it."""

    def __init__(self, page, screenshot: Callable) -> None:
        self.page = page
        self.screenshot = screenshot

    def shot(self, step: str) -> Path:
        return self.screenshot(self.page, step)

    def errors(self) -> list[str]:
        """Validation messages shown on the page (form-level and field-level)."""
        found = self.page.locator("main .form-errors, main .field-errors")
        return [text.strip() for text in found.all_inner_texts() if text.strip()]

    def submit(self, button) -> None:
        """Press a submit button, wait for the next page, and fail on validation errors."""
        with self.page.expect_navigation():
            button.click()
        errors = self.errors()
        assert not errors, f"{self.page.url} shows errors: {errors}"

    def login(self, username: str, password: str = DEMO_PASSWORD) -> None:
        self.page.goto("/accounts/login/")
        form = self.page.locator("main form[method=post]")
        form.locator("[name=username]").fill(username)
        form.locator("[name=password]").fill(password)
        self.submit(self.page.locator("main button[type=submit]"))
        assert "/accounts/login/" not in self.page.url, f"{username} could not log in"
        if "/accounts/two-factor/verify/" in self.page.url:  # the second step of staff
            form = self.page.locator("main form[action$='/two-factor/verify/']")
            form.locator("[name=code]").fill(otp_code(username))
            self.submit(form.locator("button[type=submit]"))

    def logout(self) -> None:
        with self.page.expect_navigation():
            self.page.locator("header form[action$='/accounts/logout/'] button").click()

    def action_form(self, action: str):
        return self.page.locator("main").locator(f"form[action$='/xu-ly/{action}/']")

    def act(self, action: str, **fields: str) -> None:
        """Open the action's <details> in "What you can do", fill it, and submit it.

        ``fields`` are form field names without the action prefix; a ``<select>`` is
        chosen by its visible label.
        """
        form = self.action_form(action)
        assert form.count() == 1, (
            f"{self.page.url} offers no '{action}' action; it offers "
            f"{self.page.locator('main details.action > summary').all_inner_texts()}"
        )
        inner = self.page.locator(f"form[action$='/xu-ly/{action}/']")
        self.page.locator("main details.action").filter(has=inner).locator("summary").click()
        for name, value in fields.items():
            field = form.locator(f"[name='{action}-{name}']")
            if field.evaluate("el => el.tagName") == "SELECT":
                field.select_option(label=value)
            else:
                field.fill(value)
        self.submit(form.locator("button[type=submit]"))

    def receive_walk_in(self, *, query: str, codes: set[str], applicant: dict[str, str]) -> str:
        """At the desk: find the procedure, fill in the applicant, tick the documents,
        compute the appointment, receive. Returns the code read from the dossier heading.

        The first procedure listed for ``query`` whose code is in ``codes`` is opened.
        """
        page = self.page
        page.goto("/staff/tiep-nhan/")
        search = page.locator("main form[role=search]")
        search.locator("[name=q]").fill(query)
        self.submit(search.locator("button[type=submit]"))
        results = page.locator("main ul.pick-list a[href*='/staff/tiep-nhan/']")
        hrefs = results.evaluate_all("links => links.map(a => a.getAttribute('href'))")
        listed = [href.rstrip("/").rsplit("/", 1)[-1] for href in hrefs]
        wanted = [code for code in listed if code in codes]
        assert wanted, f"searching {query!r} at the desk lists {listed}, none of {sorted(codes)}"
        self.shot("search")
        with page.expect_navigation():
            page.locator(f"main ul.pick-list a[href$='/{wanted[0]}/']").click()

        form = page.locator("main form.reception")
        for name, value in applicant.items():
            form.locator(f"[name={name}]").fill(value)
        # Tick the documents every applicant must bring; leave those marked "only when…"
        # (the muted note under their name) unticked, as this applicant has none of them.
        for row in form.locator("table.checklist tbody tr").all():
            box = row.locator("input[type=checkbox]")
            box.set_checked(row.locator("td:nth-child(2) .muted").count() == 0)
        self.submit(form.locator("button[name=action][value=preview]"))
        preview = page.locator("main section.preview")
        expect(preview).to_be_visible()
        assert preview.locator("h2").inner_text().strip()
        expect(preview.locator("strong")).to_have_count(0)  # no required document missing
        self.shot("preview")

        form = page.locator("main form.reception")  # the page was rendered again
        self.submit(form.locator("button[name=action][value=receive]"))
        assert "/staff/ho-so/" in page.url, f"receiving did not open the dossier: {page.url}"
        code = page.locator("main h1 code").inner_text().strip()
        assert DOSSIER_CODE.match(code), code
        expect(page.locator("main .messages")).to_contain_text(code)
        return code


@pytest.fixture
def ui(page, screenshot) -> Ui:
    return Ui(page, screenshot)


@pytest.fixture
def new_ui(new_page, screenshot) -> Callable[[], Ui]:
    """``new_ui()``: steps in a fresh browser (a new context, without this test's cookies)."""
    return lambda: Ui(new_page(), screenshot)
