"""The issuer block in the top left of every form, and the applicant block below it."""

from motcua.dossiers.models import Dossier
from motcua.organization.enums import AgencyKind
from motcua.organization.models import Agency

DESK_NAME = "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ"  # the unit's name in the Circular


def _committee_name(agency: Agency) -> str:
    """The unit's People's Committee (one query), or its name built from the unit's."""
    committee = (
        Agency.objects.filter(
            unit_id=agency.unit_id, kind=AgencyKind.PEOPLES_COMMITTEE, is_active=True
        )
        .order_by("pk")
        .values_list("name", flat=True)
        .first()
    )
    unit = agency.unit.name
    return committee or f"Ủy ban nhân dân {unit[:1].lower()}{unit[1:]}"


def issuer(agency: Agency) -> dict:
    """Two lines in capitals: the governing committee, then the issuing agency itself."""
    if agency.kind == AgencyKind.PEOPLES_COMMITTEE:
        return {"parent": "", "name": agency.name.upper()}
    name = DESK_NAME if agency.kind == AgencyKind.ONE_STOP_DESK else agency.name.upper()
    return {"parent": _committee_name(agency).upper(), "name": name}


def applicant(dossier: Dossier) -> dict:
    return {
        "name": dossier.applicant_name,
        "address": dossier.applicant_address,
        "phone": dossier.applicant_phone,
        "email": dossier.applicant_email,
        "representative": dossier.representative_name,
    }


def desk_place(desk: Agency) -> str:
    """Where the desk is, as a citizen would look for it."""
    return ", ".join(part for part in (desk.name, desk.address) if part)
