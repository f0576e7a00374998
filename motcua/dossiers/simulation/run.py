"""One planned dossier from submission to the returned result, in one transaction."""

from dataclasses import dataclass
from datetime import datetime
from random import Random

from django.db import transaction

from motcua.dossiers.enums import Timeliness
from motcua.dossiers.simulation.desk import dossier_receive_planned, dossier_return_planned
from motcua.dossiers.simulation.plan import Plan
from motcua.dossiers.simulation.processing import Processing
from motcua.dossiers.simulation.timeline import Year
from motcua.dossiers.simulation.world import World
from motcua.dossiers.timing import classify


@dataclass
class Outcome:
    """What happened to one dossier, for the summary."""

    agency_id: int
    channel: str
    decided_at: datetime
    timeliness: Timeliness | None
    supplement: bool
    transferred: bool
    sent_back: bool
    late_notice: bool
    returned: bool


@transaction.atomic
def dossier_simulate(*, plan: Plan, world: World, year: Year, receipts: dict[int, int]) -> Outcome:
    """One planned dossier from submission to the returned result, in one transaction."""
    rng = Random(plan.seed)  # noqa: S311 - reproducible invented data, no secret
    dossier = dossier_receive_planned(plan, world, rng, year)
    processing = Processing(plan, world, rng, year, dossier)
    dossier = processing.run()
    returned = dossier_return_planned(plan, world, rng, year, dossier, receipts)
    return Outcome(
        agency_id=dossier.agency_id,
        channel=plan.channel,
        decided_at=dossier.decided_at,
        timeliness=classify(dossier, at=dossier.decided_at, calendar=processing.calendar),
        supplement=plan.asked_at is not None or processing.done["pause"],
        transferred=processing.done["transfer"],
        sent_back=processing.done["send_back"],
        late_notice=processing.done["notice"],
        returned=returned,
    )
