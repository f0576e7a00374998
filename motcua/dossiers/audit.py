"""The hash chain of a dossier's events, and its verification.

Each event's hash covers its own content and the previous event's hash, so editing,
deleting, reordering or inserting a row anywhere breaks the chain from that row on. The
dossier row keeps the hash of its last event, so cutting events off the end is caught too.
"""

import hashlib
import hmac
import json
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from motcua.dossiers.models import Dossier, DossierEvent


def event_hash(event: DossierEvent, *, code: str, prev_hash: str) -> str:
    content = {
        "code": code,
        "seq": event.seq,
        "action": event.action,
        "at": event.at.isoformat(),
        "actor": event.actor_id,
        "actor_name": event.actor_name,
        "from_status": event.from_status,
        "to_status": event.to_status,
        "from_step": event.from_step,
        "to_step": event.to_step,
        "from_agency": event.from_agency_id,
        "to_agency": event.to_agency_id,
        "note": event.note,
        "payload": event.payload,
    }
    raw = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    # Keyed: someone who can write the database but not read the key cannot recompute the
    # chain after rewriting an event.
    return hmac.new(audit_key(), (prev_hash + raw).encode(), hashlib.sha256).hexdigest()


def audit_key() -> bytes:
    return settings.MOTCUA_AUDIT_KEY.encode()


@dataclass(frozen=True)
class BrokenLink:
    code: str
    seq: int | None
    reason: str

    def __str__(self) -> str:
        where = f"#{self.seq}" if self.seq is not None else ""
        return f"{self.code}{where}: {self.reason}"


def _check_dossier(dossier: Dossier, events: list[DossierEvent]) -> BrokenLink | None:
    prev = ""
    for expected_seq, event in enumerate(events, start=1):
        if event.seq != expected_seq:
            return BrokenLink(dossier.code, event.seq, _("an event is missing or out of order"))
        if event.prev_hash != prev:
            return BrokenLink(
                dossier.code, event.seq, _("the link to the previous event is broken")
            )
        if event_hash(event, code=dossier.code, prev_hash=prev) != event.hash:
            return BrokenLink(
                dossier.code, event.seq, _("the event was changed after it was written")
            )
        prev = event.hash
    if prev != dossier.last_event_hash or len(events) != dossier.revision:
        return BrokenLink(dossier.code, None, _("events were removed from the end of the trail"))
    if events and events[-1].to_status != dossier.status:
        return BrokenLink(dossier.code, None, _("the status was changed without an event"))
    return None


def audit_verify(*, batch: int = 2000) -> Iterator[BrokenLink]:
    """Every dossier's first broken link, dossier by dossier (memory stays flat)."""
    dossiers = Dossier.objects.order_by("pk").only(
        "pk", "code", "revision", "last_event_hash", "status"
    )
    last_pk = 0
    while True:
        chunk = list(dossiers.filter(pk__gt=last_pk)[:batch])
        if not chunk:
            return
        events: dict[int, list[DossierEvent]] = {d.pk: [] for d in chunk}
        rows = DossierEvent.objects.filter(dossier_id__in=events).order_by("dossier_id", "seq")
        for event in rows.iterator(chunk_size=5000):
            events[event.dossier_id].append(event)
        for dossier in chunk:
            broken = _check_dossier(dossier, events[dossier.pk])
            if broken is not None:
                yield broken
        last_pk = chunk[-1].pk
