import pytest

from motcua.accounts.enums import Role
from motcua.accounts.tests.factories import StaffFactory
from motcua.dossiers.tests.factories import World, build_world


@pytest.fixture
def world(db) -> World:
    """A district with a desk, two agencies offering the procedure, and their staff."""
    return build_world()


@pytest.fixture
def inspector(world):
    return StaffFactory(role=Role.INSPECTOR, agency=world.committee, full_name="Thanh tra viên")
