"""Writes the access log row when a member of staff opens a page with personal data.

One table says which pages count; the row is written only for an answer that showed the
data (200), so refused and missing records leave no trace but their own.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from motcua.core.ratelimit import client_address
from motcua.dossiers.models import Dossier
from motcua.feedback.models import Feedback
from motcua.privacy.enums import AccessKind, RecordKind
from motcua.privacy.services import access_record

# URL name → (record, access); the record's code is the URL's ``code`` argument.
LOGGED_PAGES: dict[str, tuple[RecordKind, AccessKind]] = {
    "backoffice:dossier": (RecordKind.DOSSIER, AccessKind.VIEW),
    "backoffice:dossier_file": (RecordKind.DOSSIER, AccessKind.FILE),
    "backoffice:dossier_slip": (RecordKind.DOSSIER, AccessKind.SLIP),
    "backoffice:feedback": (RecordKind.FEEDBACK, AccessKind.VIEW),
    "backoffice:feedback_file": (RecordKind.FEEDBACK, AccessKind.FILE),
    "backoffice:register": (RecordKind.REGISTER, AccessKind.VIEW),
    "admin:dossiers_dossier_change": (RecordKind.DOSSIER, AccessKind.VIEW),
    "admin:feedback_feedback_change": (RecordKind.FEEDBACK, AccessKind.VIEW),
}
# The administration names a record by its id: its code costs one query (rare pages).
ADMIN_MODELS = {
    "admin:dossiers_dossier_change": Dossier,
    "admin:feedback_feedback_change": Feedback,
}


def _register_code(request: HttpRequest) -> str:
    """The period of a register, as the person asked for it."""
    return f"{request.GET.get('date_from', '')}-{request.GET.get('date_to', '')}"


def _entry(request: HttpRequest) -> tuple[RecordKind, str, AccessKind] | None:
    match = request.resolver_match
    if match is None or match.view_name not in LOGGED_PAGES:
        return None
    record, kind = LOGGED_PAGES[match.view_name]
    if record == RecordKind.REGISTER:
        if request.GET.get("format"):
            kind = AccessKind.EXPORT
        return record, _register_code(request), kind
    if match.view_name in ADMIN_MODELS:
        model = ADMIN_MODELS[match.view_name]
        codes = model.objects.filter(pk=match.kwargs.get("object_id")).values_list(
            "code", flat=True
        )
        return record, codes.first() or "", kind
    return record, str(match.kwargs.get("code", "")), kind


def _reader(request: HttpRequest):
    """Staff of an agency, or an administration account (``is_staff``) that may have none."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return user if user.is_staff_member or user.is_staff else None


class AccessLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method != "GET" or response.status_code != 200:
            return response
        match = request.resolver_match
        if match is None or match.view_name not in LOGGED_PAGES:
            return response  # most pages: not even the user is looked at
        user = _reader(request)
        found = _entry(request) if user is not None else None
        if found is not None:
            record, code, kind = found
            access_record(
                actor=user,
                record_kind=record,
                record_code=code,
                kind=kind,
                address=client_address(request),
            )
        return response
