from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.core.errors import DomainError
from motcua.dossiers.enums import Action, DossierStatus
from motcua.dossiers.models import Dossier
from motcua.dossiers.permissions import RULES, state_allows
from motcua.dossiers.services.transition import DossierChangedMeanwhile, TransitionNotAllowed


class NotYours(DomainError):
    code = "not_yours"
    message = _("You cannot do this: dossier %(code)s is with %(agency)s, step “%(step)s”.")


def ensure(action: str, actor: User | None, dossier: Dossier) -> None:
    """Raise unless the dossier's state allows ``action`` and ``actor`` may perform it."""
    if not state_allows(action, dossier):
        status = _("new") if dossier.pk is None else DossierStatus(dossier.status).label
        raise TransitionNotAllowed(action=Action(action).label, status=status)
    if not RULES[action](actor, dossier):
        step = dossier.current_step
        raise NotYours(
            code=dossier.code or "-",
            agency=dossier.holder_agency or dossier.desk,
            step=step.name if step else "-",
        )
    if dossier.pk is not None:
        _hold(dossier)


def _hold(dossier: Dossier) -> None:
    """Lock the dossier's row before the service writes anything else (its steps, files).

    Every writer of a dossier then takes its locks in the same order, so two officers
    acting on it at once never deadlock on its steps; and a copy someone changed meanwhile
    is refused here, before anything is written.
    """
    rows = Dossier.objects.select_for_update().filter(pk=dossier.pk)
    if rows.values_list("revision", flat=True).first() != dossier.revision:
        raise DossierChangedMeanwhile(code=dossier.code)
