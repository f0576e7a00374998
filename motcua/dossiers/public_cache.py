"""The public view of a dossier, cached per language until the dossier changes.

The lookup is what citizens and portals poll most; its answer changes only when the
dossier does, and every change goes through ``dossier_transition``, which forgets the
cached view at once and again after its commit (a reader between the two would otherwise
put the old view back). A time limit bounds any other staleness. The cached entry keeps
the lookup keys so a cached answer is still given only for the right secret.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def _key(code: str, language: str) -> str:
    return f"motcua:public-view:{code}:{language}"


def public_view_get(*, code: str, language: str) -> dict | None:
    return cache.get(_key(code, language))


def public_view_set(*, code: str, language: str, keys: tuple[str, str], view: dict) -> None:
    entry = {"keys": keys, "view": view}
    cache.set(_key(code, language), entry, settings.MOTCUA_LOOKUP_CACHE_SECONDS)


def public_view_forget(*, code: str) -> None:
    keys = [_key(code, language) for language in LANGUAGES]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))
