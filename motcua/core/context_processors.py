from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    # Each language named in itself ("Tiếng Việt | English"), never translated.
    return {"site_name": settings.MOTCUA_SITE_NAME, "language_choices": settings.LANGUAGES}
