"""A small world for dossier tests: a commune-level procedure offered by a district agency."""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from motcua.accounts.enums import Role
from motcua.accounts.models import User
from motcua.accounts.tests.factories import StaffFactory, UserFactory
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.tests.factories import procedure_data, publish, time_limit
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import (
    Applicant,
    Application,
    ReceivedComponent,
    dossier_assign,
    dossier_decide,
    dossier_forward,
    dossier_receive,
    dossier_return_result,
    dossier_submit_online,
    dossier_transfer_to_agency,
)
from motcua.organization.enums import AgencyKind, UnitLevel
from motcua.organization.models import Agency
from motcua.organization.tests.factories import AgencyFactory, UnitFactory

VN = ZoneInfo("Asia/Ho_Chi_Minh")

PROCESS = [
    ("Tiếp nhận", Role.DESK_OFFICER, "desk", "0.5"),
    ("Phân công", Role.AGENCY_HEAD, "agency", "0.5"),
    ("Thẩm định", Role.PROCESSING_OFFICER, "agency", "1"),
    ("Ký duyệt", Role.UNIT_LEADER, "committee", "0.5"),
    ("Trả kết quả", Role.DESK_OFFICER, "desk", "0.5"),
]
# A case with its own, longer limit and its own internal process (15 working days).
CASE = "Có yếu tố nước ngoài"
CASE_PROCESS = [
    ("Tiếp nhận hồ sơ nước ngoài", Role.DESK_OFFICER, "desk", "1"),
    ("Xác minh", Role.PROCESSING_OFFICER, "agency", "12"),
    ("Ký duyệt", Role.UNIT_LEADER, "committee", "1"),
    ("Trả kết quả", Role.DESK_OFFICER, "desk", "1"),
]


def vn(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    """An instant read on a Vietnamese wall clock."""
    return datetime(year, month, day, hour, minute, tzinfo=VN)


# A plain working week: Monday 2 March 2026 to Friday 6 March 2026, no holiday in sight.
MONDAY = vn(2026, 3, 2, 9)


@dataclass
class World:
    desk: Agency
    agency: Agency
    committee: Agency
    other_agency: Agency
    version: ProcedureVersion
    clerk: User
    head: User
    officer: User
    leader: User
    other_officer: User
    other_head: User | None = None


def process_for(total_cases: dict[str, str] | None = None, *, case: str = "") -> list[dict]:
    rows = CASE_PROCESS if case else PROCESS
    return [
        {"case": case, "name": n, "role": r.value, "performer": p, "agency": None, "quota": q}
        for n, r, p, q in rows
    ]


def build_world(
    *,
    amount: str = "3",
    unit: str = "working_days",
    policy: str = "shift",
    online_level: str = "full",
    online_amount: str | None = None,
    with_case: bool = False,
) -> World:
    district = UnitFactory(level=UnitLevel.DISTRICT)
    desk = AgencyFactory(unit=district, kind=AgencyKind.ONE_STOP_DESK, name="Bộ phận Một cửa")
    committee = AgencyFactory(unit=district, kind=AgencyKind.PEOPLES_COMMITTEE, name="UBND huyện")
    agency = AgencyFactory(unit=district, name="Phòng Tư pháp")
    other = AgencyFactory(unit=district, name="Phòng Nội vụ")
    limit = time_limit(amount, unit)
    process = process_for() + (process_for(case=CASE) if with_case else [])
    channels = [{"kind": "desk", "time_limit": limit, "fee": 0, "notes": ""}]
    if online_level != "none":  # the catalogue refuses an online channel it cannot offer
        online = time_limit(online_amount or amount, unit)
        channels.append({"kind": "online", "time_limit": online, "fee": 0, "notes": ""})

    def offering(a: Agency) -> dict:
        return {"agency": a.identifier, "active": True, "process": process}

    data = procedure_data(
        time_limit=limit,
        cases=[{"name": CASE, "time_limit": time_limit("15")}] if with_case else [],
        pause_policy=policy,
        online_level=online_level,
        channels=channels,
        offerings=[offering(agency), offering(other)],
    )
    (procedure,) = publish(data)
    return World(
        desk=desk,
        agency=agency,
        committee=committee,
        other_agency=other,
        version=procedure.current_version,
        clerk=StaffFactory(role=Role.DESK_OFFICER, agency=desk, full_name="Cán bộ Một cửa"),
        head=StaffFactory(role=Role.AGENCY_HEAD, agency=agency, full_name="Trưởng phòng"),
        officer=StaffFactory(role=Role.PROCESSING_OFFICER, agency=agency, full_name="Chuyên viên"),
        leader=StaffFactory(role=Role.UNIT_LEADER, agency=committee, full_name="Phó Chủ tịch"),
        other_officer=StaffFactory(
            role=Role.PROCESSING_OFFICER, agency=other, full_name="Chuyên viên Nội vụ"
        ),
        other_head=StaffFactory(role=Role.AGENCY_HEAD, agency=other, full_name="Trưởng phòng NV"),
    )


def application(world: World, **overrides) -> Application:
    values = {
        "version": world.version,
        "agency": world.agency,
        "applicant": Applicant(
            name="Nguyễn Văn An",
            id_number="008095001234",
            phone="0912345678",
            email="an@example.org",
            address="Thị trấn Nà Hang",
        ),
        "components": [ReceivedComponent(name="Tờ khai", originals=1)],
    }
    values.update(overrides)
    return Application(**values)


def citizen(**fields) -> User:
    return UserFactory(role=Role.CITIZEN, **fields)


def reloaded(dossier: Dossier) -> Dossier:
    return Dossier.objects.get(pk=dossier.pk)


# Dossiers at the usual points of the lifecycle; every step happens at ``at``.


def received(world: World, *, at: datetime = MONDAY, **overrides) -> Dossier:
    return dossier_receive(actor=world.clerk, application=application(world, **overrides), at=at)


def submitted(
    world: World, *, key: str = "key-1", at: datetime = MONDAY, owner: User | None = None
) -> Dossier:
    return dossier_submit_online(
        application=application(world), idempotency_key=key, citizen=owner, at=at
    )


def with_agency(world: World, *, at: datetime = MONDAY, **overrides) -> Dossier:
    """Passed to the agency: step 2, waiting for the head to assign it."""
    dossier = received(world, at=at, **overrides)
    return dossier_transfer_to_agency(dossier=dossier, actor=world.clerk, at=at)


def assigned(world: World, *, at: datetime = MONDAY, **overrides) -> Dossier:
    """Step 3, appraisal, held by the processing officer."""
    dossier = with_agency(world, at=at, **overrides)
    return dossier_assign(dossier=dossier, actor=world.head, officer=world.officer, at=at)


def at_signing(world: World, *, at: datetime = MONDAY, **overrides) -> Dossier:
    """Step 4, with the People's Committee for signature."""
    dossier = assigned(world, at=at, **overrides)
    return dossier_forward(dossier=dossier, actor=world.officer, at=at)


def decided(world: World, *, approved: bool = True, at: datetime = MONDAY, **overrides) -> Dossier:
    dossier = at_signing(world, at=at, **overrides)
    return dossier_decide(
        dossier=dossier,
        actor=world.leader,
        approved=approved,
        document="Giấy khai sinh số 12/2026" if approved else "",
        reason="" if approved else "Không đủ điều kiện",
        at=at,
    )


def returned(world: World, *, at: datetime = MONDAY) -> Dossier:
    dossier = decided(world, at=at)
    return dossier_return_result(
        dossier=dossier, actor=world.clerk, returned_to="Nguyễn Văn An", at=at
    )
