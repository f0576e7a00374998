import pytest
from django.core.cache import cache

from motcua.dossiers.tests.factories import World, build_world


@pytest.fixture
def world(db, settings, tmp_path) -> World:
    """A district with a desk, a committee, two agencies offering a procedure, and staff."""
    settings.MEDIA_ROOT = tmp_path
    return build_world()


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate limits count in the cache: every test starts with none used."""
    cache.clear()
    yield
    cache.clear()
