"""The database is down, restarting or read-only: answer 503 with a clear message.

Without this, a request that meets a database restart (connection refused, connection
lost, the server shutting down) or a database switched to read-only (maintenance, a
replica promoted late) ends as a 500 "something went wrong on our side". Those are not
bugs of the request and they pass: the answer is 503 with ``Retry-After``, in the
visitor's language — the API's JSON error (code ``unavailable``) under ``/api/``, a small
page elsewhere. The connection that failed is dropped at the end of the request (Django's
health checks, ``CONN_HEALTH_CHECKS``), so the next request connects again: the site
recovers by itself when the database is back.
"""

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError, InterfaceError, InternalError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _

READ_ONLY_SQLSTATE = "25006"  # read_only_sql_transaction
RETRY_AFTER_SECONDS = 30
logger = logging.getLogger(__name__)

# The page of a 503, without templates or static files (neither may be reachable), and
# without inline style (the Content-Security-Policy allows none).
PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><h1>{title}</h1><p>{message}</p>{home}</body></html>
"""


def small_page(*, language: str, title: str, message: str, home: str = "") -> str:
    """A 503 page in ``language``; ``home`` is the text of a link to the home page."""
    link = f'<p><a href="/">{escape(home)}</a></p>' if home else ""
    return PAGE.format(
        lang=escape(language), title=escape(title), message=escape(message), home=link
    )


def _read_only(exc: DatabaseError) -> bool:
    cause = exc.__cause__ or exc
    return getattr(cause, "sqlstate", None) == READ_ONLY_SQLSTATE


def unavailable_message(exc: BaseException) -> str | None:
    """What to tell the visitor when ``exc`` means the database cannot serve; else None."""
    if isinstance(exc, InternalError) and _read_only(exc):
        return _(
            "Changes cannot be saved right now because of maintenance. Please try again "
            "later; you can still look up your dossiers."
        )
    if isinstance(exc, OperationalError | InterfaceError):
        return _("The service is briefly unavailable. Please try again in a minute.")
    return None


def unavailable_response(request: HttpRequest, message: str) -> HttpResponse:
    """503 with ``Retry-After``: the API's JSON error under ``/api/``, a small page elsewhere."""
    if request.path.startswith("/api/"):
        from motcua.api.errors import error_response

        response = error_response("unavailable", message, 503)
    else:
        page = small_page(
            language=get_language() or settings.LANGUAGE_CODE,
            title=_("Service unavailable"),
            message=message,
            home=_("Back to the home page"),
        )
        response = HttpResponse(page, status=503, content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    """Turn a database outage met by a view into a 503 (the API has its own handler)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        message = unavailable_message(exc)
        if message is None:
            return None
        logger.warning("Database unavailable on %s %s: %s", request.method, request.path, exc)
        return unavailable_response(request, message)
