"""Dossiers at known points against their due dates, made through the real services.

The procedure allows 3 working days: received Monday 2 March 2026 at 09:00, a dossier is
due Thursday 5 March at 09:00. ``AT`` (Tuesday 10 March) is the reference moment.
"""

from dataclasses import dataclass
from datetime import datetime

from motcua.accounts.enums import Role
from motcua.accounts.models import User
from motcua.accounts.tests.factories import StaffFactory
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import (
    dossier_assign,
    dossier_decide,
    dossier_forward,
    dossier_pause,
    dossier_receive,
    dossier_transfer_to_agency,
    dossier_withdraw,
)
from motcua.dossiers.tests.factories import MONDAY, World, application, at_signing, received, vn
from motcua.organization.enums import AgencyKind, UnitLevel
from motcua.organization.models import Agency
from motcua.organization.tests.factories import AgencyFactory, UnitFactory

AT = vn(2026, 3, 10, 9)


def decide(world: World, dossier: Dossier, at: datetime) -> Dossier:
    return dossier_decide(dossier=dossier, actor=world.leader, approved=True, document="GKS", at=at)


def resolved(world: World, *, received_at: datetime = MONDAY, decided_at: datetime) -> Dossier:
    return decide(world, at_signing(world, at=received_at), decided_at)


@dataclass
class Commune:
    """A commune under the world's district, served by its own desk."""

    agency: Agency
    clerk: User
    leader: User


def processing(world: World, *, at: datetime = MONDAY) -> Dossier:
    """With the processing officer of the world's agency."""
    dossier = received(world, at=at)
    dossier = dossier_transfer_to_agency(dossier=dossier, actor=world.clerk, at=at)
    return dossier_assign(dossier=dossier, actor=world.head, officer=world.officer, at=at)


def commune_processing(world: World, commune: Commune, *, at: datetime = MONDAY) -> Dossier:
    app = application(world, agency=commune.agency)
    dossier = dossier_receive(actor=commune.clerk, application=app, at=at)
    dossier = dossier_transfer_to_agency(dossier=dossier, actor=commune.clerk, at=at)
    return dossier_assign(
        dossier=dossier, actor=world.other_head, officer=world.other_officer, at=at
    )


def commune_resolved(world: World, commune: Commune, *, decided_at: datetime) -> Dossier:
    dossier = commune_processing(world, commune)
    dossier = dossier_forward(dossier=dossier, actor=world.other_officer, at=MONDAY)
    return dossier_decide(
        dossier=dossier, actor=commune.leader, approved=True, document="GKS", at=decided_at
    )


def paused(world: World, *, at: datetime) -> Dossier:
    return dossier_pause(
        dossier=processing(world),
        actor=world.officer,
        missing=["Bản sao giấy tờ"],
        reason="Thiếu giấy tờ",
        at=at,
    )


def withdrawn(world: World) -> Dossier:
    return dossier_withdraw(
        dossier=received(world, at=MONDAY), actor=world.clerk, reason="Rút", at=vn(2026, 3, 3)
    )


def move_to_a_commune(world: World) -> Commune:
    """The world's second agency (and its staff) moves to a commune with its own desk."""
    unit = UnitFactory(level=UnitLevel.COMMUNE, parent=world.agency.unit, name="Xã Đà Vị")
    desk = AgencyFactory(unit=unit, kind=AgencyKind.ONE_STOP_DESK, name="Bộ phận Một cửa xã")
    Agency.objects.filter(pk=world.other_agency.pk).update(unit=unit)
    world.other_agency.refresh_from_db()
    committee = AgencyFactory(unit=unit, kind=AgencyKind.PEOPLES_COMMITTEE, name="UBND xã")
    return Commune(
        agency=world.other_agency,
        clerk=StaffFactory(role=Role.DESK_OFFICER, agency=desk, full_name="Công chức xã"),
        leader=StaffFactory(role=Role.UNIT_LEADER, agency=committee, full_name="Chủ tịch xã"),
    )
