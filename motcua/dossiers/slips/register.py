"""Mẫu 06: the register of a desk for a period of local dates."""

from datetime import date, datetime, time, timedelta

from django.db.models import Prefetch

from motcua.core.identity import mask
from motcua.dossiers.enums import Action, DossierStatus, ResultKind
from motcua.dossiers.models import Dossier, DossierComponent, DossierEvent
from motcua.dossiers.slips import formats, header
from motcua.dossiers.slips.common import number_of_sets
from motcua.dossiers.slips.kinds import TITLES, Slip
from motcua.organization.models import Agency
from motcua.workdays.calendar import VIETNAM

NOTED_STATUSES = frozenset({DossierStatus.WITHDRAWN, DossierStatus.STOPPED})


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=VIETNAM)


def _note(dossier: Dossier) -> str:
    if dossier.status in NOTED_STATUSES:
        return str(DossierStatus(dossier.status).label)
    if dossier.result == ResultKind.DENIED:
        return str(ResultKind.DENIED.label)
    return ""


def _row(number: int, dossier: Dossier, *, public: bool) -> dict:
    transfers = dossier.transfers
    phone = mask(dossier.applicant_phone) if public else dossier.applicant_phone
    return {
        "no": number,
        "code": dossier.code,
        "procedure": dossier.procedure_version.name,
        "sets": number_of_sets(list(dossier.components.all())),
        "applicant": dossier.applicant_name,
        "address": dossier.applicant_address,
        "phone": phone,
        "agency": dossier.agency.name,
        "received_at": formats.short_moment(dossier.received_at),
        "due_at": formats.short_moment(dossier.due_at),
        "transferred_at": formats.short_moment(transfers[0].at) if transfers else "",
        "decided_at": formats.short_moment(dossier.decided_at),
        "returned_at": formats.short_moment(dossier.returned_at),
        "note": _note(dossier),
    }


def register_context(desk: Agency, date_from: date, date_to: date, *, public: bool = False) -> dict:
    """Dossiers received at ``desk`` from ``date_from`` to ``date_to`` (both included).

    The register is internal and shows phone numbers in full; ``public`` masks them.
    """
    desk = Agency.objects.select_related("unit").get(pk=desk.pk)
    transfers = DossierEvent.objects.filter(action=Action.TRANSFER_TO_AGENCY).order_by("seq")
    dossiers = (
        Dossier.objects.filter(
            desk=desk,
            received_at__gte=_start_of(date_from),
            received_at__lt=_start_of(date_to + timedelta(days=1)),
        )
        .select_related("procedure_version", "agency")
        .prefetch_related(
            Prefetch("events", transfers.only("dossier_id", "at"), to_attr="transfers"),
            Prefetch("components", DossierComponent.objects.select_related("component")),
        )
        .order_by("received_at", "pk")
    )
    return {
        "kind": Slip.REGISTER.value,
        "title": TITLES[Slip.REGISTER],
        "issuer": header.issuer(desk),
        "desk_name": desk.name,
        "date_from": f"{date_from:%d/%m/%Y}",
        "date_to": f"{date_to:%d/%m/%Y}",
        "rows": [_row(n, d, public=public) for n, d in enumerate(dossiers, start=1)],
    }
