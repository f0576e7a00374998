from django import template

from motcua.core.identity import mask
from motcua.privacy.selectors import dossier_access_summary

register = template.Library()


@register.filter
def masked(value: str | None) -> str:
    """An ID or phone number with all but its last digits hidden (lists, never in full)."""
    return mask(value or "")


@register.inclusion_tag("privacy/_dossier_accesses.html")
def dossier_accesses(dossier) -> dict:
    """Which agencies opened the dossier when: shown to the applicant on its page."""
    return {"accesses": dossier_access_summary(dossier=dossier)}
