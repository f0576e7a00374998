"""Mẫu 05: every hand-over of the dossier, read from its audit trail.

A hand-over is an event that moves the dossier to another step or agency (and, last,
the return of the result to the applicant). Its row says whether the step being handed
on finished early, on time or late against the step's planned due time, compared at
the minute, as the control sheet is kept by hand.
"""

from datetime import datetime

from django.db.models import Prefetch

from motcua.dossiers.enums import Action, Timeliness
from motcua.dossiers.models import Dossier, DossierEvent, DossierStep
from motcua.dossiers.slips import formats, header
from motcua.dossiers.slips.common import SlipNotAvailable, base_context, slip_dossiers
from motcua.dossiers.slips.kinds import Slip

NOTED_ACTIONS = frozenset({Action.SEND_BACK, Action.TRANSFER})


def step_timeliness(finished: datetime, due: datetime | None) -> str:
    if due is None:
        return ""
    finished, due = (t.replace(second=0, microsecond=0) for t in (finished, due))
    if finished < due:
        return Timeliness.EARLY.label
    return Timeliness.ON_TIME.label if finished == due else Timeliness.LATE.label


def is_handover(event: DossierEvent) -> bool:
    if event.action == Action.RETURN_RESULT:
        return True
    moved = event.from_step != event.to_step or event.from_agency_id != event.to_agency_id
    return moved and bool(event.from_step)


def _receiver(event: DossierEvent, later: list[DossierEvent], dossier: Dossier) -> str:
    """Who took the dossier: the officer assigned, else the next to act in the new agency."""
    if event.action == Action.RETURN_RESULT:
        return dossier.returned_to
    if event.payload.get("officer_name"):
        return event.payload["officer_name"]
    for after in later:
        if after.actor is not None and after.actor.agency_id == event.to_agency_id:
            return after.actor_name
    return ""


def _note(event: DossierEvent) -> str:
    if event.action in NOTED_ACTIONS:
        return f"{Action(event.action).label}: {event.note}"
    return event.note


def _row(number: int, event: DossierEvent, later, dossier, steps) -> dict:
    step = steps.get((event.from_step, event.from_agency_id))
    returned = event.action == Action.RETURN_RESULT
    return {
        "no": number,
        "giver_agency": event.from_agency.name if event.from_agency else "",
        "giver_step": event.from_step,
        "receiver_agency": "" if returned else (event.to_agency.name if event.to_agency else ""),
        "receiver_step": "" if returned else event.to_step,
        "returned": returned,
        "at": formats.moment_words(event.at),
        "giver": event.actor_name,
        "receiver": _receiver(event, later, dossier),
        "timeliness": step_timeliness(event.at, step.due_at if step else None),
        "note": _note(event),
    }


def control_context(dossier: Dossier, event_id: int | None = None) -> dict:
    events = DossierEvent.objects.select_related("actor", "from_agency", "to_agency")
    dossier = (
        slip_dossiers()
        .prefetch_related(
            Prefetch("events", events.order_by("seq")),
            Prefetch("steps", DossierStep.objects.order_by("order")),
        )
        .get(pk=dossier.pk)
    )
    if dossier.received_at is None:
        raise SlipNotAvailable(kind=Slip.CONTROL.value, code=dossier.code)
    trail = list(dossier.events.all())
    steps = {}
    for step in dossier.steps.all():
        steps.setdefault((step.name, step.agency_id), step)
    rows = []
    for index, event in enumerate(trail):
        if is_handover(event):
            rows.append(_row(len(rows) + 1, event, trail[index + 1 :], dossier, steps))
    return {
        **base_context(Slip.CONTROL, dossier),
        "issuer": header.issuer(dossier.desk),
        "agency_name": dossier.agency.name,
        "received_at": formats.moment_words(dossier.received_at),
        "due_at": formats.moment_words(dossier.due_at),
        "original_due_at": formats.moment_words(dossier.original_due_at),
        "rows": rows,
    }
