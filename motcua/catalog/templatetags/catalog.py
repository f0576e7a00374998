from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from motcua.catalog.enums import ProcedureLevel, TimeUnit
from motcua.catalog.interchange import number

register = template.Library()


@register.filter
def time_limit(obj) -> str:
    """A time limit in words: "3 working days", "same working day (after 15:00: next day)"."""
    if obj.time_unit == TimeUnit.SAME_DAY:
        text = _("within the working day")
        if obj.cutoff:
            text += " " + _("(received after %s: the next working day)") % obj.cutoff.strftime(
                "%H:%M"
            )
        return text
    amount = number(obj.time_amount)
    count = 1 if amount == "1" else 2
    if obj.time_unit == TimeUnit.WORKING_DAYS:
        text = ngettext("%(n)s working day", "%(n)s working days", count)
    elif obj.time_unit == TimeUnit.WORKING_HOURS:
        text = ngettext("%(n)s working hour", "%(n)s working hours", count)
    else:
        text = ngettext("%(n)s calendar day", "%(n)s calendar days", count)
    return text % {"n": amount}


@register.filter
def levels_display(version) -> str:
    return ", ".join(str(ProcedureLevel(level).label) for level in version.level_list)


@register.filter
def has_variable_fee(version) -> bool:
    """Whether a fee depends on the case (the channel's own fee then says nothing)."""
    return any(fee.amount is None for fee in version.fees.all())
