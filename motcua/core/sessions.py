"""Sessions read from the cache and written through to the database — kept in the cache
alone while the database cannot take the write (read-only for maintenance, restarting).

The public lookup remembers in the session which dossiers this browser unlocked. With
Django's ``cached_db`` engine a read-only database made that write fail after the page was
rendered, so a citizen looking up a dossier got a server error although nothing but the
session needed writing. The cache (Redis) still holds the session; it reaches the database
at its next save once the database takes writes again.
"""

import logging

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.cached_db import SessionStore as CachedDbStore
from django.db import DatabaseError

from motcua.core.unavailable import unavailable_message

logger = logging.getLogger(__name__)


class SessionStore(CachedDbStore):
    def save(self, must_create: bool = False) -> None:
        try:
            super().save(must_create)
        except UpdateError:
            # Not in the database but in the cache: kept there alone during an outage (a
            # session ended by logging out is gone from both). Store it now.
            if self._cache.get(self.cache_key) is None:
                raise
            super().save(must_create=True)
        except DatabaseError as exc:
            if unavailable_message(exc) is None:
                raise
            logger.warning("Session kept in the cache only: %s", exc)
            self._cache.set(
                self.cache_key, self._get_session(no_load=must_create), self.get_expiry_age()
            )
