"""What the forms share: loading the dossier, its event, the applicant block."""

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from motcua.core.errors import DomainError
from motcua.dossiers.models import Dossier, DossierComponent, DossierEvent
from motcua.dossiers.slips import header
from motcua.dossiers.slips.kinds import TITLES, Slip


class SlipNotAvailable(DomainError):
    code = "slip_not_available"
    message = _("Form %(kind)s does not apply to dossier %(code)s.")


def slip_dossiers() -> QuerySet[Dossier]:
    return Dossier.objects.select_related("procedure_version", "desk__unit", "agency__unit")


def events_of(*actions: str) -> Prefetch:
    events = DossierEvent.objects.filter(action__in=actions).order_by("seq")
    return Prefetch("events", queryset=events.select_related("actor__agency__unit"))


def chosen_event(kind: Slip, dossier: Dossier, event_id: int | None) -> DossierEvent:
    """The prefetched event the form is printed from: the one asked for, else the latest."""
    events = [e for e in dossier.events.all() if event_id is None or e.pk == event_id]
    if not events:
        raise SlipNotAvailable(kind=kind.value, code=dossier.code)
    return events[-1]


def base_context(kind: Slip, dossier: Dossier) -> dict:
    return {
        "kind": kind.value,
        "title": TITLES[kind],
        "code": dossier.code,
        "applicant": header.applicant(dossier),
        "content": dossier.content or dossier.procedure_version.name,
        "procedure": dossier.procedure_version.name,
        "case_name": dossier.case_name,
    }


def number_of_sets(components: list[DossierComponent]) -> int:
    # The dossier stores no count of sets: the catalogue's count for its documents, else 1.
    return max((c.component.sets for c in components if c.component is not None), default=1)
