"""A session is kept while the database cannot take writes (read-only, restarting)."""

import pytest
from django.db import connection

from motcua.core.sessions import SessionStore

# No test transaction around it: the session is saved as a request saves it.
pytestmark = pytest.mark.django_db(transaction=True)


def _read_only(on: bool) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SET default_transaction_read_only = {'on' if on else 'off'}")
        else:
            cursor.execute(f"PRAGMA query_only = {'ON' if on else 'OFF'}")


def test_a_session_saved_while_the_database_is_read_only_is_kept_in_the_cache():
    session = SessionStore()
    session["portal_unlocked"] = [7]
    _read_only(True)
    try:
        session.save()
        assert SessionStore(session.session_key).load() == {"portal_unlocked": [7]}
    finally:
        _read_only(False)


def test_once_the_database_takes_writes_again_the_next_save_stores_it_there():
    session = SessionStore()
    session["portal_unlocked"] = [7]
    _read_only(True)
    try:
        session.save()
    finally:
        _read_only(False)
    session["portal_unlocked"] = [7, 8]
    session.save()

    stored = SessionStore(session.session_key)._get_session_from_db()
    assert stored is not None
    assert session.decode(stored.session_data) == {"portal_unlocked": [7, 8]}
