"""Reading Open311 input: text, the jurisdiction, and the filters of ``GET requests``.

Every problem found is collected, so one answer lists them all (``Open311Error``). Text is
cleaned of the characters XML 1.0 and databases refuse before anything else sees it.
"""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.http import QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from motcua.api.open311.definitions import FEEDBACK_STATUSES
from motcua.feedback.enums import Topic

MAX_RESULTS = 1000
MAX_SPAN = timedelta(days=90)
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_CODE = re.compile(r"^[A-Z0-9-]{1,20}$")


class Open311Error(Exception):
    """Answered in the Open311 error format: one HTTP status, every problem found."""

    def __init__(self, status: int, messages: list[str], headers: dict | None = None) -> None:
        self.status = status
        self.messages = list(dict.fromkeys(messages))
        self.headers = headers or {}
        super().__init__("; ".join(self.messages))


def text(value: str, *, lines: bool = False) -> str:
    """``value`` without control characters; on one line unless ``lines``."""
    value = _UNSAFE.sub("", value)
    return value.strip() if lines else " ".join(value.split())


def problem(name: str, message: str) -> str:
    """A message about one parameter, named first as clients send it."""
    return f"{name}: {message}"


def problems(errors: dict[str, list[str]]) -> list[str]:
    return [problem(name, message) for name, messages in errors.items() for message in messages]


def jurisdiction() -> str:
    """The one jurisdiction served: the host name of the site's address."""
    return (urlsplit(settings.SITE_URL).hostname or "").lower()


def check_jurisdiction(value: str) -> None:
    value = text(value)
    if value and value.lower() != jurisdiction():
        message = _("This server answers only for the jurisdiction “%(id)s”.")
        raise Open311Error(404, [problem("jurisdiction_id", message % {"id": jurisdiction()})])


def unknown_service(code: str) -> str:
    return _("There is no service with the code “%(code)s”.") % {"code": text(code)[:40]}


def request_code(value: str) -> str:
    """A tracking code as stored, or "" for what can be no code at all."""
    code = text(value).upper()
    return code if _CODE.match(code) else ""


@dataclass(frozen=True)
class Filters:
    codes: list[str] | None  # service_request_id given: every other filter is ignored
    topics: list[str]
    statuses: frozenset[str]  # feedback statuses; empty: all
    start: datetime | None = None
    end: datetime | None = None


def _values(query: QueryDict, name: str) -> list[str]:
    """A comma-separated list, possibly given several times."""
    return [v for raw in query.getlist(name) for v in (text(p) for p in raw.split(",")) if v]


def filters(query: QueryDict, *, now: datetime) -> Filters:
    """The filters of ``GET requests``, or ``Open311Error`` (400) listing every bad one."""
    ids = _values(query, "service_request_id")
    if ids:
        if len(ids) > MAX_RESULTS:
            message = _("Give at most %(count)d request ids.") % {"count": MAX_RESULTS}
            raise Open311Error(400, problems({"service_request_id": [message]}))
        codes = [code for code in map(request_code, ids) if code]
        return Filters(codes=codes, topics=[], statuses=frozenset())
    errors: dict[str, list[str]] = {}
    topics = _values(query, "service_code")
    for code in (code for code in topics if code not in Topic.values):
        errors.setdefault("service_code", []).append(unknown_service(code))
    given = _values(query, "status")
    for status in (status for status in given if status not in FEEDBACK_STATUSES):
        message = _("“%(status)s” is not a status: use open or closed.") % {"status": status[:40]}
        errors.setdefault("status", []).append(message)
    statuses = frozenset().union(*(FEEDBACK_STATUSES.get(status, ()) for status in given))
    start, end = _period(query, now=now, errors=errors)
    if errors:
        raise Open311Error(400, problems(errors))
    return Filters(codes=None, topics=topics, statuses=statuses, start=start, end=end)


def _instant(query: QueryDict, name: str, errors: dict) -> datetime | None:
    raw = text(query.get(name, ""))
    if not raw:
        return None
    try:
        value = parse_datetime(raw)
        if value is not None:
            if timezone.is_naive(value):  # no offset: a Vietnamese wall clock
                value = timezone.make_aware(value)
            return value.astimezone(UTC)
    except (ValueError, OverflowError):
        pass
    message = _("Give a W3C date and time, e.g. 2026-03-02T08:00:00+07:00.")
    errors.setdefault(name, []).append(message)
    return None


def _period(
    query: QueryDict, *, now: datetime, errors: dict
) -> tuple[datetime | None, datetime | None]:
    """The period asked for: at most 90 days, by default the last 90 days."""
    start, end = _instant(query, "start_date", errors), _instant(query, "end_date", errors)
    try:
        if start is None:
            end = end or now
            start = end - MAX_SPAN
        elif end is None:
            end = start + MAX_SPAN
    except OverflowError:
        errors.setdefault("start_date/end_date", []).append(_("The dates are out of range."))
        return None, None
    if end < start:
        errors.setdefault("end_date", []).append(_("The end date is before the start date."))
    elif end - start > MAX_SPAN:
        message = _("The dates may be at most %(days)d days apart.") % {"days": MAX_SPAN.days}
        errors.setdefault("start_date/end_date", []).append(message)
    return start, end
