import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from motcua.accounts.enums import Role
from motcua.accounts.permissions import (
    can_act_for_agency,
    can_view_agency,
    visible_agencies,
)
from motcua.accounts.tests.factories import StaffFactory, UserFactory
from motcua.organization.enums import UnitLevel
from motcua.organization.tests.factories import AgencyFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    """A district with one agency, and two communes with one agency each."""
    district = UnitFactory(level=UnitLevel.DISTRICT)
    commune_a = UnitFactory(parent=district)
    commune_b = UnitFactory(parent=district)
    return {
        "district": AgencyFactory(unit=district),
        "district_other": AgencyFactory(unit=district),
        "commune_a": AgencyFactory(unit=commune_a),
        "commune_b": AgencyFactory(unit=commune_b),
    }


def test_officer_sees_only_their_own_agency(tree):
    officer = StaffFactory(role=Role.PROCESSING_OFFICER, agency=tree["district"])

    assert list(visible_agencies(officer)) == [tree["district"]]
    assert can_view_agency(officer, tree["district"]) is True
    assert can_view_agency(officer, tree["district_other"]) is False
    assert can_view_agency(officer, tree["commune_a"]) is False


@pytest.mark.parametrize("role", [Role.DESK_OFFICER, Role.AGENCY_HEAD])
def test_desk_and_head_are_scoped_to_their_agency(tree, role):
    person = StaffFactory(role=role, agency=tree["commune_a"])

    assert list(visible_agencies(person)) == [tree["commune_a"]]


def test_unit_leader_sees_the_unit_and_units_below(tree):
    leader = StaffFactory(role=Role.UNIT_LEADER, agency=tree["district"])

    assert set(visible_agencies(leader)) == set(tree.values())


def test_commune_leader_does_not_see_the_district_or_a_sibling_commune(tree):
    leader = StaffFactory(role=Role.UNIT_LEADER, agency=tree["commune_a"])

    assert list(visible_agencies(leader)) == [tree["commune_a"]]


def test_inspector_sees_the_unit_but_may_change_nothing(tree):
    inspector = StaffFactory(role=Role.INSPECTOR, agency=tree["district"])

    assert can_view_agency(inspector, tree["commune_b"]) is True
    assert can_act_for_agency(inspector, tree["commune_b"]) is False


def test_citizen_sees_no_agency_data(tree):
    citizen = UserFactory(role=Role.CITIZEN)

    assert list(visible_agencies(citizen)) == []
    assert can_act_for_agency(citizen, tree["district"]) is False


def test_staff_member_without_agency_is_refused_with_a_translated_message():
    with pytest.raises(ValidationError, match="phải thuộc một cơ quan"):
        UserFactory.build(role=Role.DESK_OFFICER, agency=None).full_clean()


def test_staff_member_without_agency_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(role=Role.DESK_OFFICER, agency=None)
