"""What the applicant does online: submit a dossier, supply what was asked."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.catalog.enums import ChannelKind, OnlineLevel
from motcua.core.errors import DomainError
from motcua.dossiers import notifications
from motcua.dossiers.enums import Action, DossierStatus, Phase
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.guard import ensure
from motcua.dossiers.services.processing import dossier_resume
from motcua.dossiers.services.reception import (
    Application,
    ApplicationInvalid,
    IdempotencyKeyReused,
    NotOnline,
    Scan,
    _attach,
    _new_dossier,
    _offering,
    _save_components,
    application_clean,
)
from motcua.dossiers.services.transition import dossier_transition


class NothingSupplied(DomainError):
    code = "nothing_supplied"
    message = _("Attach at least one file with what was asked.")


def _fingerprint(application: Application, citizen: User | None) -> dict:
    """What makes a retry the same submission: the key alone must not hand a dossier over."""
    person = application.applicant
    return {
        "account": citizen.pk if citizen is not None else None,
        "procedure": application.version.procedure.code,
        "agency": application.agency.identifier,
        "case": application.case_name,
        "name": person.name.strip(),
        "id": person.id_number,
    }


def _check_uploads(application: Application, scans: list[Scan]) -> None:
    """Online, every required document (without a "when needed" condition) needs a file."""
    given = {scan.component_id for scan in scans}
    errors = {
        f"component_{c.pk}": [str(_("Attach “%(name)s”.") % {"name": c.name})]
        for c in application.version.components.all()
        if c.required and not c.condition.strip() and c.pk not in given
    }
    if errors:
        raise ApplicationInvalid(errors)


@transaction.atomic
def dossier_submit_online(
    *,
    application: Application,
    idempotency_key: str,
    citizen: User | None = None,
    scans: list[Scan] | None = None,
    at=None,
) -> Dossier:
    """Store an online submission once: the same key again returns the same dossier.

    With ``scans`` (the uploaded files) the required documents are checked and the files
    are stored in the same transaction: one refused file and nothing is kept.
    """
    application = application_clean(application)
    if application.version.online_level == OnlineLevel.NONE:
        raise NotOnline(code=application.version.procedure.code)
    _offering(application)
    if scans is not None:
        _check_uploads(application, scans)
    existing = Dossier.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return _same_submission(existing, application, citizen)
    at = at or timezone.now()
    application.channel = ChannelKind.ONLINE
    dossier = _new_dossier(application, at=at, citizen=citizen)
    dossier.idempotency_key, dossier.submitted_at = idempotency_key, at
    try:
        with transaction.atomic():
            dossier = dossier_transition(
                dossier=dossier,
                action=Action.SUBMIT,
                actor=citizen,
                at=at,
                payload={"submission": _fingerprint(application, citizen)},
                notify=notifications.dossier_changed,
            )
            received = _save_components(dossier, application.components, replace=False)
            _attach(dossier, scans or [], citizen, received=received)
    except IntegrityError:
        # A concurrent request with the same key won the race: answer with its dossier.
        existing = Dossier.objects.get(idempotency_key=idempotency_key)
        return _same_submission(existing, application, citizen)
    return dossier


def _same_submission(existing: Dossier, application: Application, citizen: User | None) -> Dossier:
    first = existing.events.order_by("seq").values_list("payload", flat=True).first() or {}
    if first.get("submission") != _fingerprint(application, citizen):
        raise IdempotencyKeyReused
    return existing


def _supplied_payload(dossier: Dossier, scans: list[Scan]) -> dict:
    names = {c.component_id: c.name for c in dossier.components.all() if c.component_id}
    return {
        "files": [
            {"name": scan.name, "document": names.get(scan.component_id, "")} for scan in scans
        ]
    }


@transaction.atomic
def dossier_supply(
    *, dossier: Dossier, scans: list[Scan], actor: User | None = None, note: str = "", at=None
) -> Dossier:
    """The applicant sends what a supplement request asked for.

    Asked at reception: recorded, and the dossier waits for the desk to check it again.
    Asked during processing: it is resumed at once, back with the agency that asked, and
    the clock runs again. ``actor`` is None when the portal acts for someone who looked the
    dossier up.
    """
    if not scans:
        raise NothingSupplied
    at = at or timezone.now()
    payload = _supplied_payload(dossier, scans)
    if dossier.status == DossierStatus.SUPPLEMENT and dossier.phase == Phase.PROCESSING:
        dossier = dossier_resume(
            dossier=dossier, actor=actor, note=note.strip(), supplied=payload["files"], at=at
        )
    else:
        ensure(Action.SUPPLY, actor, dossier)
        dossier = dossier_transition(
            dossier=dossier,
            action=Action.SUPPLY,
            actor=actor,
            at=at,
            note=note.strip(),
            payload=payload,
        )
    _attach(dossier, scans, actor)
    return dossier
