from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class VietnameseFirstMiddleware:
    """Serve Vietnamese unless the visitor chose another language on the site.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a phone set
    to English would get English pages. The product's language is Vietnamese; English is a
    choice made with the switch in the header (remembered in a cookie).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
