"""What Open311 calls services: the feedback topics, and the attributes a request carries.

Topics are the service codes. Every service takes the same attributes: what is sent
(``kind``), which administrative unit it concerns (``unit``) and a short ``title``.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from motcua.feedback.enums import OPEN_STATUSES, FeedbackKind, FeedbackStatus, Topic
from motcua.organization.models import AdministrativeUnit

KIND, UNIT, TITLE = "kind", "unit", "title"
ATTRIBUTE_CODES = (KIND, UNIT, TITLE)
OPEN, CLOSED = "open", "closed"
CLOSED_STATUSES = frozenset(FeedbackStatus.values) - OPEN_STATUSES
FEEDBACK_STATUSES = {OPEN: OPEN_STATUSES, CLOSED: CLOSED_STATUSES}

GROUP = _("Feedback, recommendations and complaints")
# topic → (description, comma-separated keywords)
TOPIC_TEXTS: dict[str, tuple[Promise, Promise]] = {
    Topic.PROCEDURE: (
        _("An administrative procedure: its requirements, forms, fees or time limits."),
        _("procedure, dossier, forms, fees, time limit"),
    ),
    Topic.STAFF_CONDUCT: (
        _("How officials behaved when receiving or handling a dossier."),
        _("staff, officials, attitude, conduct, harassment"),
    ),
    Topic.SERVICE_QUALITY: (
        _("Waiting times, the information given, online services and the one-stop desk."),
        _("waiting, information, online service, one-stop desk"),
    ),
    Topic.FACILITIES: (
        _("The premises and equipment of the one-stop desk: seats, signs, queue numbers."),
        _("premises, equipment, seats, signs, queue"),
    ),
    Topic.OTHER: (
        _("Anything else about the administrative services of the local government."),
        _("other, general"),
    ),
}


def open311_status(status: str) -> str:
    """Open while the agency still has to answer; closed once answered or not accepted."""
    return OPEN if status in OPEN_STATUSES else CLOSED


def service(topic: str) -> dict:
    description, keywords = TOPIC_TEXTS[topic]
    return {
        "service_code": topic,
        "service_name": str(Topic(topic).label),
        "description": str(description),
        "metadata": True,
        "type": "realtime",
        "keywords": str(keywords),
        "group": str(GROUP),
    }


def service_list() -> list[dict]:
    return [service(topic) for topic in Topic.values]


def service_definition(*, topic: str, units: list[AdministrativeUnit], unit_required: bool) -> dict:
    kinds = [{"key": kind, "name": str(label)} for kind, label in FeedbackKind.choices]
    attributes = [
        _attribute(
            KIND,
            order=1,
            description=_(
                "What you are sending: feedback, a recommendation or a complaint "
                "(a complaint needs your name and a phone number or e-mail address)."
            ),
            datatype_description=_("One of the keys below; feedback when not given."),
            values=kinds,
        ),
        _attribute(
            UNIT,
            order=2,
            required=unit_required,
            description=_("The administrative unit the matter concerns."),
            datatype_description=_("The official code of the unit."),
            values=[{"key": unit.code, "name": unit.name} for unit in units],
        ),
        _attribute(
            TITLE,
            order=3,
            datatype="string",
            description=_("A short title of at most 200 characters."),
            datatype_description=_("The start of the description when not given."),
        ),
    ]
    return {"service_code": topic, "attributes": attributes}


def _attribute(
    code: str,
    *,
    order: int,
    description: Promise,
    datatype_description: Promise,
    datatype: str = "singlevaluelist",
    required: bool = False,
    values: list[dict] | None = None,
) -> dict:
    attribute = {
        "variable": True,
        "code": code,
        "datatype": datatype,
        "required": required,
        "datatype_description": str(datatype_description),
        "order": order,
        "description": str(description),
    }
    if values is not None:
        attribute["values"] = values
    return attribute
