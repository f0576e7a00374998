import pytest


@pytest.fixture(autouse=True)
def _vietnamese_by_default(settings):
    """Every test starts in the product's default language, like a fresh visitor."""
    settings.LANGUAGE_CODE = "vi"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 is slow on purpose; tests that are not about hashing use a fast hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
