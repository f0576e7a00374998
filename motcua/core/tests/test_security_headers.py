"""Security headers: the Content-Security-Policy with its per-response nonce on every
document, the browser-hardening headers, and the production settings that ``check
--deploy`` judges (run in a fresh process with a production environment).
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.http import HttpResponse, JsonResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from motcua.core.csp import ContentSecurityPolicyMiddleware
from motcua.dossiers.tests.factories import build_world, received
from tests.harness import production_env

ROOT = Path(__file__).resolve().parents[3]
TEMPLATE_DIRS = sorted(ROOT.glob("motcua/**/templates"))
NONCE = re.compile(r"'nonce-([A-Za-z0-9_-]{22})'")
POLICY = (
    "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'nonce-{nonce}'; "
    "img-src 'self' data:; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)


def policy_nonce(response) -> str:
    """The nonce of the response's policy, after checking the policy is exactly ours."""
    policy = response["Content-Security-Policy"]
    nonce = NONCE.search(policy).group(1)
    assert policy == POLICY.format(nonce=nonce)
    return nonce


@pytest.fixture
def world(db):
    return build_world()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/", 200),
        ("/thu-tuc/", 200),
        ("/accounts/login/", 200),
        ("/khong-co-trang-nay/", 404),
        ("/admin/login/", 200),
        ("/api/v1/docs", 200),
    ],
)
def test_pages_carry_the_policy_without_unsafe_sources(client, path, status):
    response = client.get(path)

    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    policy_nonce(response)
    assert "unsafe" not in response["Content-Security-Policy"]


def test_staff_pages_and_the_administration_carry_the_policy(client, admin_client, world):
    client.force_login(world.clerk)
    for who, path, status in [
        (client, "/staff/", 200),
        (client, "/staff/bao-cao/", 403),  # the desk may not see reports: our 403 page
        (admin_client, "/admin/", 200),
        (admin_client, "/admin/catalog/procedure/", 200),
    ]:
        response = who.get(path)
        assert response.status_code == status, path
        policy_nonce(response)


def test_the_csrf_failure_page_is_ours_and_carries_the_policy(db):
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})

    assert response.status_code == 403
    policy_nonce(response)
    assert "<h1>Biểu mẫu không được chấp nhận</h1>" in response.text
    assert "<style" not in response.text


def test_the_server_error_page_carries_the_policy():
    request = RequestFactory().get("/")
    middleware = ContentSecurityPolicyMiddleware(server_error)

    response = middleware(request)

    assert response.status_code == 500
    policy_nonce(response)


def test_the_nonce_is_new_for_every_response_and_is_the_one_in_the_page(client, world):
    dossier = received(world)
    client.force_login(world.clerk)
    url = reverse("backoffice:dossier_slip", args=[dossier.code, "01"]) + "?html=1"

    nonces = []
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
        nonce = policy_nonce(response)
        # The printable form is rendered without the request in its context: its style
        # element still gets the nonce of the response it is part of.
        assert re.findall(r"<style nonce=\"([^\"]*)\">", response.text) == [nonce]
        nonces.append(nonce)

    assert nonces[0] != nonces[1]


def test_the_printed_pdf_is_still_styled_outside_a_request(world):
    from motcua.dossiers.slips.render import render_html

    html = render_html("01", dossier=received(world))

    assert '<style nonce="">' in html
    assert ".copies-column { width: 19mm; }" in html


def test_answers_that_are_not_documents_may_not_be_framed_either(client, world):
    dossier = received(world)
    client.force_login(world.clerk)
    api = client.get("/api/v1/openapi.json")
    pdf = client.get(reverse("backoffice:dossier_slip", args=[dossier.code, "01"]))

    for response in (api, pdf):
        assert response.status_code == 200
        assert response["Content-Security-Policy"] == "frame-ancestors 'none'"
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
    assert pdf["Content-Type"] == "application/pdf"


@pytest.mark.django_db
def test_browser_hardening_headers(client):
    response = client.get("/")

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_report_only_mode_sends_the_policy_under_the_report_only_header(settings):
    settings.SECURE_CSP_REPORT_ONLY = {**settings.SECURE_CSP, "report-uri": "/csp"}
    settings.SECURE_CSP = {}
    middleware = ContentSecurityPolicyMiddleware(lambda request: HttpResponse("<p>x</p>"))

    response = middleware(RequestFactory().get("/"))

    assert "Content-Security-Policy" not in response
    policy = response["Content-Security-Policy-Report-Only"]
    nonce = NONCE.search(policy).group(1)
    assert policy == POLICY.format(nonce=nonce) + "; report-uri /csp"
    data = ContentSecurityPolicyMiddleware(lambda request: JsonResponse({}))
    framing = data(RequestFactory().get("/"))["Content-Security-Policy-Report-Only"]
    assert framing == "frame-ancestors 'none'; report-uri /csp"


def test_a_view_may_send_its_own_policy(settings):
    def strict(request):
        response = HttpResponse("<p>x</p>")
        response["Content-Security-Policy"] = "default-src 'none'"
        return response

    response = ContentSecurityPolicyMiddleware(strict)(RequestFactory().get("/"))

    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_django_debug_pages_are_left_without_the_policy(client, settings, db):
    settings.DEBUG = True  # its 404 and 500 pages are inline script and style

    missing = client.get("/khong-co-trang-nay/")
    page = client.get("/thu-tuc/")

    assert missing.status_code == 404
    assert "Content-Security-Policy" not in missing
    policy_nonce(page)


# A house rule, checked on every template: no code the policy would block.
INLINE_CODE = {
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "event handler attribute": re.compile(r"<[^>]*\son[a-z]+\s*=", re.I),
    "javascript: address": re.compile(r"javascript:", re.I),
    "inline script without the nonce": re.compile(
        r"<script(?![^>]*\s(?:src|nonce)=)(?![^>]*type=\"application/json\")[^>]*>", re.I
    ),
    "style element without the nonce": re.compile(r"<style(?![^>]*\snonce=)[^>]*>", re.I),
}


def test_templates_hold_no_inline_code_the_policy_would_block():
    found = [
        f"{path.relative_to(ROOT)}: {what}"
        for directory in TEMPLATE_DIRS
        for path in sorted(directory.rglob("*.html"))
        for what, pattern in INLINE_CODE.items()
        if pattern.search(path.read_text(encoding="utf-8"))
    ]

    assert len(TEMPLATE_DIRS) > 5
    assert found == []


def test_the_house_rule_check_finds_each_kind_of_inline_code():
    samples = {
        "style attribute": '<col style="width: 9mm">',
        "event handler attribute": '<button onclick="go()">',
        "javascript: address": '<a href="javascript:go()">',
        "inline script without the nonce": "<script>go()</script>",
        "style element without the nonce": "<style>p { color: red }</style>",
    }
    allowed = [
        '<script src="/static/js/motcua.js" defer></script>',
        '<script nonce="{% csp_nonce %}">go()</script>',
        '<script type="application/json" id="data">{}</script>',
        '<style nonce="{% csp_nonce %}">p {}</style>',
        '<p class="onward">',
    ]

    for what, sample in samples.items():
        assert [w for w, p in INLINE_CODE.items() if p.search(sample)] == [what]
    for sample in allowed:
        assert [w for w, p in INLINE_CODE.items() if p.search(sample)] == []


# --- Production settings, in a fresh process as a deployment starts them ---

SHOW_PRODUCTION = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
names = ["SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD",
         "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
         "LANGUAGE_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_NAME",
         "CSRF_COOKIE_NAME", "LANGUAGE_COOKIE_NAME"]
client = Client(HTTP_HOST="127.0.0.1")
plain = client.get("/accounts/login/", headers={"X-Forwarded-Proto": "http"})
secure = client.post("/i18n/setlang/", {"language": "en", "next": "/"},
                     headers={"X-Forwarded-Proto": "https"})
print(json.dumps({
    "settings": {name: getattr(settings, name) for name in names},
    "plain": [plain.status_code, plain.get("Location")],
    "hsts": secure.get("Strict-Transport-Security"),
    "language_cookie": [secure.cookies["__Host-motcua_language"]["secure"],
                        secure.cookies["__Host-motcua_language"]["path"],
                        secure.cookies["__Host-motcua_language"]["domain"]],
}))
"""


def in_production(code: str, tmp_path) -> subprocess.CompletedProcess:
    env = production_env(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    return subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, *code],
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_force_https_with_preloadable_hsts_and_secure_cookies(tmp_path):
    done = in_production(["-c", SHOW_PRODUCTION], tmp_path)

    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout.strip().splitlines()[-1])
    assert shown["settings"] == {
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "LANGUAGE_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        # The "__Host-" prefix: Secure, path /, no Domain, or the browser refuses them.
        "SESSION_COOKIE_NAME": "__Host-sessionid",
        "CSRF_COOKIE_NAME": "__Host-csrftoken",
        "LANGUAGE_COOKIE_NAME": "__Host-motcua_language",
    }
    assert shown["plain"] == [301, "https://127.0.0.1/accounts/login/"]
    assert shown["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert shown["language_cookie"] == [True, "/", ""]


def test_deploy_check_passes_with_production_settings(tmp_path):
    done = in_production(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], tmp_path)

    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues (0 silenced)." in done.stdout
