"""Every error of the API as JSON: a stable ``code``, a translated ``message``, ``fields``.

Clients branch on ``code`` (it never changes with the language); people read ``message``;
``fields`` maps each bad input to its messages.
"""

import logging

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from motcua.core.errors import DomainError
from motcua.core.unavailable import unavailable_message, unavailable_response
from motcua.dossiers.services import (
    DossierChangedMeanwhile,
    IdempotencyKeyReused,
    NotYours,
    TransitionNotAllowed,
)
from motcua.feedback.services.submit import IdempotencyKeyReused as FeedbackKeyReused

logger = logging.getLogger(__name__)

# Domain errors answered with another status than 400.
CONFLICTS = (DossierChangedMeanwhile, IdempotencyKeyReused, FeedbackKeyReused, TransitionNotAllowed)
FORBIDDEN = (NotYours,)


class Invalid(DomainError):
    """Input the schema accepts but the domain does not (answered as 422 with fields)."""

    code = "application_invalid"

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        super().__init__(_("Some values are not valid."))


class NotFound(Http404):
    """Not found, with a message saying what was not found."""


def error_body(code: str, message: str, fields: dict[str, list[str]] | None = None) -> dict:
    return {"code": code, "message": message, "fields": fields or {}}


def error_response(
    code: str, message: str, status: int, fields: dict[str, list[str]] | None = None
) -> JsonResponse:
    return JsonResponse(
        error_body(code, message, fields), status=status, json_dumps_params={"ensure_ascii": False}
    )


def _pydantic_message(error: dict) -> str:
    """A translated message for one of pydantic's error types."""
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("Enter a whole number.")
    if kind in ("float_parsing", "float_type", "decimal_parsing", "decimal_type", "finite_number"):
        return _("Enter a number.")
    if kind.startswith("date_") or kind == "date_type":
        return _("Enter a date as YYYY-MM-DD.")
    if kind.startswith("datetime_") or kind.startswith("timezone_"):
        return _("Enter a date and time in ISO 8601, e.g. 2026-03-02T08:00:00+07:00.")
    if kind.startswith("time_"):
        return _("Enter a time as HH:MM.")
    if kind in ("bool_parsing", "bool_type"):
        return _("Enter true or false.")
    if kind == "string_too_long":
        return _("Enter at most %(max)s characters.") % {"max": ctx.get("max_length")}
    if kind == "string_too_short":
        return _("Enter at least %(min)s characters.") % {"min": ctx.get("min_length")}
    if kind in ("too_long", "too_short"):
        return _("Give between the allowed number of items.")
    if kind in ("greater_than_equal", "greater_than"):
        return _("Enter a value of at least %(limit)s.") % {"limit": ctx.get("ge", ctx.get("gt"))}
    if kind in ("less_than_equal", "less_than"):
        return _("Enter a value of at most %(limit)s.") % {"limit": ctx.get("le", ctx.get("lt"))}
    if kind in ("literal_error", "enum"):
        return _("Choose one of: %(choices)s.") % {"choices": ctx.get("expected", "")}
    if kind == "string_pattern_mismatch":
        return _("This value does not have the expected form.")
    if kind in ("json_invalid", "model_attributes_type", "dict_type", "model_type"):
        return _("Send a JSON object as the body.")
    if kind in ("list_type",):
        return _("Send a list.")
    if kind in ("string_type", "string_unicode"):
        return _("Enter text.")
    if kind == "value_error":
        message = str(ctx.get("error", "")) or error.get("msg", "")
        return message
    return _("This value is not valid.")


def _field_name(loc) -> str:
    """``["body", "payload", "applicant", "name"]`` → ``applicant.name``."""
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "form")]
    if parts and parts[0] in ("payload", "data", "filters", "params"):
        parts = parts[1:]
    return ".".join(parts) or "body"


def validation_fields(errors: list[dict]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for error in errors:
        fields.setdefault(_field_name(error.get("loc", ())), []).append(_pydantic_message(error))
    return fields


def install(api: NinjaAPI) -> None:
    """Replace ninja's default handlers with ours (no HTML page, no traceback, ever)."""

    def validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return error_response(
            "invalid", _("Some values are not valid."), 422, validation_fields(exc.errors)
        )

    def domain(request: HttpRequest, exc: DomainError) -> HttpResponse:
        fields = getattr(exc, "errors", None)
        if isinstance(fields, dict):  # ApplicationInvalid, FeedbackInvalid and the like
            status = 422
        elif isinstance(exc, CONFLICTS):
            status = 409
        elif isinstance(exc, FORBIDDEN):
            status = 403
        else:
            status = 400
        return error_response(exc.code, str(exc), status, fields if status == 422 else None)

    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        message = str(exc) if isinstance(exc, NotFound) else ""
        return error_response("not_found", message or _("Nothing was found at this address."), 404)

    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        message = exc.message if exc.message != "Unauthorized" else ""
        response = error_response(
            "unauthenticated",
            message or _("Sign in, or send an API token as “Authorization: Bearer …”."),
            401,
        )
        response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response

    def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        return error_response(
            "rate_limited", _("Too many requests. Wait a minute and try again."), 429
        )

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        codes = {400: "bad_request", 403: "forbidden", 404: "not_found", 405: "not_allowed"}
        message = exc.message
        if exc.status_code == 400 and str(message).startswith("Cannot parse request body"):
            return error_response(
                "invalid",
                _("Some values are not valid."),
                422,
                {"body": [_("Send a JSON object as the body.")]},
            )
        if exc.status_code == 403 and message == "CSRF check Failed":
            message = _("The form token (CSRF) is missing or wrong; reload the page.")
        return error_response(codes.get(exc.status_code, "error"), str(message), exc.status_code)

    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return error_response("forbidden", _("You may not do this."), 403)

    def too_big(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
        if isinstance(exc, RequestDataTooBig):
            return error_response("too_large", _("The request is too large."), 413)
        return error_response("bad_request", _("The request cannot be read."), 400)

    def unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API error on %s %s", request.method, request.path)
        return error_response("server_error", _("Something went wrong on our side."), 500)

    def database(request: HttpRequest, exc: DatabaseError) -> HttpResponse:
        message = unavailable_message(exc)  # down, restarting or read-only: 503, not 500
        if message is None:
            return unexpected(request, exc)
        logger.warning("Database unavailable on %s %s: %s", request.method, request.path, exc)
        return unavailable_response(request, message)

    api.add_exception_handler(Exception, unexpected)
    api.add_exception_handler(DatabaseError, database)
    api.add_exception_handler(ValidationError, validation)
    api.add_exception_handler(DomainError, domain)
    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(AuthenticationError, unauthenticated)
    api.add_exception_handler(Throttled, throttled)
    api.add_exception_handler(PermissionDenied, forbidden)
    api.add_exception_handler(SuspiciousOperation, too_big)
