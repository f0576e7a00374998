"""Feedback, recommendations and complaints: send one, follow it (Open311: /open311/v2/)."""

import base64
import binascii
from datetime import datetime
from decimal import Decimal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Header, Query, Router, Schema, Status
from ninja.errors import HttpError, Throttled

from motcua.api.auth import ANYONE, SIGNED_IN, caller_of, require_write
from motcua.api.errors import Invalid, NotFound
from motcua.api.schemas import IDEMPOTENCY_KEY, OPEN_TO_ANYONE, answers
from motcua.catalog.models import Procedure
from motcua.core.ratelimit import feedback_lookup_refused
from motcua.feedback.enums import FeedbackChannel, FeedbackKind, FeedbackStatus, Topic
from motcua.feedback.selectors import feedback_find_public
from motcua.feedback.services import feedback_submit
from motcua.feedback.services.submit import MAX_FILES, Submission, Upload
from motcua.organization.models import AdministrativeUnit
from motcua.organization.selectors import unit_subtree_ids

router = Router(tags=["feedback"])


class FileIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    content_base64: str = Field(min_length=1, max_length=15_000_000)


class FeedbackIn(Schema):
    kind: FeedbackKind
    topic: Topic
    unit: str = Field(max_length=20, description="Code of the administrative unit concerned.")
    title: str = Field(max_length=200)
    description: str = Field(max_length=5000)
    procedure: str = Field("", max_length=40, description="Procedure code, if about one.")
    dossier_code: str = Field("", max_length=40)
    anonymous: bool = False
    contact_name: str = Field("", max_length=200)
    contact_phone: str = Field("", max_length=20)
    contact_email: str = Field("", max_length=254)
    address: str = Field("", max_length=300)
    latitude: Decimal | None = Field(None, ge=-90, le=90, max_digits=9, decimal_places=6)
    longitude: Decimal | None = Field(None, ge=-180, le=180, max_digits=9, decimal_places=6)
    files: list[FileIn] = Field([], max_length=MAX_FILES)
    consent: bool = Field(description="The sender agreed to the personal-data notice.")


class FeedbackSentOut(Schema):
    code: str
    lookup_secret: str
    status: FeedbackStatus
    due_at: datetime
    agency: str


class FeedbackOut(Schema):
    code: str
    kind: FeedbackKind
    topic: Topic
    title: str
    status: FeedbackStatus
    status_label: str
    agency: str
    submitted_at: datetime
    due_at: datetime
    answer: str
    answered_at: datetime | None


@router.post(
    "/feedback",
    response=answers({201: FeedbackSentOut}, 400, 401, 403, 409, 413),
    auth=SIGNED_IN,
    operation_id="sendFeedback",
    summary="Send feedback or a complaint",
)
def feedback_send(
    request: HttpRequest,
    payload: FeedbackIn,
    idempotency_key: str = Header("", alias="Idempotency-Key", max_length=64),
):
    """Routed to the competent agency, with a time limit from the law (complaints longer,
    remote areas longer still). Anonymous feedback is accepted; complaints need a name."""
    caller = caller_of(request)
    require_write(caller)
    errors: dict[str, list[str]] = {}
    if idempotency_key and not IDEMPOTENCY_KEY.match(idempotency_key):
        errors["Idempotency-Key"] = [_("Use 8 to 64 letters, digits or . _ : -")]
    unit = AdministrativeUnit.objects.filter(code=payload.unit.strip()).first()
    if unit is None:
        errors["unit"] = [_("No administrative unit has this code.")]
    elif caller.agency is not None and caller.token is not None:
        # As in Open311: a token limited to an agency speaks for its unit and those below.
        if unit.pk not in unit_subtree_ids(unit_id=caller.agency.unit_id):
            raise HttpError(403, _("This token may only send feedback about its own unit."))
    procedure = None
    if payload.procedure:
        procedure = Procedure.objects.filter(code=payload.procedure.strip()).first()
        if procedure is None:
            errors["procedure"] = [_("No procedure has this code.")]
    uploads = []
    for index, item in enumerate(payload.files):
        try:
            uploads.append(Upload(item.name, base64.b64decode(item.content_base64, validate=True)))
        except (binascii.Error, ValueError):
            errors[f"files.{index}.content_base64"] = [_("This is not valid base64.")]
    if errors:
        raise Invalid(errors)
    submission = Submission(
        **payload.dict(exclude={"unit", "procedure", "files"}),
        unit=unit,
        procedure=procedure,
        channel=FeedbackChannel.API,
        files=uploads,
    )
    feedback = feedback_submit(
        submission=submission,
        idempotency_key=f"api:{caller.key}:{idempotency_key}" if idempotency_key else "",
        citizen=caller.citizen,
    )
    return Status(
        201,
        {
            "code": feedback.code,
            "lookup_secret": feedback.lookup_secret,
            "status": feedback.status,
            "due_at": feedback.due_at,
            "agency": feedback.agency.name,
        },
    )


class FeedbackQuery(Schema):
    secret: str = Field(min_length=1, max_length=16, description="Given when it was sent.")


@router.get(
    "/feedback/{code}",
    response=answers({200: FeedbackOut}, 401, 404),
    auth=ANYONE,
    operation_id="followFeedback",
    openapi_extra=OPEN_TO_ANYONE,
    summary="Follow feedback (public)",
)
def feedback_follow(request: HttpRequest, code: str, query: Query[FeedbackQuery]):
    if feedback_lookup_refused(request):
        raise Throttled(wait=None)
    feedback = feedback_find_public(code=code[:40], secret=query.secret)
    if feedback is None:
        raise NotFound(_("No feedback matches this code and lookup code."))
    return {
        "code": feedback.code,
        "kind": feedback.kind,
        "topic": feedback.topic,
        "title": feedback.title,
        "status": feedback.status,
        "status_label": str(FeedbackStatus(feedback.status).label),
        "agency": feedback.agency.name,
        "submitted_at": feedback.submitted_at,
        "due_at": feedback.due_at,
        "answer": feedback.answer if feedback.answered_at else "",
        "answered_at": feedback.answered_at,
    }
