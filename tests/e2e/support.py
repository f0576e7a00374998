"""Checks every browser journey applies to the pages it visits.

``audit(page, label)`` runs axe-core (shipped inside the ``axe-playwright-python`` wheel,
nothing fetched) on the page as it is now and fails on any serious or critical violation;
every violation found, whatever its impact, is kept under ``test-artifacts/axe/<label>.json``.

``weigh(page, path)`` opens ``path`` and returns the bytes the browser received for it
(the document and everything it loaded), for the page-weight budget; ``without_cache(page)``
makes every page of a tab count as a first visit.
"""

import json
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
AXE_REPORTS = ROOT / "test-artifacts" / "axe"
# What fails a page: axe's two highest impacts. Moderate and minor ones are reported.
BLOCKING = frozenset({"serious", "critical"})
PUBLIC_PAGE_BUDGET = 150_000  # bytes transferred for a public page, everything included


def _axe_script() -> str:
    from axe_playwright_python.base import AXE_SCRIPT

    return AXE_SCRIPT


# Only the violations cross back from the browser: the full result (every rule that
# passed, with its elements) is large and slow to transfer, page after page.
RUN_AXE = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, tags: v.tags,
    nodes: v.nodes.map(n => ({
      target: n.target, html: n.html, impact: n.impact, failureSummary: n.failureSummary,
    })),
  }));
}"""


def audit(page, label: str) -> list[dict]:
    """Fail on serious or critical accessibility violations of the page as it is now.

    Returns the moderate and minor violations (also saved in the report).
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(_axe_script())
    violations = page.evaluate(RUN_AXE)
    AXE_REPORTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", label)
    report = {"url": page.url, "violations": violations}
    (AXE_REPORTS / f"{name}.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    blocking = [v for v in violations if v.get("impact") in BLOCKING]
    if blocking:
        lines = [
            f"{v['impact']}: {v['id']} — {v['help']} ({len(v['nodes'])} element(s), e.g. "
            f"{v['nodes'][0]['target']})"
            for v in blocking
        ]
        raise AssertionError(f"accessibility of {label} ({page.url}):\n" + "\n".join(lines))
    return [v for v in violations if v.get("impact") not in BLOCKING]


def load(page, path: str) -> list:
    """Open ``path`` in ``page`` and wait until the network is quiet; the requests that
    completed meanwhile (the document, its redirects and everything it loaded)."""
    requests = []

    def finished(request) -> None:
        requests.append(request)

    page.on("requestfinished", finished)
    try:
        page.goto(path, wait_until="load")
        page.wait_for_load_state("networkidle")
    finally:
        page.remove_listener("requestfinished", finished)
    return requests


def transferred(requests: list) -> int:
    """Bytes received for ``requests``: headers and (encoded) bodies."""
    total = 0
    for request in requests:
        sizes = request.sizes()
        total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    return total


def weigh(page, path: str) -> int:
    """Open ``path`` in ``page``; the bytes received for the document and its resources."""
    return transferred(load(page, path))


def without_cache(page) -> None:
    """Make ``page`` fetch everything every time, as on a first visit (Chromium only)."""
    session = page.context.new_cdp_session(page)
    session.send("Network.enable")
    session.send("Network.setCacheDisabled", {"cacheDisabled": True})


# --- Demo data and steps shared by the accessibility, page-weight and keyboard checks ---

BIRTH_REGISTRATION = "1.001193"  # Đăng ký khai sinh: online in full, at every commune
ONLINE_APPLICANT = {
    "name": "Ma Thị Hoa",
    "id_number": "008195003456",
    "phone": "0971234560",
    "email": "ma.thi.hoa@example.com",
    "address": "Thôn Nà Khà, xã Năng Khả, huyện Nà Hang, tỉnh Tuyên Quang",
}


def demo_dossier(status, *, assigned: bool | None = None):
    """The demo's first dossier in ``status`` (with an officer holding it, or not)."""
    from motcua.dossiers.models import Dossier

    dossiers = Dossier.objects.filter(status=status).order_by("pk")
    if assigned is not None:
        dossiers = dossiers.filter(holder__isnull=not assigned)
    dossier = dossiers.first()
    assert dossier is not None, f"the demo has no dossier in status {status!r}"
    return dossier


def staff_member(role, agency, full_name: str = ""):
    """A staff account with ``role`` at ``agency``: the first there, or a new one that
    cannot log in (staff acting through the services while the journey is a citizen's)."""
    from motcua.accounts.models import User

    user = User.objects.filter(role=role, agency=agency).order_by("pk").first()
    if user is None:
        user = User(
            username=f"{role}-{agency.pk}",
            role=role,
            agency=agency,
            full_name=full_name or f"Cán bộ {agency.short_name or agency.pk}",
        )
        user.set_unusable_password()
        user.save()
    return user


def carry_to_result(dossier, desk):
    """Staff of the agencies holding the dossier act in turn until the result is ready."""
    from motcua.dossiers import services as svc
    from motcua.dossiers.enums import Action, DossierStatus
    from motcua.dossiers.permissions import allowed_actions

    dossier = svc.dossier_transfer_to_agency(dossier=dossier, actor=desk)
    for _ in range(10):
        if dossier.status != DossierStatus.PROCESSING:
            break
        actor = staff_member(dossier.current_step.role, dossier.holder_agency)
        allowed = allowed_actions(actor, dossier)
        if Action.APPROVE in allowed:
            dossier = svc.dossier_decide(
                dossier=dossier,
                actor=actor,
                approved=True,
                document="Giấy khai sinh số 112/2026",
            )
        else:
            step = dossier.current_step.name
            assert Action.FORWARD in allowed, f"{actor} may only {allowed} at {step}"
            dossier = svc.dossier_forward(dossier=dossier, actor=actor, note="Đủ điều kiện.")
    assert dossier.status == DossierStatus.PROCESSED, dossier.get_status_display()
    return dossier


def answered_feedback():
    """Feedback about a demo dossier, answered by Phòng Tư pháp and published (made once)."""
    from motcua.accounts.models import User
    from motcua.dossiers.enums import DossierStatus
    from motcua.feedback.enums import FeedbackKind, Topic
    from motcua.feedback.models import Feedback
    from motcua.feedback.services import (
        Submission,
        feedback_accept,
        feedback_answer,
        feedback_submit,
    )

    key = "e2e-answered-feedback"
    existing = Feedback.objects.filter(idempotency_key=key).first()
    if existing is not None:
        return existing
    dossier = demo_dossier(DossierStatus.PROCESSING, assigned=True)
    feedback = feedback_submit(
        submission=Submission(
            kind=FeedbackKind.FEEDBACK,
            topic=Topic.SERVICE_QUALITY,
            unit=dossier.agency.unit,
            title="Hỏi về thời hạn chứng thực bản sao",
            description="Tôi muốn biết bao giờ có kết quả chứng thực.",
            consent=True,
            dossier_code=dossier.code,
            contact_name="Trần Thị Bình",
            contact_phone="0912345678",
        ),
        idempotency_key=key,
    )
    officer = User.objects.get(username="officer")
    head = User.objects.get(username="head")
    feedback = feedback_accept(feedback=feedback, actor=officer)
    return feedback_answer(
        feedback=feedback,
        actor=head,
        answer="Hồ sơ của ông/bà đang được xử lý và sẽ trả đúng hẹn.",
        publish=True,
    )


def switch_language(page, language: str) -> None:
    """Choose ``language`` with the language form in the header, as a visitor does."""
    if page.url in ("", "about:blank"):
        page.goto("/")
    current = page.locator("html").get_attribute("lang")
    if current != language:
        button = page.locator(f"header form.language-switch button[value={language}]")
        with page.expect_navigation():
            button.click()
    assert page.locator("html").get_attribute("lang") == language


def open_all_details(page) -> None:
    """Open every ``<details>`` in the page's main part (the back office's action forms)."""
    page.locator("main details:not([open])").evaluate_all(
        "all => all.forEach(d => { d.open = true; })"
    )


def fill_online_submission(page, pdf, applicant: dict[str, str] = ONLINE_APPLICANT) -> None:
    """Fill the online form: the first agency offered, the applicant, a file for each
    required document, the declaration and the consent."""
    form = page.locator("main form.submission")
    form.locator("[name=agency]").select_option(index=1)
    for name, value in applicant.items():
        form.locator(f"[name={name}]").fill(value)
    for field in form.locator(".field").filter(has=page.locator("input[type=file]")).all():
        upload = field.locator("input[type=file]")
        if (
            upload.get_attribute("name").startswith("component_")
            and field.locator("label .required").count()
        ):
            upload.set_input_files(str(pdf))
    form.locator("[name=declaration]").check()
    form.locator("[name=consent]").check()


LOCAL_HOST = "127.0.0.1"
# Addresses the browser resolves by itself, never over the network (its PDF viewer is a
# built-in extension that loads chrome:// and chrome-extension:// resources).
IN_BROWSER_SCHEMES = frozenset({"about", "blob", "chrome", "chrome-extension", "data"})


def only_local(outside: list[str]) -> Callable:
    """A route handler for a browser context: requests off this machine are aborted and
    their addresses kept in ``outside`` (the test then fails on them)."""

    def route_handler(route) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in IN_BROWSER_SCHEMES or parts.hostname == LOCAL_HOST:
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    return route_handler


def otp_code(username: str) -> str:
    """The code the authenticator app of ``username`` shows now (the demo administrator's
    app is made by load_demo), as the person would read it off the phone."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from motcua.accounts.tests.otp import totp_code

    return totp_code(TOTPDevice.objects.get(user__username=username, confirmed=True))
