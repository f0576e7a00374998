from django import template
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
