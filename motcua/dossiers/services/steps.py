"""The internal process copied onto a dossier: which steps, held by which agency, due when."""

from datetime import datetime

from motcua.catalog.enums import Performer
from motcua.catalog.models import Offering, ProcessStep
from motcua.dossiers.models import Dossier, DossierStep
from motcua.dossiers.timing import calendar_for, step_due, step_unit
from motcua.organization.enums import AgencyKind
from motcua.organization.models import Agency


def process_for_case(offering: Offering, case_name: str) -> list[ProcessStep]:
    """The steps for the dossier's case, or the general case's when it has none of its own."""
    steps = [s for s in offering.process.all() if s.case_name == case_name]
    return steps or [s for s in offering.process.all() if s.case_name == ""]


def step_agency(step: ProcessStep, offering: Offering, desk: Agency) -> Agency:
    """The agency that performs ``step`` when ``offering``'s agency handles the dossier."""
    if step.performer == Performer.DESK:
        return desk
    if step.performer == Performer.COMMITTEE:
        committee = Agency.objects.filter(
            unit_id=offering.agency.unit_id, kind=AgencyKind.PEOPLES_COMMITTEE
        ).first()
        return committee or offering.agency
    if step.performer in (Performer.SPECIFIC, Performer.PARENT_AGENCY) and step.agency:
        return step.agency
    return offering.agency


def plan_steps(
    *,
    dossier: Dossier,
    offering: Offering,
    process: list[ProcessStep],
    start: datetime,
    first_order: int = 1,
) -> list[DossierStep]:
    """Store ``process`` on the dossier from ``first_order`` on, each step due after the last."""
    calendar = calendar_for(dossier)
    unit = step_unit(dossier.procedure_version.time_unit)
    steps, due = [], start
    for order, step in enumerate(process, start=first_order):
        due = step_due(calendar, due, step.quota, unit)
        steps.append(
            DossierStep(
                dossier=dossier,
                order=order,
                name=step.name,
                role=step.role,
                agency=step_agency(step, offering, dossier.desk),
                quota=step.quota,
                quota_unit=unit,
                due_at=due,
            )
        )
    return DossierStep.objects.bulk_create(steps)
