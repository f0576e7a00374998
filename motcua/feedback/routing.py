"""Which agency is competent for a piece of feedback (routing is automatic, staff may re-route).

The dossier's agency if a dossier is named; else the agency offering the procedure in the
chosen unit; else the unit's People's Committee, then its one-stop desk.
"""

from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Offering, Procedure
from motcua.core.errors import DomainError
from motcua.dossiers.models import Dossier
from motcua.organization.enums import AgencyKind
from motcua.organization.models import AdministrativeUnit, Agency

# Who answers for the unit as a whole, in order of preference.
FALLBACK_KINDS = (
    AgencyKind.PEOPLES_COMMITTEE,
    AgencyKind.ONE_STOP_DESK,
    AgencyKind.SERVICE_CENTRE,
)


class NoCompetentAgency(DomainError):
    code = "no_competent_agency"
    message = _("%(unit)s has no agency that can receive feedback yet.")


def competent_agency(
    *, unit: AdministrativeUnit, procedure: Procedure | None = None, dossier: Dossier | None = None
) -> Agency:
    if dossier is not None:
        return dossier.agency
    if procedure is not None:
        offering = (
            Offering.objects.filter(
                procedure=procedure, is_active=True, agency__unit=unit, agency__is_active=True
            )
            .select_related("agency")
            .order_by("agency__name", "pk")
            .first()
        )
        if offering is not None:
            return offering.agency
    return unit_agency(unit=unit)


def unit_agency(*, unit: AdministrativeUnit) -> Agency:
    """The agency answering for the unit: its People's Committee, else its desk."""
    agencies = {
        agency.kind: agency
        for agency in Agency.objects.filter(
            unit=unit, kind__in=FALLBACK_KINDS, is_active=True
        ).order_by("-pk")
    }
    for kind in FALLBACK_KINDS:
        if kind in agencies:
            return agencies[kind]
    raise NoCompetentAgency(unit=unit)
