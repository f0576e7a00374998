"""Open311 answers in JSON or XML, and feedback as Open311 requests.

Privacy: a request shows its content (the title, as on the portal, and the answer) only
when the answer is published; otherwise only its status and dates. The sender's contact,
the full text and the location are never shown.
"""

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.api.open311.definitions import open311_status
from motcua.feedback.enums import FeedbackKind, FeedbackStatus, Topic
from motcua.feedback.models import Feedback

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
CHANGESET = "2026-12-02T00:00:00+07:00"  # when these endpoints last changed shape
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
# XML: the element of each item of a list, by the list's element (the standard's names).
ITEMS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _when(moment: datetime | None) -> str | None:
    """ISO 8601 with the offset, on the Vietnamese clock."""
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def request_item(feedback: Feedback, *, public: bool) -> dict:
    """One request. ``public``: its answer is published (what the portal lists)."""
    notes = None
    if public:
        rejected = feedback.status == FeedbackStatus.REJECTED
        notes = (feedback.rejection_reason if rejected else feedback.answer) or None
    return {
        "service_request_id": feedback.code,
        "status": open311_status(feedback.status),
        "status_notes": notes,
        "service_name": str(Topic(feedback.topic).label),
        "service_code": feedback.topic,
        "description": feedback.title if public else None,
        "agency_responsible": feedback.agency.name,
        "service_notice": None,
        "requested_datetime": _when(feedback.submitted_at),
        "updated_datetime": _when(feedback.status_changed_at),
        "expected_datetime": _when(feedback.due_at),
        "address": None,
        "address_id": None,
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
    }


def created_item(feedback: Feedback) -> dict:
    """The answer to a POST: the tracking code, and how the sender follows it."""
    values = {
        "kind": str(FeedbackKind(feedback.kind).label).lower(),
        "code": feedback.code,
        "secret": feedback.lookup_secret,
        "url": f"{settings.SITE_URL}/phan-anh/tra-cuu/",
        "agency": feedback.agency.name,
        "due": timezone.localtime(feedback.due_at).strftime("%d/%m/%Y"),
    }
    notice = _(
        "Your %(kind)s was received. Tracking code: %(code)s, lookup secret: %(secret)s; "
        "keep both to follow it at %(url)s. %(agency)s will answer by %(due)s."
    )
    return {
        "service_request_id": feedback.code,
        "service_notice": notice % values,
        "account_id": None,
    }


def discovery() -> dict:
    site = {"site": str(settings.MOTCUA_SITE_NAME), "url": settings.SITE_URL}
    return {
        "changeset": CHANGESET,
        "contact": _("Ask the administrators of %(site)s (%(url)s).") % site,
        "key_service": _(
            "API keys are issued by the administrators of %(site)s; creating requests "
            "needs a key with write scope."
        )
        % site,
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": f"{settings.SITE_URL}/open311/v2",
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["application/json", "text/xml"],
            }
        ],
    }


def _fill(element: ET.Element, value: object) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _fill(ET.SubElement(element, key), item)
    elif isinstance(value, list):
        for item in value:
            _fill(ET.SubElement(element, ITEMS[element.tag]), item)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:  # None: an empty element
        element.text = _NOT_XML.sub("", str(value))


def to_xml(root: str, data: object) -> bytes:
    element = ET.Element(root)
    _fill(element, data)
    return ET.tostring(element, encoding="utf-8", xml_declaration=True)


def respond(fmt: str, root: str, data: object, *, status: int = 200) -> HttpResponse:
    """``data`` as JSON, or as XML under ``root`` (the standard's element names)."""
    if fmt == "xml":
        body = to_xml(root, data)
    else:
        body = json.dumps(data, ensure_ascii=False).encode()
    return HttpResponse(body, status=status, content_type=CONTENT_TYPES[fmt])


def errors(fmt: str, status: int, messages: list[str], headers: dict) -> HttpResponse:
    items = [{"code": status, "description": message} for message in messages]
    response = respond(fmt, "errors", items, status=status)
    for name, value in headers.items():
        response[name] = value
    return response
