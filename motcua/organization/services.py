from dataclasses import dataclass

from django.db import transaction

from motcua.core.services import upsert
from motcua.organization import demo_data as demo
from motcua.organization.enums import AgencyKind, UnitLevel
from motcua.organization.models import AdministrativeUnit, Agency


def unit_upsert(*, code: str, **fields: object) -> AdministrativeUnit:
    """Create the unit with this official code, or bring it in line with ``fields``."""
    return upsert(AdministrativeUnit, lookup={"code": code}, fields=fields)


def agency_upsert(*, identifier: str, **fields: object) -> Agency:
    """Create the agency with this identifier, or bring it in line with ``fields``."""
    return upsert(Agency, lookup={"identifier": identifier}, fields=fields)


@dataclass(frozen=True)
class DemoDistrict:
    province: AdministrativeUnit
    district: AdministrativeUnit
    communes: list[AdministrativeUnit]
    district_committee: Agency
    district_desk: Agency
    agencies: dict[str, Agency]  # by short name
    commune_committees: list[Agency]
    commune_desks: list[Agency]


@transaction.atomic
def demo_district_load(*, province_code: str) -> DemoDistrict:
    """Load Nà Hang and its communes; running it again changes nothing."""
    ident = f"{demo.DISTRICT_NUMBER}.{province_code}"
    province = unit_upsert(
        level=UnitLevel.PROVINCE,
        identifier=f"000.00.00.{province_code}",
        parent=None,
        **demo.PROVINCE,
    )
    district = unit_upsert(
        level=UnitLevel.DISTRICT, identifier=f"000.00.{ident}", parent=province, **demo.DISTRICT
    )
    agency_upsert(
        identifier=f"000.00.00.{province_code}",
        unit=province,
        kind=AgencyKind.PEOPLES_COMMITTEE,
        name="Ủy ban nhân dân tỉnh Tuyên Quang",
        name_en="Tuyen Quang Provincial People's Committee",
    )
    committee = agency_upsert(
        identifier=f"000.00.{ident}",
        unit=district,
        kind=AgencyKind.PEOPLES_COMMITTEE,
        name="Ủy ban nhân dân huyện Nà Hang",
        name_en="Na Hang District People's Committee",
        short_name="UBND",
    )
    desk = agency_upsert(
        identifier=f"000.{demo.DESK_NUMBER}.{ident}",
        unit=district,
        kind=AgencyKind.ONE_STOP_DESK,
        name="Bộ phận Một cửa huyện Nà Hang",
        name_en="Na Hang District One-stop Desk",
        short_name="BPMC",
    )
    agencies = {}
    rows = [(AgencyKind.SPECIALISED, r) for r in demo.SPECIALISED_AGENCIES] + [
        (AgencyKind.PUBLIC_SERVICE, r) for r in demo.PUBLIC_SERVICE_UNITS
    ]
    for number, (kind, (name, name_en, short)) in enumerate(rows, start=1):
        agencies[short] = agency_upsert(
            identifier=f"000.{number:02d}.{ident}",
            unit=district,
            kind=kind,
            name=name,
            name_en=name_en,
            short_name=short,
        )
    communes, commune_committees, commune_desks = [], [], []
    for offset, (level, name, name_en, klass) in enumerate(demo.COMMUNES):
        number = demo.FIRST_COMMUNE_NUMBER + offset
        commune = unit_upsert(
            code=f"{demo.DISTRICT['code']}.{offset + 1:02d}",
            level=level,
            name=name,
            name_en=name_en,
            classification=klass,
            parent=district,
            identifier=f"000.{number}.{ident}",
        )
        communes.append(commune)
        commune_committees.append(
            agency_upsert(
                identifier=f"000.{number}.{ident}",
                unit=commune,
                kind=AgencyKind.PEOPLES_COMMITTEE,
                name=f"Ủy ban nhân dân {name[0].lower()}{name[1:]}",
                name_en=f"{name_en} People's Committee",
                short_name="UBND",
            )
        )
        commune_desks.append(
            agency_upsert(
                identifier=f"001.{number}.{ident}",
                unit=commune,
                kind=AgencyKind.ONE_STOP_DESK,
                name=f"Bộ phận Một cửa {name[0].lower()}{name[1:]}",
                name_en=f"{name_en} One-stop Desk",
                short_name="BPMC",
            )
        )
    return DemoDistrict(
        province=province,
        district=district,
        communes=communes,
        district_committee=committee,
        district_desk=desk,
        agencies=agencies,
        commune_committees=commune_committees,
        commune_desks=commune_desks,
    )
