from django import template
from django.utils.formats import number_format

from motcua.reports.columns import Column, value

register = template.Library()


@register.simple_tag
def cell(counts, column: Column) -> str:
    """One figure of the report, in the page's number format (comma decimals in Vietnamese)."""
    found = value(counts, column)
    return number_format(found, use_l10n=True, force_grouping=True) if found != "" else ""
