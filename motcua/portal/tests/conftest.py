import pytest

from motcua.dossiers.tests.factories import World, build_world


@pytest.fixture
def world(db) -> World:
    """A district with a desk, two agencies offering an online procedure, and their staff."""
    return build_world()
