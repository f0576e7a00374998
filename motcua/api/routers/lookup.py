"""The public status of a dossier, by its code and the applicant's lookup secret."""

from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import Throttled

from motcua.api.auth import ANYONE
from motcua.api.errors import NotFound
from motcua.api.routers.dossier_schemas import PublicDossierOut
from motcua.api.schemas import OPEN_TO_ANYONE, answers
from motcua.core.ratelimit import lookup_failed, lookup_refused
from motcua.dossiers.enums import Action, DossierStatus
from motcua.dossiers.public_cache import public_view_get, public_view_set
from motcua.dossiers.selectors import (
    dossier_find_public,
    dossier_open_request,
    dossier_public_timeline,
    public_key_matches,
    public_keys,
)

router = Router(tags=["lookup"], auth=ANYONE)


class LookupQuery(Schema):
    secret: str = Field(
        min_length=1,
        max_length=16,
        description="The lookup code on the receipt, or the last 4 digits of the phone.",
    )


@router.get(
    "/lookup/{code}",
    response=answers({200: PublicDossierOut}, 401, 404),
    operation_id="lookupDossier",
    openapi_extra=OPEN_TO_ANYONE,
    summary="Follow a dossier (public)",
)
def dossier_lookup(request: HttpRequest, code: str, query: Query[LookupQuery]):
    """What the applicant sees on the lookup page: status, appointment, milestones and
    what is asked of them; never staff names or internal steps. An unknown code and a
    wrong secret get the same answer; attempts are limited per address and per code."""
    code = code.strip().upper()[:40]
    if lookup_refused(request, code):
        raise Throttled(wait=None)
    language = get_language()
    cached, stamp = public_view_get(code=code, language=language)  # before the dossier
    if cached is not None:
        if public_key_matches(cached["keys"], query.secret):
            return cached["view"]
        dossier = None
    else:
        dossier = dossier_find_public(code=code, secret=query.secret)
    if dossier is None:
        lookup_failed(code)
        raise NotFound(_("No dossier matches this code and lookup code."))
    view = _public_view(dossier)
    public_view_set(code=code, language=language, keys=public_keys(dossier), view=view, stamp=stamp)
    return view


def _public_view(dossier) -> dict:
    asked = dossier_open_request(dossier=dossier)
    return {
        "code": dossier.code,
        "procedure": {
            "code": dossier.procedure_version.procedure.code,
            "name": dossier.procedure_version.name,
        },
        "status": dossier.status,
        "status_label": str(DossierStatus(dossier.status).label),
        "phase": dossier.phase or None,
        "desk": dossier.desk.name,
        "agency": dossier.agency.name,
        "submitted_at": dossier.submitted_at,
        "received_at": dossier.received_at,
        "due_at": dossier.due_at,
        "returned_at": dossier.returned_at,
        "asked": asked
        and {
            "action": asked.action,
            "missing": asked.missing,
            "reason": asked.reason,
            "at": asked.at,
        },
        "history": [
            {
                "at": e.at,
                "action": e.action,
                "action_label": str(Action(e.action).label),
                "status": e.status,
                "agency": e.agency,
                "note": e.note,
            }
            for e in dossier_public_timeline(dossier=dossier)
        ],
    }
