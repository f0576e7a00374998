"""``/healthz``: may a load balancer send this node traffic? Database and cache answer.

Plain JSON, no session, no language: a probe every few seconds must cost almost nothing.
"""

import uuid

from django.core.cache import cache
from django.db import connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def _database() -> bool:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:  # noqa: BLE001 - any failure means "not healthy"
        return False


def _cache() -> bool:
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, 1, timeout=5)
        ok = cache.get(key) == 1
        cache.delete(key)
        return ok
    except Exception:  # noqa: BLE001
        return False


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database(), "cache": _cache()}
    healthy = all(checks.values())
    body = {"status": "ok" if healthy else "unavailable"}
    body.update({name: "ok" if ok else "failing" for name, ok in checks.items()})
    return JsonResponse(body, status=200 if healthy else 503)
