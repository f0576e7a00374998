from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def vnd(amount: int | None) -> str:
    """Money in đồng with dots between thousands: 1500000 → "1.500.000 đ"."""
    if amount is None:
        return ""
    if amount == 0:
        return _("Free of charge")
    return f"{int(amount):,}".replace(",", ".") + " đ"


@register.filter
def localized(obj: object, attribute: str) -> str:
    """``obj.<attribute>_en`` when the page is in English and it is filled, else the original."""
    value = getattr(obj, attribute, "")
    if get_language() == "en":
        return getattr(obj, f"{attribute}_en", "") or value
    return value


@register.filter
def working_time(delta) -> str:
    """A span of working time in hours and minutes, without its sign: "12 h 30"."""
    if delta is None:
        return ""
    minutes = abs(int(delta.total_seconds())) // 60
    hours, minutes = divmod(minutes, 60)
    return _("%(h)d h %(m)02d") % {"h": hours, "m": minutes} if hours else _("%d min") % minutes
