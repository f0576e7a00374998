"""Processing: from the desk to the agency, through its steps, to the result and back.

Each function checks who may act, prepares the field changes and calls the one writer,
``dossier_transition``, inside one transaction.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.enums import Role
from motcua.accounts.models import User
from motcua.catalog.enums import PausePolicy, TimeUnit
from motcua.catalog.models import Offering
from motcua.core.errors import DomainError
from motcua.dossiers import notifications
from motcua.dossiers.enums import Action, DossierStatus, Phase, ResultKind, ReturnMethod
from motcua.dossiers.models import Dossier, DossierStep
from motcua.dossiers.permissions import RULES, state_allows
from motcua.dossiers.services.guard import NotYours, ensure
from motcua.dossiers.services.steps import plan_steps, process_for_case
from motcua.dossiers.services.transition import TransitionNotAllowed, dossier_transition
from motcua.dossiers.timing import calendar_for, limit_for
from motcua.organization.models import Agency


class NoStep(DomainError):
    code = "no_step"
    message = _("Dossier %(code)s has no %(which)s step.")


class ReasonRequired(DomainError):
    code = "reason_required"
    message = _("Give a reason.")


class WrongOfficer(DomainError):
    code = "wrong_officer"
    message = _("%(officer)s is not a processing officer of %(agency)s.")


class SupplementOncePerAgency(DomainError):
    code = "supplement_once_per_agency"
    message = _("%(agency)s has already asked for a supplement on dossier %(code)s.")


class LateNoticeRefused(DomainError):
    code = "late_notice_refused"
    message = _("%(reason)s")


class ReceiptRequired(DomainError):
    code = "receipt_required"
    message = _("Fees of %(amount)s đ were due: enter the receipt number.")


class NotProcessingAgency(DomainError):
    code = "not_offered_there"
    message = _("%(agency)s does not handle this procedure.")


def _steps(dossier: Dossier) -> list[DossierStep]:
    return list(DossierStep.objects.filter(dossier=dossier).order_by("order"))


def _move(dossier: Dossier, target: DossierStep, at: datetime, holder: User | None = None) -> dict:
    """Close the current step and open ``target``; the dossier follows the step's agency."""
    if dossier.current_step_id:
        DossierStep.objects.filter(pk=dossier.current_step_id).update(finished_at=at)
    DossierStep.objects.filter(pk=target.pk).update(started_at=at, finished_at=None)
    target.started_at, target.finished_at = at, None
    return {"current_step": target, "holder_agency_id": target.agency_id, "holder": holder}


def _neighbour(dossier: Dossier, offset: int) -> DossierStep:
    order = (dossier.current_step.order if dossier.current_step else 0) + offset
    for step in _steps(dossier):
        if step.order == order:
            return step
    raise NoStep(code=dossier.code, which=_("next") if offset > 0 else _("previous"))


def _go(dossier, action, actor, changes, *, note="", payload=None, at=None):
    return dossier_transition(
        dossier=dossier,
        action=action,
        actor=actor,
        changes=changes,
        note=note,
        payload=payload,
        at=at,
        notify=notifications.dossier_changed,
    )


@transaction.atomic
def dossier_transfer_to_agency(*, dossier: Dossier, actor: User, at=None) -> Dossier:
    """The desk passes a received dossier to the competent agency (the next step)."""
    at = at or timezone.now()
    ensure(Action.TRANSFER_TO_AGENCY, actor, dossier)
    return _go(
        dossier, Action.TRANSFER_TO_AGENCY, actor, _move(dossier, _neighbour(dossier, 1), at), at=at
    )


@transaction.atomic
def dossier_assign(
    *, dossier: Dossier, actor: User, officer: User, note: str = "", at=None
) -> Dossier:
    """The agency head gives the dossier to an officer (moving past the head's own step)."""
    at = at or timezone.now()
    ensure(Action.ASSIGN, actor, dossier)
    if officer.agency_id != dossier.holder_agency_id or officer.role not in (
        Role.PROCESSING_OFFICER,
        Role.AGENCY_HEAD,
    ):
        raise WrongOfficer(officer=officer, agency=dossier.holder_agency)
    step = dossier.current_step
    if step is not None and step.role == Role.AGENCY_HEAD:
        changes = _move(dossier, _neighbour(dossier, 1), at, holder=officer)
    else:
        changes = {"holder": officer}
    return _go(
        dossier,
        Action.ASSIGN,
        actor,
        changes,
        note=note,
        payload={"officer": officer.pk, "officer_name": str(officer)},
        at=at,
    )


@transaction.atomic
def dossier_forward(*, dossier: Dossier, actor: User, note: str = "", at=None) -> Dossier:
    at = at or timezone.now()
    ensure(Action.FORWARD, actor, dossier)
    return _go(
        dossier, Action.FORWARD, actor, _move(dossier, _neighbour(dossier, 1), at), note=note, at=at
    )


@transaction.atomic
def dossier_send_back(*, dossier: Dossier, actor: User, note: str, at=None) -> Dossier:
    if not note.strip():
        raise ReasonRequired
    at = at or timezone.now()
    ensure(Action.SEND_BACK, actor, dossier)
    return _go(
        dossier,
        Action.SEND_BACK,
        actor,
        _move(dossier, _neighbour(dossier, -1), at),
        note=note.strip(),
        at=at,
    )


@transaction.atomic
def dossier_transfer(*, dossier: Dossier, actor: User, to: Agency, note: str, at=None) -> Dossier:
    """Liên thông: another agency or level takes over, following its own process.

    The dossier keeps its code and its count (one identity); its remaining steps are
    replaced by the receiving agency's process after its own reception step.
    """
    if not note.strip():
        raise ReasonRequired
    at = at or timezone.now()
    ensure(Action.TRANSFER, actor, dossier)
    offering = (
        Offering.objects.filter(
            procedure_id=dossier.procedure_version.procedure_id, agency=to, is_active=True
        )
        .select_related("agency")
        .prefetch_related("process__agency")
        .first()
    )
    if offering is None:
        raise NotProcessingAgency(agency=to)
    current = dossier.current_step.order if dossier.current_step else 0
    DossierStep.objects.filter(dossier=dossier, order__gt=current).delete()
    # The receiving agency's own process, after its reception step (the dossier has one).
    process = process_for_case(offering, dossier.case_name)[1:]
    created = plan_steps(
        dossier=dossier, offering=offering, process=process, start=at, first_order=current + 1
    )
    if not created:
        raise NoStep(code=dossier.code, which=_("next"))
    changes = _move(dossier, created[0], at)
    changes["agency"] = to
    return _go(
        dossier,
        Action.TRANSFER,
        actor,
        changes,
        note=note.strip(),
        payload={"from_agency": dossier.agency_id, "to_agency": to.pk},
        at=at,
    )


@transaction.atomic
def dossier_pause(
    *,
    dossier: Dossier,
    actor: User,
    financial: bool = False,
    missing: list[str] | None = None,
    reason: str,
    at=None,
) -> Dossier:
    """Ask the citizen for a supplement (once per agency) or for payment; the clock stops."""
    if not reason.strip() or (not financial and not missing):
        raise ReasonRequired
    at = at or timezone.now()
    action = Action.PAUSE_FINANCIAL if financial else Action.PAUSE_SUPPLEMENT
    ensure(action, actor, dossier)
    asked = dossier.events.filter(
        action=Action.PAUSE_SUPPLEMENT, from_agency=dossier.holder_agency_id
    )
    if not financial and asked.exists():
        raise SupplementOncePerAgency(agency=dossier.holder_agency, code=dossier.code)
    return _go(
        dossier,
        action,
        actor,
        {"paused_at": at, "phase": Phase.PROCESSING},
        note=reason.strip(),
        payload={"missing": missing or []},
        at=at,
    )


@transaction.atomic
def dossier_resume(
    *,
    dossier: Dossier,
    actor: User | None,
    note: str = "",
    supplied: list[dict] | None = None,
    at=None,
) -> Dossier:
    """The citizen supplied what was asked (or paid): the clock runs again.

    Under the "shift" policy the due date moves by the paused working time; under
    "restart" the full time limit counts again from now. ``actor`` None is the portal
    acting for the applicant; ``supplied`` lists the files the applicant uploaded (then
    ``actor`` may also be the applicant's own account).
    """
    at = at or timezone.now()
    if actor is None or supplied is not None:  # the applicant, through the portal or account
        if not state_allows(Action.RESUME, dossier):
            raise TransitionNotAllowed(
                action=Action.RESUME.label, status=DossierStatus(dossier.status).label
            )
        if not RULES[Action.SUPPLY](actor, dossier):
            raise NotYours(code=dossier.code, agency=dossier.holder_agency, step="-")
    else:
        ensure(Action.RESUME, actor, dossier)
    calendar = calendar_for(dossier)
    version = dossier.procedure_version
    if version.pause_policy == PausePolicy.RESTART:
        limit = limit_for(version=version, channel=dossier.channel, case_name=dossier.case_name)
        due = calendar.restart_after_pause(at, limit.amount, limit.unit, cutoff=limit.cutoff).due_at
    else:
        due = calendar.shift_for_pause(dossier.due_at, dossier.paused_at, at)
    paused = calendar.working_time_between(dossier.paused_at, at)
    return _go(
        dossier,
        Action.RESUME,
        actor,
        {"paused_at": None, "phase": "", "due_at": due},
        note=note,
        at=at,
        payload={
            "paused_minutes": int(paused.total_seconds() // 60),
            "policy": version.pause_policy,
            **({"files": supplied} if supplied is not None else {}),
        },
    )


@transaction.atomic
def dossier_decide(
    *,
    dossier: Dossier,
    actor: User,
    approved: bool,
    document: str = "",
    reason: str = "",
    at=None,
) -> Dossier:
    """Approve (a document is issued) or deny (with a reason); the result goes to the desk."""
    if approved and not document.strip():
        raise ReasonRequired(_("Name the document issued."))
    if not approved and not reason.strip():
        raise ReasonRequired
    at = at or timezone.now()
    ensure(Action.APPROVE if approved else Action.DENY, actor, dossier)
    steps = [
        s
        for s in _steps(dossier)
        if s.order > (dossier.current_step.order if dossier.current_step else 0)
    ]
    changes = {
        "decided_at": at,
        "result_document": document.strip(),
        "result": ResultKind.APPROVED if approved else ResultKind.DENIED,
        "result_reason": reason.strip(),
    }
    if steps:
        DossierStep.objects.filter(pk__in=[s.pk for s in steps[:-1]]).update(
            started_at=at, finished_at=at
        )
        changes.update(_move(dossier, steps[-1], at))
    else:
        changes.update(holder_agency_id=dossier.desk_id, holder=None)
    action = Action.APPROVE if approved else Action.DENY
    return _go(dossier, action, actor, changes, note=reason.strip() or document.strip(), at=at)


@transaction.atomic
def dossier_return_result(
    *,
    dossier: Dossier,
    actor: User,
    method: str = ReturnMethod.DESK,
    returned_to: str,
    fee_receipt: str = "",
    at=None,
) -> Dossier:
    if not returned_to.strip():
        raise ReasonRequired(_("Say who received the result."))
    if dossier.fee_amount and not fee_receipt.strip():
        raise ReceiptRequired(amount=f"{dossier.fee_amount:,}".replace(",", "."))
    at = at or timezone.now()
    ensure(Action.RETURN_RESULT, actor, dossier)
    if dossier.current_step_id:
        DossierStep.objects.filter(pk=dossier.current_step_id).update(finished_at=at)
    changes = {
        "current_step": None,
        "holder_agency": None,
        "returned_at": at,
        "return_method": method,
        "returned_to": returned_to.strip(),
        "fee_receipt": fee_receipt.strip(),
        "holder": None,
    }
    return _go(dossier, Action.RETURN_RESULT, actor, changes, at=at)


@transaction.atomic
def dossier_withdraw(*, dossier: Dossier, actor: User, reason: str, at=None) -> Dossier:
    """At the citizen's request: by the desk, or by the citizen who owns the dossier."""
    if not reason.strip():
        raise ReasonRequired
    ensure(Action.WITHDRAW, actor, dossier)
    return _go(
        dossier,
        Action.WITHDRAW,
        actor,
        {"holder": None, "paused_at": None, "phase": ""},
        note=reason.strip(),
        at=at,
    )


@transaction.atomic
def dossier_stop(*, dossier: Dossier, actor: User, reason: str, at=None) -> Dossier:
    if not reason.strip():
        raise ReasonRequired
    ensure(Action.STOP, actor, dossier)
    return _go(
        dossier,
        Action.STOP,
        actor,
        {"holder": None, "paused_at": None, "phase": ""},
        note=reason.strip(),
        at=at,
    )


@transaction.atomic
def dossier_late_notice(
    *, dossier: Dossier, actor: User, reason: str, new_due_at: datetime, at=None
) -> Dossier:
    """Mẫu 04: apologise and set one new appointment, at least a working day before due."""
    at = at or timezone.now()
    if dossier.original_due_at is not None:
        raise LateNoticeRefused(reason=_("The appointment can be re-set only once."))
    ensure(Action.LATE_NOTICE, actor, dossier)
    if not reason.strip():
        raise ReasonRequired
    calendar = calendar_for(dossier)
    if calendar.due_at(at, 1, TimeUnit.WORKING_DAYS).due_at > dossier.due_at:
        raise LateNoticeRefused(
            reason=_("The apology must be sent at least one working day before the appointment.")
        )
    if new_due_at <= dossier.due_at:
        raise LateNoticeRefused(reason=_("The new appointment must be later than the current one."))
    changes = {"original_due_at": dossier.due_at, "due_at": new_due_at}
    return _go(
        dossier,
        Action.LATE_NOTICE,
        actor,
        changes,
        note=reason.strip(),
        at=at,
        payload={
            "new_due_at": new_due_at.isoformat(),
            "original_due_at": dossier.due_at.isoformat(),
        },
    )
