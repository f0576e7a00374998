from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from motcua.accounts.models import User
from motcua.organization.enums import AgencyKind, UnitLevel
from motcua.organization.models import AdministrativeUnit, Agency

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, list[tuple]]:
    return {
        "units": list(AdministrativeUnit.objects.order_by("pk").values_list()),
        "agencies": list(Agency.objects.order_by("pk").values_list()),
        "users": list(User.objects.order_by("pk").values_list()),
    }


def load(**kwargs) -> None:
    call_command("load_demo", stdout=StringIO(), **kwargs)


def test_load_demo_builds_the_na_hang_tree(settings):
    settings.DEBUG = True
    load()

    district = AdministrativeUnit.objects.get(name="Huyện Nà Hang")
    assert district.level == UnitLevel.DISTRICT
    assert district.parent.name == "Tỉnh Tuyên Quang"
    communes = district.children.all()
    assert communes.filter(level=UnitLevel.COMMUNE).count() == 11
    assert list(communes.filter(level=UnitLevel.TOWN).values_list("name", flat=True)) == [
        "Thị trấn Nà Hang"
    ]
    assert district.agencies.filter(kind=AgencyKind.SPECIALISED).count() == 13
    assert district.agencies.filter(kind=AgencyKind.PUBLIC_SERVICE).count() == 5
    assert district.agencies.filter(kind=AgencyKind.ONE_STOP_DESK).count() == 1
    assert Agency.objects.filter(unit__parent=district, kind=AgencyKind.ONE_STOP_DESK).count() == 12


def test_load_demo_creates_one_account_per_role(settings):
    settings.DEBUG = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    load()

    assert sorted(User.objects.values_list("username", "role")) == [
        ("admin", "administrator"),
        ("citizen", "citizen"),
        ("desk", "desk_officer"),
        ("head", "agency_head"),
        ("inspector", "inspector"),
        ("leader", "unit_leader"),
        ("officer", "processing_officer"),
    ]
    assert User.objects.get(username="desk").check_password("demo-motcua")
    assert User.objects.get(username="desk").password.startswith("argon2$")


def test_load_demo_twice_changes_nothing(settings):
    settings.DEBUG = True
    load()
    first = snapshot()

    load()

    assert snapshot() == first


def test_load_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG is off"):
        load()

    assert User.objects.count() == 0
    assert AdministrativeUnit.objects.count() == 0


def test_load_demo_runs_with_debug_off_when_forced(settings):
    settings.DEBUG = False

    load(force=True)

    assert User.objects.filter(username="admin").exists()
