"""What the REST API needs around every request: JSON answers, NUL characters refused.

- NUL characters are refused before anything reads them: no text the API takes may hold
  one, and PostgreSQL refuses them in any string, so they would otherwise reach a query and
  end as a server error instead of a clear answer.
- A method an address does not serve is answered 405 in the API's JSON error shape (with
  ``Allow``), not as the framework's plain-text page.

(Open311 cleans its parameters itself and answers in its own error format.) A page's
address with a NUL is answered with the site's 400 page for the same reason.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.defaults import bad_request

from motcua.api.errors import error_response

NUL_FORMS = (b"\x00", b"\\u0000", b"%00")


class ApiMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            if request.path.startswith("/open311/"):
                return self.get_response(request)  # answers in its own error format
            if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
                # Pages read some parameters (searches, filters) without a form: a NUL
                # would reach PostgreSQL, which refuses it with a server error.
                return bad_request(request, ValueError("NUL"))
            return self.get_response(request)
        if self._has_nul(request):
            return error_response(
                "bad_request", _("The request contains a NUL character, which is never valid."), 400
            )
        response = self.get_response(request)
        if response.status_code == 405 and "json" not in response.get("Content-Type", ""):
            allowed = response.get("Allow", "")
            response = error_response(
                "not_allowed",
                _("This address does not answer %(method)s; it answers %(allowed)s.")
                % {"method": request.method, "allowed": allowed},
                405,
            )
            response["Allow"] = allowed
        return response

    @staticmethod
    def _has_nul(request: HttpRequest) -> bool:
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            return True
        if request.method in ("POST", "PUT", "PATCH"):
            try:
                body = request.body  # read once; Django keeps it for the view
            except Exception:  # noqa: BLE001 - too large or unreadable: the view answers
                return False
            content = request.content_type or ""
            forms = NUL_FORMS if "json" in content or "urlencoded" in content else (b"\x00",)
            if "multipart" in content:
                return False  # files may hold any byte; their fields are checked by forms
            return any(form in body for form in forms)
        return False
