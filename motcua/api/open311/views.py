"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2) over feedback.

Every request is counted against the rate limit of its API key (or client address),
every error is answered in the Open311 format, in the language of Accept-Language.
"""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest, HttpResponse, QueryDict, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from motcua.accounts.models import ApiToken
from motcua.accounts.selectors import api_token_authenticate
from motcua.accounts.services import api_token_touch
from motcua.api.limits import api_rate_limited, retry_after
from motcua.api.open311 import definitions, form, params, render
from motcua.api.open311.params import MAX_RESULTS, Filters, Open311Error, problem
from motcua.core.errors import DomainError
from motcua.core.ratelimit import client_address
from motcua.feedback.enums import Topic
from motcua.feedback.selectors import (
    feedback_list_by_codes,
    feedback_list_public,
    feedback_unit_list,
)
from motcua.feedback.services import FeedbackInvalid, IdempotencyKeyReused, feedback_submit
from motcua.organization.models import AdministrativeUnit
from motcua.organization.selectors import unit_subtree_ids

View = Callable[..., HttpResponse]


def _posted(request: HttpRequest) -> QueryDict:
    """The POST form, or ``Open311Error`` when the body cannot be read."""
    if request.method != "POST":
        return QueryDict()
    try:
        return request.POST
    except RequestDataTooBig:
        raise Open311Error(413, [_("The request is too large for this server.")]) from None
    except (SuspiciousOperation, MultiPartParserError, UnreadablePostError):
        raise Open311Error(400, [_("The body of the request cannot be read.")]) from None


def _caller(request: HttpRequest, methods: tuple[str, ...]) -> ApiToken | None:
    """The API key's token, after counting the request; Open311Error for any refusal."""
    unreadable, posted = None, QueryDict()
    try:
        posted = _posted(request)
    except Open311Error as exc:
        unreadable = exc
    raw = params.text(posted.get("api_key", "") or request.GET.get("api_key", ""))
    token = api_token_authenticate(raw=raw) if raw.isascii() and raw else None
    if api_rate_limited(request, token=token):
        message = _("Too many requests: wait %(seconds)d seconds and try again.")
        seconds = retry_after()
        raise Open311Error(429, [message % {"seconds": seconds}], {"Retry-After": str(seconds)})
    if request.method not in methods:
        message = _("This address answers only %(methods)s.") % {"methods": ", ".join(methods)}
        raise Open311Error(405, [message], {"Allow": ", ".join(methods)})
    if unreadable is not None:
        raise unreadable
    if raw and token is None:
        message = _("The API key is not valid or was revoked.")
        raise Open311Error(403, [problem("api_key", message)])
    params.check_jurisdiction(
        posted.get("jurisdiction_id", "") or request.GET.get("jurisdiction_id", "")
    )
    if token is not None:
        api_token_touch(token=token, address=client_address(request))
    return token


def endpoint(*methods: str) -> Callable[[View], View]:
    """Count, check the method and the API key, and answer every error as Open311 does."""

    def decorate(view: View) -> View:
        @csrf_exempt  # authenticated by api_key, never by a browser's cookies
        @wraps(view)
        def run(request: HttpRequest, fmt: str = "", **kwargs) -> HttpResponse:
            fmt = fmt or ("xml" if request.path.endswith(".xml") else "json")
            try:
                token = _caller(request, methods)
                return view(request, fmt=fmt, token=token, **kwargs)
            except Open311Error as exc:
                return render.errors(fmt, exc.status, exc.messages, exc.headers)

        return run

    return decorate


@endpoint("GET")
def discovery(request: HttpRequest, *, fmt: str, token: ApiToken | None) -> HttpResponse:
    return render.respond(fmt, "discovery", render.discovery())


@endpoint("GET")
def services(request: HttpRequest, *, fmt: str, token: ApiToken | None) -> HttpResponse:
    return render.respond(fmt, "services", definitions.service_list())


@endpoint("GET")
def service_definition(
    request: HttpRequest, *, fmt: str, token: ApiToken | None, code: str
) -> HttpResponse:
    if code not in Topic.values:
        raise Open311Error(404, [problem("service_code", params.unknown_service(code))])
    units = list(feedback_unit_list())
    required = form.default_unit(units, token=token) is None
    definition = definitions.service_definition(topic=code, units=units, unit_required=required)
    return render.respond(fmt, "service_definition", definition)


@endpoint("GET", "POST")
def request_list(request: HttpRequest, *, fmt: str, token: ApiToken | None) -> HttpResponse:
    if request.method == "POST":
        return _create(request, fmt=fmt, token=token)
    wanted = params.filters(request.GET, now=timezone.now())
    items = _by_codes(wanted.codes) if wanted.codes is not None else _listed(wanted)
    return render.respond(fmt, "service_requests", items)


@endpoint("GET")
def request_detail(
    request: HttpRequest, *, fmt: str, token: ApiToken | None, request_id: str
) -> HttpResponse:
    code = params.request_code(request_id)
    items = _by_codes([code]) if code else []
    if not items:
        message = _("There is no request with the id “%(id)s”.")
        raise Open311Error(404, [message % {"id": params.text(request_id)[:40]}])
    return render.respond(fmt, "service_requests", items)


@endpoint("GET", "POST")
def not_found(request: HttpRequest, *, fmt: str, token: ApiToken | None, **kwargs) -> HttpResponse:
    message = _("Nothing is served at this address; see %(url)s.")
    raise Open311Error(404, [message % {"url": render.SPECIFICATION}])


def _listed(wanted: Filters) -> list[dict]:
    """Published feedback only, newest first: the fields the public portal shows."""
    feedback = feedback_list_public().filter(
        submitted_at__gte=wanted.start, submitted_at__lte=wanted.end
    )
    if wanted.topics:
        feedback = feedback.filter(topic__in=wanted.topics)
    if wanted.statuses:
        feedback = feedback.filter(status__in=wanted.statuses)
    newest = feedback.order_by("-submitted_at", "-pk")[:MAX_RESULTS]
    return [render.request_item(item, public=True) for item in newest]


def _by_codes(codes: list[str]) -> list[dict]:
    """Requests asked for by id: unpublished ones with their status and dates only."""
    found = list(feedback_list_by_codes(codes=codes)[:MAX_RESULTS])
    public = set(feedback_list_public().filter(code__in=codes).values_list("code", flat=True))
    return [render.request_item(item, public=item.code in public) for item in found]


def _create(request: HttpRequest, *, fmt: str, token: ApiToken | None) -> HttpResponse:
    if token is None:
        raise Open311Error(403, [problem("api_key", _("Send an API key to create requests."))])
    if not token.can_write:
        message = _("This API key may only read; creating requests needs write scope.")
        raise Open311Error(403, [problem("api_key", message)])
    units = list(feedback_unit_list())
    default = form.default_unit(units, token=token)
    by_code = {unit.code: unit for unit in units}
    submission = form.submission(request.POST, units=by_code, default=default)
    _check_reach(token, submission.unit)
    key = form.idempotency_key(request.headers.get("Idempotency-Key", ""), token=token)
    try:
        feedback = feedback_submit(submission=submission, idempotency_key=key)
    except FeedbackInvalid as exc:
        raise Open311Error(400, form.service_errors(exc.errors)) from exc
    except IdempotencyKeyReused as exc:
        raise Open311Error(409, [problem("Idempotency-Key", str(exc))]) from exc
    except DomainError as exc:
        raise Open311Error(400, [str(exc)]) from exc
    return render.respond(fmt, "service_requests", [render.created_item(feedback)])


def _check_reach(token: ApiToken, unit: AdministrativeUnit) -> None:
    """A key limited to an agency sends feedback about its unit and the units below."""
    if token.agency is None or unit.pk in unit_subtree_ids(unit_id=token.agency.unit_id):
        return
    message = _("This API key may send feedback only about %(unit)s and the units in it.")
    raise Open311Error(403, [problem("attribute[unit]", message % {"unit": token.agency.unit})])
