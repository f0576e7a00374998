import pytest

from motcua.dossiers.tests.factories import World, build_world
from motcua.notifications.sms import LoggingSmsBackend


@pytest.fixture
def world(db) -> World:
    """A district with a desk, two agencies offering the procedure, and their staff."""
    return build_world()


@pytest.fixture
def sms_outbox():
    """Text messages sent by the logging backend during the test."""
    LoggingSmsBackend.sent.clear()
    yield LoggingSmsBackend.sent
    LoggingSmsBackend.sent.clear()
