"""Reads from the catalogue: public listing and search, detail, export."""

from django.db.models import Prefetch, QuerySet

from motcua.catalog.enums import ProcedureStatus, VersionState
from motcua.catalog.interchange import number
from motcua.catalog.models import Component, Field, Offering, Procedure, ProcedureVersion
from motcua.core.text import fold
from motcua.organization.models import Agency

VERSION_PARTS = ["steps", "channels", "components", "fees", "cases", "legal_basis"]


def _time_limit(obj) -> dict:
    return {
        "amount": number(obj.time_amount),
        "unit": obj.time_unit,
        "cutoff": obj.cutoff.strftime("%H:%M") if obj.cutoff else None,
        "note": obj.time_note,
    }


def version_to_dict(version: ProcedureVersion) -> dict:
    """A version in the interchange format (without offerings)."""
    return {
        "code": version.procedure.code,
        "name": version.name,
        "name_en": version.name_en,
        "field": version.field.code,
        "levels": version.level_list,
        "implementing_agency": version.implementing_agency,
        "deciding_agency": version.deciding_agency,
        "applicants": version.applicants,
        "result": version.result,
        "conditions": version.conditions,
        "online_level": version.online_level,
        "status": version.status,
        "pause_policy": version.pause_policy,
        "time_limit": _time_limit(version),
        "steps": [{"title": s.title, "description": s.description} for s in version.steps.all()],
        "channels": [
            {"kind": c.kind, "time_limit": _time_limit(c), "fee": c.fee, "notes": c.notes}
            for c in version.channels.all()
        ],
        "components": [
            {
                "name": c.name,
                "name_en": c.name_en,
                "originals": c.originals,
                "certified_copies": c.certified_copies,
                "photocopies": c.photocopies,
                "sets": c.sets,
                "required": c.required,
                "condition": c.condition,
                "form": c.form_name,
            }
            for c in version.components.all()
        ],
        "fees": [
            {"name": f.name, "amount": f.amount, "basis": f.basis, "note": f.note}
            for f in version.fees.all()
        ],
        "cases": [{"name": c.name, "time_limit": _time_limit(c)} for c in version.cases.all()],
        "legal_basis": [
            {
                "number": d.number,
                "title": d.title,
                "issued_on": d.issued_on.isoformat() if d.issued_on else None,
                "issuer": d.issuer,
            }
            for d in version.legal_basis.all()
        ],
    }


def _offering_to_dict(offering: Offering) -> dict:
    return {
        "agency": offering.agency.identifier,
        "active": offering.is_active,
        "process": [
            {
                "case": s.case_name,
                "name": s.name,
                "role": s.role,
                "performer": s.performer,
                "agency": s.agency.identifier if s.agency else None,
                "quota": number(s.quota),
            }
            for s in offering.process.all()
        ],
    }


def _offerings_prefetch() -> Prefetch:
    return Prefetch(
        "offerings",
        queryset=Offering.objects.select_related("agency")
        .prefetch_related("process__agency")
        .order_by("agency__identifier"),
    )


def procedure_export(*, procedure: Procedure) -> dict:
    procedure = Procedure.objects.prefetch_related(_offerings_prefetch()).get(pk=procedure.pk)
    data = version_to_dict(procedure.current_version)
    data["offerings"] = [_offering_to_dict(o) for o in procedure.offerings.all()]
    return data


def catalog_export() -> tuple[list[dict], list[dict]]:
    """Every field and every procedure's current version with its offerings."""
    procedures = (
        Procedure.objects.filter(current_version__isnull=False)
        .select_related("current_version__field")
        .prefetch_related(
            *[f"current_version__{part}" for part in VERSION_PARTS], _offerings_prefetch()
        )
        .order_by("code")
    )
    exported = []
    for procedure in procedures:
        data = version_to_dict(procedure.current_version)
        data["offerings"] = [_offering_to_dict(o) for o in procedure.offerings.all()]
        exported.append(data)
    fields = [
        {"code": f.code, "name": f.name, "name_en": f.name_en}
        for f in Field.objects.order_by("code")
    ]
    return fields, exported


def procedure_list_public(
    *,
    query: str = "",
    field_code: str = "",
    level: str = "",
    agency_id: int | None = None,
    online_level: str = "",
    unit_id: int | None = None,
) -> QuerySet[Procedure]:
    """Published procedures in force, filtered; every word of ``query`` must match.

    Matching ignores case and diacritics ("dang ky khai sinh" finds "Đăng ký khai sinh").
    """
    procedures = Procedure.objects.filter(
        current_version__isnull=False, current_version__status=ProcedureStatus.IN_FORCE
    ).select_related("current_version__field")
    for word in fold(query).split()[:10]:
        procedures = procedures.filter(search_text__contains=word)
    if field_code:
        procedures = procedures.filter(current_version__field__code=field_code)
    if level:
        procedures = procedures.filter(current_version__levels__contains=f",{level},")
    if agency_id:
        procedures = procedures.filter(offerings__agency_id=agency_id, offerings__is_active=True)
    if online_level:
        procedures = procedures.filter(current_version__online_level=online_level)
    if unit_id:
        procedures = procedures.filter(
            offerings__agency__unit_id=unit_id, offerings__is_active=True
        ).distinct()
    return procedures.order_by("current_version__field__name", "code")


def procedure_get_public(*, code: str) -> Procedure | None:
    """A published procedure with everything its public page shows (constant query count)."""
    return (
        Procedure.objects.filter(code=code, current_version__isnull=False)
        .select_related("current_version__field")
        .prefetch_related(
            *[f"current_version__{part}" for part in VERSION_PARTS],
            Prefetch(
                "offerings",
                queryset=Offering.objects.filter(is_active=True)
                .select_related("agency__unit")
                .prefetch_related("process__agency")
                .order_by("agency__unit__code", "agency__name"),
            ),
        )
        .first()
    )


def field_list() -> QuerySet[Field]:
    return Field.objects.order_by("name")


def agency_list_offering() -> QuerySet[Agency]:
    """Agencies that offer at least one procedure, for the catalogue filter."""
    return (
        Agency.objects.filter(offerings__is_active=True)
        .distinct()
        .select_related("unit")
        .order_by("unit__code", "name")
    )


def component_get_form(*, code: str, component_id: int) -> Component | None:
    """A downloadable form of the current version of a published procedure."""
    return (
        Component.objects.filter(
            pk=component_id,
            version__procedure__code=code,
            version__state=VersionState.PUBLISHED,
        )
        .exclude(form_file="")
        .first()
    )


def offering_agencies(*, procedure: Procedure, unit_id: int) -> QuerySet[Agency]:
    """Agencies of a unit that offer ``procedure`` (the desk chooses among them)."""
    return Agency.objects.filter(
        offerings__procedure=procedure, offerings__is_active=True, unit_id=unit_id
    ).order_by("name")
