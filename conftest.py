import pytest


@pytest.fixture(autouse=True)
def _vietnamese_by_default(settings):
    """Every test starts in the product's default language, like a fresh visitor."""
    settings.LANGUAGE_CODE = "vi"
