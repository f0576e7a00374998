"""Dossiers: submit online, list and read them (staff and integrations), act on them."""

import base64
import binascii
import math

from django.conf import settings
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Header, Query, Router, Schema, Status
from ninja.errors import HttpError

from motcua.api.auth import SIGNED_IN, Caller, caller_of, require_actor, require_write
from motcua.api.errors import Invalid
from motcua.api.routers.dossier_schemas import (
    ActionIn,
    DossierIn,
    DossierOut,
    DossierPage,
    SubmittedOut,
)
from motcua.api.schemas import IDEMPOTENCY_KEY, answers
from motcua.catalog.enums import ChannelKind
from motcua.catalog.models import Procedure
from motcua.core.ratelimit import client_address
from motcua.dossiers import services as svc
from motcua.dossiers.actions import ACTIONS, action_form, action_perform
from motcua.dossiers.enums import Action, DossierStatus
from motcua.dossiers.models import Dossier
from motcua.dossiers.permissions import allowed_actions
from motcua.dossiers.selectors import (
    dossier_events,
    dossier_list_for_integration,
    dossier_list_for_officer,
    dossier_public_timeline,
)
from motcua.dossiers.services.reception import desk_for
from motcua.dossiers.timing import calendar_for, limit_for
from motcua.organization.enums import RECEPTION_KINDS
from motcua.organization.models import Agency
from motcua.privacy.enums import AccessKind, RecordKind
from motcua.privacy.services import access_record

router = Router(tags=["dossiers"], auth=SIGNED_IN)


def _application(payload: DossierIn) -> tuple[svc.Application, list[svc.Scan]]:
    # The version with what the submission services read from it, in three queries.
    procedure = (
        Procedure.objects.filter(code=payload.procedure.strip())
        .select_related("current_version__procedure")
        .prefetch_related(
            "current_version__components", "current_version__cases", "current_version__channels"
        )
        .first()
    )
    version = procedure.current_version if procedure else None
    if version is None:
        raise Invalid({"procedure": [_("No procedure has this code.")]})
    agency = Agency.objects.filter(identifier=payload.agency.strip()).first()
    if agency is None:
        raise Invalid({"agency": [_("No agency has this identifier.")]})
    components = {c.pk: c for c in version.components.all()}
    scans, errors = [], {}
    for index, document in enumerate(payload.documents):
        if document.component_id is not None and document.component_id not in components:
            errors[f"documents.{index}.component_id"] = [
                _("This document is not part of the procedure.")
            ]
        try:
            data = base64.b64decode(document.content_base64, validate=True)
        except (binascii.Error, ValueError):
            errors[f"documents.{index}.content_base64"] = [_("This is not valid base64.")]
            continue
        scans.append(svc.Scan(document.name, data, document.component_id))
    if not payload.consent:
        errors["consent"] = [
            _("The applicant must declare the information true and agree to the notice.")
        ]
    if errors:
        raise Invalid(errors)
    given = {scan.component_id for scan in scans}
    person = payload.applicant
    application = svc.Application(
        version=version,
        agency=agency,
        applicant=svc.Applicant(**person.dict()),
        channel=ChannelKind.ONLINE,
        case_name=payload.case.strip(),
        content=payload.content,
        components=[
            svc.ReceivedComponent(name=c.name, component_id=c.pk, missing=c.pk not in given)
            for c in components.values()
        ],
    )
    return application, scans


# The services name applicant inputs as the forms do; the API's body nests them.
APPLICANT_FIELDS = {
    "name",
    "kind",
    "id_number",
    "phone",
    "email",
    "address",
    "representative_name",
    "representative_id_number",
}


def _api_fields(errors: dict[str, list[str]]) -> dict[str, list[str]]:
    """Service error names → the names of the request body (``applicant.phone``…); a
    missing required document is ``documents.component_<its id>``."""
    named: dict[str, list[str]] = {}
    for name, messages in errors.items():
        if name in APPLICANT_FIELDS:
            name = f"applicant.{name}"
        elif name == "case_name":
            name = "case"
        elif name.startswith("component_"):
            name = f"documents.{name}"  # the procedure's component with this id is missing
        named.setdefault(name, []).extend(messages)
    return named


def _check_agency_scope(caller: Caller, agency: Agency) -> None:
    """A token limited to an agency submits to that agency, or to one its desk receives."""
    limited = caller.token.agency if caller.token is not None else None
    if limited is None or limited == agency:
        return
    if limited.kind in RECEPTION_KINDS and desk_for(agency) == limited:
        return
    raise HttpError(403, _("This token may only submit dossiers for its own agency."))


def _submitted(dossier: Dossier) -> dict:
    calendar = calendar_for(dossier)
    reception_at = dossier.received_at or calendar.next_opening(dossier.submitted_at)
    due_at, provisional = dossier.due_at, dossier.received_at is None
    if provisional:
        limit = limit_for(
            version=dossier.procedure_version, channel=dossier.channel, case_name=dossier.case_name
        )
        due_at = calendar.due_at(reception_at, limit.amount, limit.unit, cutoff=limit.cutoff).due_at
    return {
        "code": dossier.code,
        "lookup_secret": dossier.lookup_secret,
        "status": dossier.status,
        "status_label": str(DossierStatus(dossier.status).label),
        "submitted_at": timezone.localtime(dossier.submitted_at),
        "reception_at": timezone.localtime(reception_at),
        "due_at": timezone.localtime(due_at) if due_at else None,
        "due_at_provisional": provisional,
        "lookup_url": settings.SITE_URL + reverse("portal:lookup"),
    }


@router.post(
    "/dossiers",
    response=answers({201: SubmittedOut}, 400, 401, 403, 409, 413),
    operation_id="submitDossier",
    summary="Submit a dossier online",
)
def dossier_submit(
    request: HttpRequest,
    payload: DossierIn,
    idempotency_key: str = Header(
        ...,
        alias="Idempotency-Key",
        description="8–64 letters, digits, . _ : -; the same key again returns the same "
        "dossier (never a second one).",
    ),
):
    """Store an online submission, as the portal's form does: the required documents
    are checked, every file is checked before any is stored, and the dossier waits for
    the one-stop desk to receive it. Answers the code, the lookup secret, the official
    reception time and the (provisional) appointment."""
    caller = caller_of(request)
    require_write(caller)
    if not IDEMPOTENCY_KEY.match(idempotency_key):
        raise Invalid({"Idempotency-Key": [_("Use 8 to 64 letters, digits or . _ : -")]})
    application, scans = _application(payload)
    _check_agency_scope(caller, application.agency)
    try:
        dossier = svc.dossier_submit_online(
            application=application,
            idempotency_key=f"api:{caller.key}:{idempotency_key}",
            citizen=caller.citizen,
            scans=scans,
        )
    except svc.ApplicationInvalid as exc:
        raise Invalid(_api_fields(exc.errors)) from exc
    return Status(201, _submitted(dossier))


class DossierQuery(Schema):
    status: DossierStatus | None = None
    open: bool = Field(False, description="Only dossiers not finished.")
    procedure: str = Field("", max_length=40, description="Procedure code.")
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(50, ge=1, le=200)


def _visible(caller: Caller):
    """The dossiers this caller may see (the scope is decided by the selectors).

    A token made for a staff account sees what that account sees (its agency is the
    account's); any other token sees its agency's dossiers, or all if it has none.
    """
    if caller.user is not None:
        return dossier_list_for_officer(user=caller.user)
    return dossier_list_for_integration(agency=caller.agency)


_FINISHED = (
    DossierStatus.REFUSED,
    DossierStatus.WITHDRAWN,
    DossierStatus.STOPPED,
    DossierStatus.RETURNED,
)


def _summary(dossier: Dossier) -> dict:
    return {
        "code": dossier.code,
        "procedure": {
            "code": dossier.procedure_version.procedure.code,
            "name": dossier.procedure_version.name,
        },
        "status": dossier.status,
        "status_label": str(DossierStatus(dossier.status).label),
        "channel": dossier.channel,
        "applicant_name": dossier.applicant_name,
        "agency": dossier.agency,
        "holder_agency": dossier.holder_agency,
        "received_at": dossier.received_at,
        "due_at": dossier.due_at,
    }


@router.get(
    "/dossiers",
    response=answers({200: DossierPage}, 401, 403),
    operation_id="listDossiers",
    summary="List dossiers",
)
def dossier_list(request: HttpRequest, filters: Query[DossierQuery]):
    """Staff see the dossiers of their agency (leaders their unit), citizens their own,
    an integration's token those of its agency (or all); most urgent first."""
    caller = caller_of(request)
    dossiers = _visible(caller).select_related("procedure_version__procedure")
    if filters.status:
        dossiers = dossiers.filter(status=filters.status)
    if filters.open:
        dossiers = dossiers.exclude(status__in=_FINISHED)
    if filters.procedure:
        dossiers = dossiers.filter(procedure_version__procedure__code=filters.procedure)
    dossiers = dossiers.order_by("due_at", "pk")
    count = dossiers.count()
    start = (filters.page - 1) * filters.page_size
    return {
        "count": count,
        "page": filters.page,
        "page_size": filters.page_size,
        "pages": math.ceil(count / filters.page_size),
        "items": [_summary(d) for d in dossiers[start : start + filters.page_size]],
    }


def _dossier(caller: Caller, code: str) -> Dossier:
    dossier = (
        _visible(caller)
        .select_related("procedure_version__procedure", "desk", "holder", "agency")
        .filter(code=code.strip().upper()[:40])
        .first()
    )
    if dossier is None:
        raise Http404
    return dossier


def _public_history(dossier: Dossier) -> list[dict]:
    """What the applicant is shown: milestones, no staff names, notes meant for them."""
    return [
        {
            "seq": number,
            "at": event.at,
            "action": event.action,
            "action_label": str(Action(event.action).label),
            "from_status": None,
            "to_status": event.status,
            "actor": "",
            "from_agency": "",
            "to_agency": event.agency,
            "note": event.note,
        }
        for number, event in enumerate(dossier_public_timeline(dossier=dossier), start=1)
    ]


def _detail(caller: Caller, dossier: Dossier) -> dict:
    if caller.citizen is not None:  # the applicant's own dossier: the public view of it
        return {
            **_staff_detail(caller, dossier),
            "holder": "",
            "steps": [],
            "events": _public_history(dossier),
            "allowed_actions": [],
        }
    return _staff_detail(caller, dossier)


def _staff_detail(caller: Caller, dossier: Dossier) -> dict:
    steps = dossier.steps.select_related("agency").order_by("order")
    return {
        **_summary(dossier),
        "case": dossier.case_name,
        "content": dossier.content,
        "phase": dossier.phase or None,
        "applicant": {
            "kind": dossier.applicant_kind,
            "name": dossier.applicant_name,
            "id_number": dossier.applicant_id_number,
            "phone": dossier.applicant_phone,
            "email": dossier.applicant_email,
            "address": dossier.applicant_address,
        },
        "desk": dossier.desk,
        "holder": str(dossier.holder) if dossier.holder else "",
        "submitted_at": dossier.submitted_at,
        "paused_at": dossier.paused_at,
        "decided_at": dossier.decided_at,
        "returned_at": dossier.returned_at,
        "result": dossier.result,
        "result_document": dossier.result_document,
        "revision": dossier.revision,
        "steps": [
            {
                "order": s.order,
                "name": s.name,
                "agency": s.agency.name if s.agency else "",
                "started_at": s.started_at,
                "due_at": s.due_at,
                "finished_at": s.finished_at,
            }
            for s in steps
        ],
        "events": [
            {
                "seq": e.seq,
                "at": e.at,
                "action": e.action,
                "action_label": str(Action(e.action).label),
                "from_status": e.from_status,
                "to_status": e.to_status,
                "actor": e.actor_name or (str(e.actor) if e.actor else ""),
                "from_agency": e.from_agency.name if e.from_agency else "",
                "to_agency": e.to_agency.name if e.to_agency else "",
                "note": e.note,
            }
            for e in dossier_events(dossier=dossier)
        ],
        "allowed_actions": _allowed(caller, dossier),
    }


def _allowed(caller: Caller, dossier: Dossier) -> list[str]:
    if caller.user is None or not caller.may_write or not caller.user.is_staff_member:
        return []
    return [a for a in allowed_actions(caller.user, dossier) if a in ACTIONS]


@router.get(
    "/dossiers/{code}",
    response=answers({200: DossierOut}, 401, 403, 404),
    operation_id="getDossier",
    summary="One dossier",
)
def dossier_detail(request: HttpRequest, code: str):
    caller = caller_of(request)
    dossier = _dossier(caller, code)
    if caller.user is not None and caller.user.is_staff_member:
        # Staff read personal data here as on the dossier page: the access log says so.
        access_record(
            actor=caller.user,
            record_kind=RecordKind.DOSSIER,
            record_code=dossier.code,
            kind=AccessKind.VIEW,
            address=client_address(request),
        )
    return _detail(caller, dossier)


@router.post(
    "/dossiers/{code}/actions/{action}",
    response=answers({200: DossierOut}, 400, 401, 403, 404, 409),
    operation_id="actOnDossier",
    summary="Act on a dossier",
)
def dossier_act(request: HttpRequest, code: str, action: Action, payload: ActionIn):
    """Take one of the actions of the dossier page (receive, assign, forward, approve,
    return the result…) with the same inputs, rules and errors. The caller must act as a
    member of staff: a browser session, or a write token made for a staff account."""
    caller = caller_of(request)
    actor = require_actor(caller)
    dossier = _dossier(caller, code)
    if action not in ACTIONS or action not in allowed_actions(actor, dossier):
        raise HttpError(
            403,
            _("%(action)s is not possible for this dossier now, or not for you.")
            % {"action": Action(action).label},
        )
    data = {f"{action}-{name}": value for name, value in payload.form_data().items()}
    form = action_form(action, dossier, data)
    if not form.is_valid():
        raise Invalid({name: list(messages) for name, messages in form.errors.items()})
    action_perform(action, dossier, actor, form)
    return _detail(caller, get_object_or_404(Dossier, pk=dossier.pk))
