"""What each form shows, read from the database in a fixed number of queries.

Every builder returns a plain dict of strings and lists, so the templates only lay it
out and the same context serves the HTML page and the PDF.
"""

from datetime import datetime
from types import SimpleNamespace
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Prefetch

from motcua.catalog.templatetags.catalog import time_limit
from motcua.core.templatetags.motcua import vnd
from motcua.dossiers.enums import Action, ReturnMethod
from motcua.dossiers.models import Dossier, DossierComponent
from motcua.dossiers.slips import formats, header
from motcua.dossiers.slips.common import (
    SlipNotAvailable,
    base_context,
    chosen_event,
    events_of,
    number_of_sets,
    slip_dossiers,
)
from motcua.dossiers.slips.control import control_context
from motcua.dossiers.slips.kinds import SLIP_ACTIONS, Slip
from motcua.dossiers.slips.qr import qr_svg
from motcua.dossiers.timing import limit_for

# The copy labels the Circular prints on Mẫu 01, one A4 page each.
COPIES = ("Liên 1: Lưu", "Liên 2: Giao người nộp hồ sơ")


def lookup_url(dossier: Dossier) -> str:
    query = urlencode({"code": dossier.code, "secret": dossier.lookup_secret})
    return f"{settings.SITE_URL}/tra-cuu/?{query}"


def _lookup(dossier: Dossier) -> dict:
    """The QR code and secret that open the dossier's public page (status, uploads, rating)."""
    url = lookup_url(dossier)
    return {"lookup_secret": dossier.lookup_secret, "lookup_url": url, "qr_svg": qr_svg(url)}


def _time_limit(dossier: Dossier) -> str:
    limit = limit_for(
        version=dossier.procedure_version, channel=dossier.channel, case_name=dossier.case_name
    )
    return time_limit(
        SimpleNamespace(time_amount=limit.amount, time_unit=limit.unit, cutoff=limit.cutoff)
    )


def _return_place(dossier: Dossier) -> str:
    if dossier.return_method == ReturnMethod.POST:
        return f"{ReturnMethod.POST.label}: {dossier.applicant_address}"
    return header.desk_place(dossier.desk)


def receipt_context(dossier: Dossier, event_id: int | None = None) -> dict:
    """Mẫu 01, from the reception event."""
    dossier = (
        slip_dossiers()
        .prefetch_related(
            events_of(Action.RECEIVE),
            Prefetch("components", DossierComponent.objects.select_related("component")),
            "procedure_version__cases",
            "procedure_version__channels",
        )
        .get(pk=dossier.pk)
    )
    if dossier.received_at is None:
        raise SlipNotAvailable(kind=Slip.RECEIPT.value, code=dossier.code)
    received = chosen_event(Slip.RECEIPT, dossier, event_id)
    components = [c for c in dossier.components.all() if not c.missing]
    url = lookup_url(dossier)
    return {
        **base_context(Slip.RECEIPT, dossier),
        "issuer": header.issuer(dossier.desk),
        "date_line": formats.date_line(dossier.desk.unit.name, dossier.received_at),
        "desk_name": dossier.desk.name,
        "copies": COPIES,
        "components": components,
        "sets": number_of_sets(components),
        "time_limit": _time_limit(dossier),
        "received_at": formats.moment_words(dossier.received_at),
        "due_at": formats.moment_words(dossier.due_at),
        "return_place": _return_place(dossier),
        "register_day": formats.short_date(dossier.received_at),
        "register_entry": int(dossier.code.rsplit("-", 1)[-1]),
        "receiver": received.actor_name,
        "fee": vnd(dossier.fee_amount) if dossier.fee_amount else "",
        "lookup_secret": dossier.lookup_secret,
        "lookup_url": url,
        "qr_svg": qr_svg(url),
    }


def supplement_context(dossier: Dossier, event_id: int | None = None) -> dict:
    """Mẫu 02, from a request to supplement at the desk or during processing."""
    dossier = (
        slip_dossiers()
        .prefetch_related(events_of(*SLIP_ACTIONS[Slip.SUPPLEMENT]))
        .get(pk=dossier.pk)
    )
    event = chosen_event(Slip.SUPPLEMENT, dossier, event_id)
    return {
        **base_context(Slip.SUPPLEMENT, dossier),
        "issuer": header.issuer(dossier.desk),
        "date_line": formats.date_line(dossier.desk.unit.name, event.at),
        "desk_name": dossier.desk.name,
        "missing": [str(item) for item in event.payload.get("missing", [])],
        "reason": event.note,
        "guide": event.actor_name,
        "guide_phone": dossier.desk.phone,
        **_lookup(dossier),
    }


def refusal_context(dossier: Dossier, event_id: int | None = None) -> dict:
    """Mẫu 03, from the refusal."""
    dossier = slip_dossiers().prefetch_related(events_of(Action.REFUSE)).get(pk=dossier.pk)
    event = chosen_event(Slip.REFUSAL, dossier, event_id)
    return {
        **base_context(Slip.REFUSAL, dossier),
        "issuer": header.issuer(dossier.desk),
        "date_line": formats.date_line(dossier.desk.unit.name, event.at),
        "desk_name": dossier.desk.name,
        "reason": event.note,
        "officer": event.actor_name,
        **_lookup(dossier),
    }


def apology_context(dossier: Dossier, event_id: int | None = None) -> dict:
    """Mẫu 04, from the late notice, signed by the head of the agency that sent it."""
    dossier = slip_dossiers().prefetch_related(events_of(Action.LATE_NOTICE)).get(pk=dossier.pk)
    event = chosen_event(Slip.APOLOGY, dossier, event_id)
    agency = event.actor.agency if event.actor and event.actor.agency else dossier.agency
    original = event.payload.get("original_due_at") or dossier.original_due_at
    new = event.payload.get("new_due_at") or dossier.due_at
    return {
        **base_context(Slip.APOLOGY, dossier),
        "issuer": header.issuer(agency),
        "date_line": formats.date_line(agency.unit.name, event.at),
        "number": event.pk,
        "agency_name": agency.name,
        "received_on": formats.short_date(dossier.received_at),
        "original_due_at": formats.moment_words(_instant(original)),
        "new_due_at": formats.moment_words(_instant(new)),
        "reason": event.note,
        "signer": event.actor_name,
    }


def _instant(value: str | datetime | None) -> datetime | None:
    # The event keeps the appointments it changed (ISO text): the slip shows those.
    return datetime.fromisoformat(value) if isinstance(value, str) else value


BUILDERS = {
    Slip.RECEIPT: receipt_context,
    Slip.SUPPLEMENT: supplement_context,
    Slip.REFUSAL: refusal_context,
    Slip.APOLOGY: apology_context,
    Slip.CONTROL: control_context,
}


def slip_context(kind: str, dossier: Dossier, *, event_id: int | None = None) -> dict:
    """The context of form ``kind`` (01–05) for ``dossier``, in a fixed number of queries.

    Forms printed from an event (02, 03, 04) use the latest such event unless
    ``event_id`` names another; ``SlipNotAvailable`` says the form does not apply.
    """
    return BUILDERS[Slip(kind)](dossier, event_id)
