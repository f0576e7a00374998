"""The one writer of dossier state: every change passes through ``dossier_transition``."""

import copy
from collections.abc import Callable
from datetime import UTC
from functools import partial

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.core.errors import DomainError
from motcua.core.tasks import after_commit
from motcua.dossiers.audit import event_hash
from motcua.dossiers.enums import TRANSITIONS, Action, DossierStatus
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.public_cache import public_view_forget
from motcua.reports.rollup import mark_changed


class TransitionNotAllowed(DomainError):
    code = "transition_not_allowed"
    message = _("“%(action)s” is not possible for a dossier that is “%(status)s”.")


class DossierChangedMeanwhile(DomainError):
    code = "dossier_changed"
    message = _(
        "Dossier %(code)s was changed by someone else a moment ago. "
        "Reload the page to see the change, then try again."
    )


def check_allowed(dossier: Dossier, action: str) -> None:
    sources, _target = TRANSITIONS[action]
    status = None if dossier.pk is None else dossier.status
    if status not in sources:
        label = _("new") if status is None else DossierStatus(status).label
        raise TransitionNotAllowed(action=Action(action).label, status=label)


def _detached_copy(dossier: Dossier) -> Dossier:
    preview = copy.copy(dossier)
    preview._state = copy.copy(dossier._state)
    preview._state.fields_cache = dict(dossier._state.fields_cache)
    return preview


def _position(dossier: Dossier, status: int | None) -> dict:
    step = dossier.current_step
    return {"status": status, "step": step.name if step else "", "agency": dossier.holder_agency_id}


def _insert(dossier: Dossier, status: int, now) -> Dossier:
    """Store a new dossier at revision 0; the transition proper then makes it revision 1."""
    row = _detached_copy(dossier)
    row.status, row.status_changed_at, row.revision, row.last_event_hash = status, now, 0, ""
    row.save(force_insert=True)
    return row


def dossier_transition(
    *,
    dossier: Dossier,
    action: str,
    actor: User | None,
    changes: dict | None = None,
    prepare: Callable[[Dossier], dict] | None = None,
    note: str = "",
    payload: dict | None = None,
    at=None,
    notify: Callable[[int, str], None] | None = None,
) -> Dossier:
    """Apply ``action`` with its field ``changes`` and append the audit event, atomically.

    ``prepare(dossier)``, if given, runs inside the transaction once the dossier row
    exists (for side rows such as planned steps) and returns more field changes. A stored
    dossier is updated only if nobody changed it since it was read (compare-and-set on
    ``revision``); otherwise ``DossierChangedMeanwhile`` is raised and nothing is written.
    """
    check_allowed(dossier, action)
    # Stored and hashed in UTC, so the hash reads the same after a database round trip.
    now = (at or timezone.now()).astimezone(UTC)
    _sources, target = TRANSITIONS[action]
    creating = dossier.pk is None
    before = _position(dossier, None if creating else dossier.status)
    # No savepoint of its own: a failure here undoes the caller's whole transaction,
    # which every caller wants (each service is one atomic block).
    with transaction.atomic(savepoint=False):
        base = _insert(dossier, target, now) if creating else dossier
        updates = dict(changes or {})
        if prepare is not None:
            updates.update(prepare(base))
        if target is not None and (creating or target != dossier.status):
            updates.update(status=target, status_changed_at=now)
        after = _detached_copy(base)
        for name, value in updates.items():
            setattr(after, name, value)
        event = _event(base, action, actor, now, before, _position(after, after.status))
        event.note, event.payload = note, payload or {}
        event.hash = event_hash(event, code=base.code, prev_hash=event.prev_hash)
        rows = Dossier.objects.filter(pk=base.pk, revision=base.revision)
        if rows.update(revision=F("revision") + 1, last_event_hash=event.hash, **updates) != 1:
            raise DossierChangedMeanwhile(code=dossier.code)
        after.revision, after.last_event_hash = base.revision + 1, event.hash
        event.save(force_insert=True)
        mark_changed(base.pk)  # the statistics take the change in (motcua.reports.rollup)
        if notify is not None:
            after_commit(partial(notify, after.pk, action))
        public_view_forget(code=base.code)
    dossier.__dict__.update(after.__dict__)
    return dossier


def _event(base: Dossier, action: str, actor: User | None, at, before: dict, after: dict):
    return DossierEvent(
        dossier=base,
        seq=base.revision + 1,
        action=action,
        at=at,
        actor=actor,
        actor_name=str(actor) if actor else "",
        from_status=before["status"],
        to_status=after["status"],
        from_step=before["step"],
        to_step=after["step"],
        from_agency_id=before["agency"],
        to_agency_id=after["agency"],
        prev_hash=base.last_event_hash,
    )
