from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

# Paths answered to programs, which choose the language of messages with Accept-Language.
MACHINE_PATHS = ("/api/", "/open311/")


class VietnameseFirstMiddleware:
    """Serve Vietnamese unless the visitor chose another language on the site.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a phone set
    to English would get English pages. The product's language is Vietnamese; English is a
    choice made with the switch in the header (remembered in a cookie). Programs calling
    the API have no switch: they ask for English with ``Accept-Language: en``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(MACHINE_PATHS):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
