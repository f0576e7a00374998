"""Content-Security-Policy: the browser runs and applies only what our own files contain.

The policy (``SECURE_CSP`` in the settings) allows scripts, styles, fonts and images from
this origin and nothing inline: an injected ``<script>`` or ``style="…"`` does nothing. A
template that truly needs an inline ``<script>`` or ``<style>`` element gives it this
response's nonce with ``{% load csp %}<style nonce="{% csp_nonce %}">``; attributes
(``style="…"``, ``onclick="…"``) cannot carry one and are never allowed.

The settings and the constants follow Django 6.0's built-in CSP (``SECURE_CSP``,
``SECURE_CSP_REPORT_ONLY``, ``django.utils.csp.CSP``): moving to it changes import paths.
"""

import secrets
from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class CSP:
    """Source expressions, as in ``django.utils.csp.CSP``."""

    NONE = "'none'"
    SELF = "'self'"
    REPORT_SAMPLE = "'report-sample'"
    NONCE = "<CSP_NONCE_SENTINEL>"  # replaced by ``'nonce-…'`` in each response


ENFORCE = "Content-Security-Policy"
REPORT_ONLY = "Content-Security-Policy-Report-Only"
# Documents that can run script get the whole policy. Other answers (JSON, PDF, files)
# run nothing; of the policy they get what keeps them out of other sites' frames.
DOCUMENT_TYPES = ("text/html", "application/xhtml+xml", "image/svg+xml")
NOT_DOCUMENTS = ("frame-ancestors", "report-uri")
# Django's debug pages for 404 and 500 (DEBUG on only) are made of inline script and style.
DEBUG_PAGES = frozenset({404, 500})

_nonce: ContextVar[str] = ContextVar("csp_nonce", default="")


def nonce() -> str:
    """The nonce of the response being made ("" outside a request)."""
    return _nonce.get()


def build_policy(config: dict[str, list[str] | str | bool]) -> str:
    """``{"script-src": [CSP.SELF, CSP.NONCE], "upgrade-insecure-requests": True}`` →
    ``"script-src 'self' <CSP_NONCE_SENTINEL>; upgrade-insecure-requests"``."""
    directives = []
    for name, value in config.items():
        if value is True:
            directives.append(name)
        elif value:
            sources = [value] if isinstance(value, str) else value
            directives.append(f"{name} {' '.join(sources)}")
    return "; ".join(directives)


class ContentSecurityPolicyMiddleware:
    """A fresh nonce for every request; the policies, with it, on every document, and
    their ``frame-ancestors`` on every other answer.

    The policy strings are built once, at start-up; a request only joins the nonce in.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.debug = settings.DEBUG
        self.policies = [
            (
                header,
                build_policy(config).split(CSP.NONCE),
                build_policy({name: config[name] for name in NOT_DOCUMENTS if name in config}),
            )
            for header, config in (
                (ENFORCE, settings.SECURE_CSP),
                (REPORT_ONLY, settings.SECURE_CSP_REPORT_ONLY),
            )
            if config
        ]

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _nonce.set(secrets.token_urlsafe(16))
        try:
            response = self.get_response(request)
            document = response.get("Content-Type", "").startswith(DOCUMENT_TYPES)
            if document and self.debug and response.status_code in DEBUG_PAGES:
                return response
            source = f"'nonce-{_nonce.get()}'"
            for header, parts, framing in self.policies:
                if header in response:  # a view may set a stricter one
                    continue
                if document:
                    response.headers[header] = source.join(parts)
                elif framing:
                    response.headers[header] = framing
            return response
        finally:
            _nonce.reset(token)
