"""What /api/ answers outside the versioned API: JSON, never an HTML page."""

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from motcua.api.errors import error_response


@csrf_exempt
def api_fallback(request: HttpRequest) -> JsonResponse:
    """An address under /api/ that no version serves."""
    return error_response("not_found", _("Nothing was found at this address."), 404)
