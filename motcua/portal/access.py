"""Which dossiers this browser may see: those unlocked with code and secret, or its own.

A successful lookup stores the dossier's id in the session; later pages (status,
supplement, rating) ask ``unlocked_dossier`` instead of asking for the secret again.
"""

from django.http import HttpRequest

from motcua.dossiers.models import Dossier

SESSION_KEY = "motcua_unlocked_dossiers"
KEEP = 20  # the most recent dossiers a browser keeps open


def unlock(request: HttpRequest, dossier: Dossier) -> None:
    kept = [pk for pk in request.session.get(SESSION_KEY, []) if pk != dossier.pk]
    request.session[SESSION_KEY] = [dossier.pk, *kept][:KEEP]


def unlocked_dossier(request: HttpRequest, code: str) -> Dossier | None:
    """The dossier with ``code`` if this browser unlocked it or its account owns it."""
    dossier = (
        Dossier.objects.select_related("procedure_version", "desk", "agency")
        .filter(code=code)
        .first()
    )
    if dossier is None:
        return None
    if dossier.pk in request.session.get(SESSION_KEY, []):
        return dossier
    user = request.user
    if user.is_authenticated and dossier.citizen_id == user.pk:
        return dossier
    return None
