import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():
    """The statistics page caches its figures; every test starts from the database."""
    cache.clear()
    yield
    cache.clear()
