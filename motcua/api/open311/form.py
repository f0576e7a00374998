"""The form of ``POST requests`` as a feedback ``Submission``, with every problem at once.

The sender's name is written in the Vietnamese order (``last_name first_name``); a request
with no name, phone or e-mail is anonymous. A ``media_url`` is kept as a line of the
description, never fetched. The integration sending the request confirms that the citizen
agreed to the personal data notice.
"""

import hashlib
import re
from decimal import Decimal, DecimalException

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.http import QueryDict
from django.utils.translation import gettext as _

from motcua.accounts.models import ApiToken
from motcua.api.open311.definitions import ATTRIBUTE_CODES, KIND, TITLE, UNIT
from motcua.api.open311.params import Open311Error, problems, text, unknown_service
from motcua.feedback.enums import FeedbackChannel, FeedbackKind, Topic
from motcua.feedback.services import FeedbackInvalid, Submission
from motcua.feedback.services.submit import submission_clean
from motcua.organization.models import AdministrativeUnit

TITLE_CUT = 80
LONGEST = {"address_string": 300, "address_id": 100, "email": 254, "media_url": 500}
_ATTRIBUTE = re.compile(r"^attribute\[([^\]]*)\](?:\[\])?$")
# The Open311 parameter behind each field of the service's FeedbackInvalid errors.
PARAMETERS = {
    "kind": f"attribute[{KIND}]",
    "topic": "service_code",
    "title": f"attribute[{TITLE}]",
    "address": "lat/long",
    "contact_name": "first_name/last_name",
    "contact_phone": "phone",
    "contact_email": "email",
}


def default_unit(
    units: list[AdministrativeUnit], *, token: ApiToken | None
) -> AdministrativeUnit | None:
    """The unit of a key limited to an agency, else the one root unit (if only one)."""
    if token is not None and token.agency_id is not None:
        return token.agency.unit
    roots = [unit for unit in units if unit.parent_id is None]
    return roots[0] if len(roots) == 1 else None


def idempotency_key(header: str, *, token: ApiToken) -> str:
    """The client's ``Idempotency-Key``, scoped to its API key (hashed: any length fits)."""
    header = header.strip()
    if not header:
        return ""
    digest = hashlib.sha256(header.encode("utf-8", "replace")).hexdigest()[:40]
    return f"open311:{token.key_id}:{digest}"


def _add(errors: dict, name: str, message: str) -> None:
    errors.setdefault(name, []).append(message)


def _attributes(form: QueryDict, errors: dict) -> dict[str, str]:
    """``attribute[code]`` (or ``attribute[code][]``) values, one each."""
    found: dict[str, str] = {}
    for key in form:
        match = _ATTRIBUTE.match(key)
        if match is None:
            continue
        code, name = match[1], text(key)[:60]
        values = [value for value in (text(v) for v in form.getlist(key)) if value]
        if code not in ATTRIBUTE_CODES:
            _add(errors, name, _("There is no such attribute."))
        elif len(values) > 1 or (values and code in found):
            _add(errors, name, _("Give one value only."))
        elif values:
            found[code] = values[0]
    return found


def _coordinate(form: QueryDict, name: str, limit: int, errors: dict) -> Decimal | None:
    raw = text(form.get(name, ""))
    if not raw:
        return None
    try:
        value = Decimal(raw)
        if value.is_finite() and value.copy_abs() <= limit:
            return value.quantize(Decimal("0.000001"))
    except DecimalException:  # not a number, or beyond what a Decimal holds
        pass
    message = _("Give a number from -%(limit)d to %(limit)d, e.g. 21.028511.")
    _add(errors, name, message % {"limit": limit})
    return None


def _location(form: QueryDict, errors: dict) -> tuple[Decimal | None, Decimal | None, str]:
    """lat and long (both or neither), and the address or address id as the place text."""
    lat, lng = _coordinate(form, "lat", 90, errors), _coordinate(form, "long", 180, errors)
    given = [name for name in ("lat", "long") if text(form.get(name, ""))]
    if len(given) == 1:
        _add(errors, "lat/long", _("Give both lat and long, or neither."))
    address = text(form.get("address_string", "")) or text(form.get("address_id", ""))
    if not given and not address:
        _add(
            errors, "lat/long", _("Give the location: lat and long, address_string or address_id.")
        )
    if lat is None or lng is None:
        lat = lng = None
    return lat, lng, address


def _too_long(form: QueryDict, errors: dict) -> None:
    for name, longest in LONGEST.items():
        if len(text(form.get(name, ""))) > longest:
            _add(errors, name, _("Give at most %(count)d characters.") % {"count": longest})


def _description(form: QueryDict, errors: dict) -> str:
    """The description, with the media link the sender gave (kept as text, never fetched)."""
    description = text(form.get("description", ""), lines=True)
    media = text(form.get("media_url", ""))
    if not media or len(media) > LONGEST["media_url"]:
        return description
    try:
        URLValidator(schemes=["http", "https"])(media)
    except ValidationError:
        _add(errors, "media_url", _("Give a web address starting with http:// or https://."))
        return description
    if not description:
        return description
    link = _("Link to media given by the sender (not checked): %(url)s")
    return description + "\n\n" + link % {"url": media}


def title_from(description: str) -> str:
    """The first line of the description, cut after a word when it is long."""
    first = description.split("\n", 1)[0].strip()
    if len(first) <= TITLE_CUT:
        return first
    cut = first[:TITLE_CUT].rsplit(" ", 1)[0] or first[:TITLE_CUT]
    return cut.rstrip(" ,.;:") + "…"


def _subject(
    form: QueryDict,
    errors: dict,
    units: dict[str, AdministrativeUnit],
    default: AdministrativeUnit | None,
) -> tuple[str, dict[str, str], str, AdministrativeUnit | None]:
    """The service code (topic), the attributes, the kind and the unit."""
    topic = text(form.get("service_code", ""))
    if not topic:
        _add(errors, "service_code", _("Give the code of a service from services.json."))
    elif topic not in Topic.values:
        _add(errors, "service_code", unknown_service(topic))
    attributes = _attributes(form, errors)
    kind = attributes.get(KIND, FeedbackKind.FEEDBACK)
    if kind not in FeedbackKind.values:
        keys = ", ".join(FeedbackKind.values)
        _add(errors, f"attribute[{KIND}]", _("Choose one of: %(keys)s.") % {"keys": keys})
    unit = units.get(attributes[UNIT]) if UNIT in attributes else default
    if unit is None:
        message = _(
            "Choose the administrative unit the matter concerns (see the service definition)."
        )
        _add(errors, f"attribute[{UNIT}]", message)
    return topic, attributes, kind, unit


def submission(
    form: QueryDict, *, units: dict[str, AdministrativeUnit], default: AdministrativeUnit | None
) -> Submission:
    """The feedback a POST asks to create, or ``Open311Error`` (400) listing every problem."""
    errors: dict[str, list[str]] = {}
    topic, attributes, kind, unit = _subject(form, errors, units, default)
    lat, lng, address = _location(form, errors)
    _too_long(form, errors)
    description = _description(form, errors)
    first, last = text(form.get("first_name", "")), text(form.get("last_name", ""))
    name = f"{last} {first}".strip()
    if len(name) > 200:
        _add(errors, "first_name/last_name", _("Give a name of at most 200 characters."))
    phone, email = text(form.get("phone", "")), text(form.get("email", ""))
    sub = Submission(  # with neutral values where ours were refused, for the service's check
        kind=kind if kind in FeedbackKind.values else FeedbackKind.FEEDBACK,
        topic=topic if topic in Topic.values else Topic.OTHER,
        unit=unit,
        title=attributes.get(TITLE) or title_from(description),
        description=description,
        consent=True,
        channel=FeedbackChannel.API,
        anonymous=not (name or phone or email),
        contact_name=name[:200],
        contact_phone=phone,
        contact_email=email[: LONGEST["email"]],
        address=address[: LONGEST["address_string"]],
        latitude=lat,
        longitude=lng,
    )
    try:
        submission_clean(sub)
    except FeedbackInvalid as exc:
        errors = merged(errors, exc.errors, title_given=TITLE in attributes)
    if errors:
        raise Open311Error(400, problems(errors))
    return sub


def merged(errors: dict, service_errors: dict, *, title_given: bool = True) -> dict:
    """Ours, then the service's under the parameter names (ours win for a parameter)."""
    errors = dict(errors)
    for field, messages in service_errors.items():
        name = PARAMETERS.get(field, field)
        if field == "title" and not title_given and "description" in service_errors:
            continue  # no title given and no description: the description's error says it
        if name not in errors:
            errors[name] = list(messages)
    return errors


def service_errors(service_errors: dict) -> list[str]:
    return problems(merged({}, service_errors))
