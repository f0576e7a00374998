"""The public catalogue: search procedures (with or without diacritics), read one."""

import math
from datetime import date

from django.conf import settings
from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import Field, Query, Router, Schema

from motcua.api.auth import ANYONE
from motcua.api.schemas import OPEN_TO_ANYONE, answers
from motcua.catalog.enums import OnlineLevel
from motcua.catalog.models import Procedure, TimeLimit
from motcua.catalog.selectors import procedure_get_public, procedure_list_public
from motcua.organization.enums import UnitLevel
from motcua.workdays.enums import TimeUnit

router = Router(tags=["procedures"], auth=ANYONE)


class FieldOut(Schema):
    code: str
    name: str
    name_en: str


class TimeLimitOut(Schema):
    amount: float = Field(description="How many units (0.5 is half a working day).")
    unit: TimeUnit
    cutoff: str | None = Field(None, description="HH:MM: receipts after it count the next day.")
    note: str


class ProcedureSummary(Schema):
    code: str = Field(description="The national code of the procedure.")
    name: str
    name_en: str
    field: FieldOut
    levels: list[UnitLevel]
    online_level: OnlineLevel
    time_limit: TimeLimitOut
    url: str = Field(description="The procedure's public page.")


class ProcedurePage(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    items: list[ProcedureSummary]


class ProcedureStepOut(Schema):
    title: str
    description: str


class ChannelOut(Schema):
    kind: str
    time_limit: TimeLimitOut
    fee: int
    notes: str


class ComponentOut(Schema):
    id: int = Field(description="Give it as `component_id` of a document when submitting.")
    name: str
    name_en: str
    originals: int
    certified_copies: int
    photocopies: int
    sets: int
    required: bool
    condition: str = Field(description="When it is needed; empty: always.")
    form_name: str
    form_url: str | None


class FeeOut(Schema):
    name: str
    amount: int | None = Field(description="VND; null: set case by case (see the note).")
    basis: str
    note: str


class CaseOut(Schema):
    name: str
    time_limit: TimeLimitOut


class LegalDocumentOut(Schema):
    number: str
    title: str
    issued_on: date | None
    issuer: str


class UnitOut(Schema):
    code: str
    name: str


class AgencyOut(Schema):
    identifier: str
    name: str
    unit: UnitOut


class ProcedureDetail(ProcedureSummary):
    implementing_agency: str
    deciding_agency: str
    applicants: str
    result: str
    conditions: str
    status: str
    steps: list[ProcedureStepOut]
    channels: list[ChannelOut]
    components: list[ComponentOut]
    fees: list[FeeOut]
    cases: list[CaseOut]
    legal_basis: list[LegalDocumentOut]
    agencies: list[AgencyOut] = Field(description="Where it can be submitted.")


class ProcedureQuery(Schema):
    q: str = Field("", max_length=200, description="Words to find; diacritics are optional.")
    field: str = Field("", max_length=20, description="Field code.")
    level: UnitLevel | None = None
    online_level: OnlineLevel | None = None
    page: int = Field(1, ge=1, le=10_000)
    page_size: int = Field(20, ge=1, le=100)


def time_limit(obj: TimeLimit) -> dict:
    return {
        "amount": float(obj.time_amount),
        "unit": obj.time_unit,
        "cutoff": obj.cutoff.strftime("%H:%M") if obj.cutoff else None,
        "note": obj.time_note,
    }


def _summary(procedure: Procedure) -> dict:
    version = procedure.current_version
    return {
        "code": procedure.code,
        "name": version.name,
        "name_en": version.name_en,
        "field": version.field,
        "levels": version.level_list,
        "online_level": version.online_level,
        "time_limit": time_limit(version),
        "url": settings.SITE_URL + reverse("portal:procedure_detail", args=[procedure.code]),
    }


def _form_url(procedure: Procedure, component) -> str | None:
    if not component.form_file:
        return None
    path = reverse("portal:form_download", args=[procedure.code, component.pk])
    return settings.SITE_URL + path


def _detail(procedure: Procedure) -> dict:
    version = procedure.current_version
    return {
        **_summary(procedure),
        "implementing_agency": version.implementing_agency,
        "deciding_agency": version.deciding_agency,
        "applicants": version.applicants,
        "result": version.result,
        "conditions": version.conditions,
        "status": version.status,
        "steps": list(version.steps.all()),
        "channels": [
            {"kind": c.kind, "time_limit": time_limit(c), "fee": c.fee, "notes": c.notes}
            for c in version.channels.all()
        ],
        "components": [
            {
                **{f: getattr(c, f) for f in ComponentOut.model_fields if f != "form_url"},
                "form_url": _form_url(procedure, c),
            }
            for c in version.components.all()
        ],
        "fees": list(version.fees.all()),
        "cases": [{"name": c.name, "time_limit": time_limit(c)} for c in version.cases.all()],
        "legal_basis": list(version.legal_basis.all()),
        "agencies": [o.agency for o in procedure.offerings.all()],
    }


@router.get(
    "/procedures",
    response=answers({200: ProcedurePage}, 401),
    operation_id="searchProcedures",
    openapi_extra=OPEN_TO_ANYONE,
    summary="Search the catalogue",
)
def procedure_list(request: HttpRequest, filters: Query[ProcedureQuery]):
    """Published procedures in force; every word of `q` must match, with or without
    diacritics ("dang ky khai sinh" finds "Đăng ký khai sinh")."""
    procedures = procedure_list_public(
        query=filters.q,
        field_code=filters.field,
        level=filters.level or "",
        online_level=filters.online_level or "",
    )
    count = procedures.count()
    start = (filters.page - 1) * filters.page_size
    items = procedures[start : start + filters.page_size]
    return {
        "count": count,
        "page": filters.page,
        "page_size": filters.page_size,
        "pages": math.ceil(count / filters.page_size),
        "items": [_summary(p) for p in items],
    }


@router.get(
    "/procedures/{code}",
    response=answers({200: ProcedureDetail}, 401, 404),
    operation_id="getProcedure",
    openapi_extra=OPEN_TO_ANYONE,
    summary="One procedure with everything its public page shows",
)
def procedure_detail(request: HttpRequest, code: str):
    procedure = procedure_get_public(code=code[:40])
    if procedure is None:
        raise Http404
    return _detail(procedure)
