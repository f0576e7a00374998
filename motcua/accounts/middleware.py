"""Staff pages and the administration open only after the second factor, when one is due.

A person who passed the password but still owes a code (or must first set up an app) is
sent to that step from any staff page or administration page. Everywhere else (the
portal, the API by session) they count as not logged in until the step is done, so half a
login never reaches data. API tokens are not sessions and are not affected.
"""

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from motcua.accounts.selectors import second_factor_step

# The pages of the login itself, which the step needs.
STEP_VIEWS = {"verify": "accounts:otp_verify", "enrol": "accounts:otp_setup"}
OPEN_VIEWS = ("accounts:login", "accounts:logout", *STEP_VIEWS.values())


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        step = second_factor_step(request.user) if _has_session(request) else None
        if step is None or request.path in {reverse(name) for name in OPEN_VIEWS}:
            return self.get_response(request)
        if request.path.startswith((reverse("backoffice:home"), reverse("admin:index"))):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse(STEP_VIEWS[step])}?{query}")
        request.user = AnonymousUser()
        return self.get_response(request)


def _has_session(request: HttpRequest) -> bool:
    """Skip the user lookup for visitors without a session (most of the portal)."""
    return bool(request.session.session_key)
