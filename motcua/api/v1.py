"""Version 1 of the REST API, under /api/v1/ (OpenAPI at /api/v1/openapi.json)."""

from ninja import NinjaAPI
from ninja.openapi.docs import Swagger
from ninja.renderers import JSONRenderer

from motcua.api import errors
from motcua.api.auth import CallerThrottle
from motcua.api.routers import calendar, dossiers, feedback, lookup, procedures, reports

DESCRIPTION = """\
The public contract of Một Cửa for provincial and national portals, mobile applications
and civic tools: the catalogue of administrative procedures, online submission of
dossiers and their public status, the working-day calendar, feedback, and the periodic
report.

**Authentication.** Public operations need nothing. Integrations send an API token made
by an administrator as `Authorization: Bearer mc_…`; a token reads, or reads and writes,
and may be limited to one agency. A browser signed in to the site uses its session (with
the CSRF token on writes).

**Errors** are JSON: `{"code": "…", "message": "…", "fields": {"name": ["…"]}}`. `code`
is stable; `message` is in Vietnamese unless `Accept-Language: en` asks for English.

**Limits.** Requests are counted per token (or account) and per address for anonymous
calls; over the limit the answer is 429 with `Retry-After`.

**Retries.** `POST /dossiers` and `POST /feedback` take an `Idempotency-Key` header: the
same key again answers with what the first call made, never a second record.
"""


class Renderer(JSONRenderer):
    """UTF-8 as it is: Vietnamese text readable in the raw answer, and shorter."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="Một Cửa API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    docs=Swagger(settings={"persistAuthorization": False}),
    throttle=[CallerThrottle()],
    renderer=Renderer(),
)
errors.install(api)

api.add_router("", procedures.router)
api.add_router("", dossiers.router)
api.add_router("", lookup.router)
api.add_router("", calendar.router)
api.add_router("", feedback.router)
api.add_router("", reports.router)
