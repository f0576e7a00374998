"""What the simulation works in: the demo district, its offerings, desks, calendars, staff.

Everything a dossier needs is read once here, so simulating one costs only the queries
of the services it goes through.
"""

from dataclasses import dataclass, field
from random import Random

from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua.accounts.enums import Role
from motcua.accounts.models import User
from motcua.accounts.services import staff_account_ensure
from motcua.catalog.enums import VersionState
from motcua.catalog.models import Offering, ProcessStep
from motcua.core.errors import DomainError
from motcua.dossiers.services.reception import desk_for
from motcua.dossiers.services.steps import step_agency
from motcua.dossiers.simulation.people import full_name
from motcua.organization.demo_data import DISTRICT
from motcua.organization.enums import AgencyKind, UnitLevel
from motcua.organization.models import AdministrativeUnit, Agency
from motcua.workdays.calendar import WorkCalendar
from motcua.workdays.selectors import calendar_for_unit

DISTRICT_TIER, COMMUNE_TIER = "district", "commune"
TIER_LABELS = {
    DISTRICT_TIER: pgettext_lazy("tier", "District level"),
    COMMUNE_TIER: pgettext_lazy("tier", "Commune level"),
}
USERNAME_PREFIX = "sim-"
# Positions written on slips; the People's Committee of a commune has no "bureau head".
POSITIONS = {
    Role.DESK_OFFICER: "Công chức Bộ phận Một cửa",
    Role.PROCESSING_OFFICER: "Chuyên viên",
    Role.AGENCY_HEAD: "Trưởng phòng",
    Role.UNIT_LEADER: "Phó Chủ tịch UBND",
}
COMMITTEE_POSITIONS = {
    Role.PROCESSING_OFFICER: "Công chức chuyên môn",
    Role.AGENCY_HEAD: "Phó Chủ tịch UBND",
    Role.UNIT_LEADER: "Chủ tịch UBND",
}


class DemoNotLoaded(DomainError):
    code = "demo_not_loaded"
    message = _(
        "The demo district is not loaded (or offers no procedure): run “manage.py load_demo” first."
    )


@dataclass
class World:
    district: AdministrativeUnit
    offerings: dict[str, list[Offering]]  # per tier, in a stable order
    desks: dict[int, Agency]  # unit id → its one-stop desk
    staff: dict[tuple[int, str], User] = field(default_factory=dict)  # (agency id, role)
    calendars: dict[int, WorkCalendar] = field(default_factory=dict)

    def tier_of(self, agency: Agency) -> str:
        return DISTRICT_TIER if agency.unit_id == self.district.pk else COMMUNE_TIER

    def tier_of_id(self, agency_id: int) -> str:
        """The tier of an agency that offers a procedure in the district."""
        for offering in self.offerings[DISTRICT_TIER]:
            if offering.agency_id == agency_id:
                return DISTRICT_TIER
        return COMMUNE_TIER

    def desk_of(self, agency: Agency) -> Agency:
        return self.desks[agency.unit_id]

    def calendar(self, unit_id: int) -> WorkCalendar:
        if unit_id not in self.calendars:
            self.calendars[unit_id] = calendar_for_unit(unit_id=unit_id)
        return self.calendars[unit_id]

    def person(self, agency_id: int, role: str) -> User:
        return self.staff[(agency_id, role)]

    def alternatives(self, offering: Offering) -> list[Offering]:
        """Other agencies of the district offering the same procedure (for liên thông)."""
        every = self.offerings[DISTRICT_TIER] + self.offerings[COMMUNE_TIER]
        return [o for o in every if o.procedure_id == offering.procedure_id and o.pk != offering.pk]


def _offerings(district: AdministrativeUnit) -> list[Offering]:
    version = "procedure__current_version__"
    return list(
        Offering.objects.filter(
            Q(agency__unit=district) | Q(agency__unit__parent=district),
            is_active=True,
            agency__is_active=True,
            procedure__current_version__state=VersionState.PUBLISHED,
        )
        .exclude(agency__kind__in=[AgencyKind.ONE_STOP_DESK, AgencyKind.SERVICE_CENTRE])
        .select_related(f"{version}procedure", f"{version}field", "agency__unit", "procedure")
        .prefetch_related(
            f"{version}cases",
            f"{version}channels",
            f"{version}components",
            Prefetch("process", queryset=ProcessStep.objects.select_related("agency")),
        )
        .order_by("procedure__code", "agency__identifier")
    )


def world_load() -> World:
    """The demo district as the simulation needs it; ``DemoNotLoaded`` without it."""
    district = AdministrativeUnit.objects.filter(
        code=DISTRICT["code"], level=UnitLevel.DISTRICT
    ).first()
    offerings = _offerings(district) if district is not None else []
    if not offerings:
        raise DemoNotLoaded
    world = World(district=district, offerings={DISTRICT_TIER: [], COMMUNE_TIER: []}, desks={})
    for offering in offerings:
        world.offerings[world.tier_of(offering.agency)].append(offering)
        unit_id = offering.agency.unit_id
        if unit_id not in world.desks:
            world.desks[unit_id] = desk_for(offering.agency)
    return world


def _needed(world: World) -> list[tuple[Agency, str]]:
    """Every (agency, role) a dossier may meet: desks, heads, officers, process steps."""
    needed: dict[tuple[int, str], Agency] = {}
    for offering in world.offerings[DISTRICT_TIER] + world.offerings[COMMUNE_TIER]:
        desk = world.desk_of(offering.agency)
        needed[(desk.pk, Role.DESK_OFFICER)] = desk
        needed[(offering.agency_id, Role.AGENCY_HEAD)] = offering.agency
        needed[(offering.agency_id, Role.PROCESSING_OFFICER)] = offering.agency
        for step in offering.process.all():
            agency = step_agency(step, offering, desk)
            needed[(agency.pk, step.role)] = agency
    return sorted(((a, role) for (_pk, role), a in needed.items()), key=_account_name)


def _account_name(entry: tuple[Agency, str]) -> str:
    agency, role = entry
    return f"{USERNAME_PREFIX}{role}-{agency.identifier}"


@transaction.atomic
def staff_load(world: World) -> int:
    """Make sure every needed officer exists (``sim-<role>-<agency identifier>``)."""
    before = User.objects.filter(username__startswith=USERNAME_PREFIX).count()
    for agency, role in _needed(world):
        username = _account_name((agency, role))
        committee = agency.kind == AgencyKind.PEOPLES_COMMITTEE and role in COMMITTEE_POSITIONS
        world.staff[(agency.pk, role)] = staff_account_ensure(
            username=username,
            role=role,
            agency=agency,
            # The same name for the same account, whatever the seed.
            full_name=full_name(Random(username)),  # noqa: S311 - invented names, no secret
            position=(COMMITTEE_POSITIONS if committee else POSITIONS).get(role, ""),
        )
    return User.objects.filter(username__startswith=USERNAME_PREFIX).count() - before
