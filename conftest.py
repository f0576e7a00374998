import pytest


@pytest.fixture(autouse=True)
def _vietnamese_by_default(settings):
    """Every test starts in the product's default language, like a fresh visitor."""
    settings.LANGUAGE_CODE = "vi"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 is slow on purpose; tests that are not about hashing use a fast hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path):
    """Uploaded files of a test go to its own folder, never into the project's var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rate-limit counters and cached pages do not leak from one test to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def admin_client(db, admin_user):
    """pytest-django's administrator client, with the second factor passed for real
    (administrators must log in with a code; see motcua/accounts/tests/otp.py)."""
    from django.test import Client

    from motcua.accounts.tests.otp import login_verified

    client = Client()
    login_verified(client, admin_user)
    return client
