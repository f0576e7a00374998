"""Who may do what to a dossier, now. Services enforce it; pages show only what passes.

One predicate per action, on the dossier's current status, phase, step and holder.
"""

from collections.abc import Callable

from motcua.accounts.enums import Role
from motcua.accounts.models import User
from motcua.accounts.permissions import can_view_agency
from motcua.dossiers.enums import TRANSITIONS, Action, DossierStatus, Phase
from motcua.dossiers.models import Dossier


def _staff(user: User | None, *roles: str, agency_id: int | None) -> bool:
    return (
        user is not None
        and user.is_authenticated
        and user.is_staff_member
        and user.role in roles
        and user.agency_id == agency_id
    )


def _desk(user, dossier) -> bool:
    return _staff(user, Role.DESK_OFFICER, agency_id=dossier.desk_id)


def _head_of_holder(user, dossier) -> bool:
    return _staff(user, Role.AGENCY_HEAD, agency_id=dossier.holder_agency_id)


def _holder_staff(user, dossier) -> bool:
    return _staff(
        user, Role.PROCESSING_OFFICER, Role.AGENCY_HEAD, agency_id=dossier.holder_agency_id
    )


def _step_performer(user, dossier) -> bool:
    """The assigned officer, or someone holding the step's role in the step's agency."""
    if user is not None and dossier.holder_id is not None and dossier.holder_id == user.pk:
        return True
    step = dossier.current_step
    if step is None:
        return False
    roles = {step.role, Role.AGENCY_HEAD} if step.role == Role.PROCESSING_OFFICER else {step.role}
    return _staff(user, *roles, agency_id=dossier.holder_agency_id)


def _decider(user, dossier) -> bool:
    """The performer of the last step outside the desk: the one who signs the result."""
    if not _step_performer(user, dossier):
        return False
    later = dossier.steps.filter(order__gt=dossier.current_step.order).exclude(
        agency_id=dossier.desk_id
    )
    return not later.exists()


def _late_notice(user, dossier) -> bool:
    """The competent agency's head, once per dossier (the service checks the time left)."""
    if dossier.original_due_at is not None:
        return False  # the appointment was already re-set: it may be only once
    return _staff(user, Role.AGENCY_HEAD, agency_id=dossier.agency_id)


def _desk_or_holder(user, dossier) -> bool:
    return _desk(user, dossier) or _holder_staff(user, dossier)


def _withdraw(user, dossier) -> bool:
    own = user is not None and dossier.citizen_id is not None and dossier.citizen_id == user.pk
    return own or _desk(user, dossier)


def _supplier(user, dossier) -> bool:
    """The applicant: through the portal after a lookup (no account), or their own account.

    Papers brought to the desk are recorded by receiving or resuming the dossier instead.
    """
    if user is None or not user.is_authenticated:
        return True
    return dossier.citizen_id is not None and dossier.citizen_id == user.pk


def _stop(user, dossier) -> bool:
    if _head_of_holder(user, dossier):
        return True
    return (
        user is not None
        and user.is_authenticated
        and user.role == Role.UNIT_LEADER
        and dossier.holder_agency is not None
        and can_view_agency(user, dossier.holder_agency)
    )


RULES: dict[str, Callable[[User | None, Dossier], bool]] = {
    Action.SUBMIT: lambda user, dossier: True,
    Action.RECEIVE: _desk,
    Action.REQUEST_SUPPLEMENT: _desk,
    Action.REFUSE: _desk,
    Action.TRANSFER_TO_AGENCY: _desk,
    Action.ASSIGN: _head_of_holder,
    Action.FORWARD: _step_performer,
    Action.SEND_BACK: _step_performer,
    Action.TRANSFER: _holder_staff,
    Action.PAUSE_SUPPLEMENT: _holder_staff,
    Action.PAUSE_FINANCIAL: _holder_staff,
    Action.SUPPLY: _supplier,
    Action.RESUME: _desk_or_holder,
    Action.APPROVE: _decider,
    Action.DENY: _decider,
    Action.RETURN_RESULT: _desk,
    Action.WITHDRAW: _withdraw,
    Action.STOP: _stop,
    Action.LATE_NOTICE: _late_notice,
}


# A supplement asked at reception is answered by receiving or refusing the dossier (the
# applicant's upload is recorded as "supply" while it waits); one asked during processing
# by resuming it (the applicant's upload resumes it at once).
SUPPLEMENT_PHASE = {
    Action.RECEIVE: Phase.RECEPTION,
    Action.REFUSE: Phase.RECEPTION,
    Action.SUPPLY: Phase.RECEPTION,
    Action.RESUME: Phase.PROCESSING,
    Action.LATE_NOTICE: Phase.PROCESSING,
}


def state_allows(action: str, dossier: Dossier) -> bool:
    """The status (and, for status 5, the phase) lets ``action`` happen at all."""
    status = None if dossier.pk is None else dossier.status
    if status not in TRANSITIONS[action][0]:
        return False
    needed = SUPPLEMENT_PHASE.get(action)
    return not (status == DossierStatus.SUPPLEMENT and needed and dossier.phase != needed)


def may(action: str, user: User | None, dossier: Dossier) -> bool:
    """Whether ``user`` may apply ``action`` to ``dossier`` in its present state."""
    return state_allows(action, dossier) and RULES[action](user, dossier)


def allowed_actions(user: User | None, dossier: Dossier) -> list[str]:
    return [action for action in Action if action != Action.SUBMIT and may(action, user, dossier)]


def applicant_may_supply(user: User | None, dossier: Dossier) -> bool:
    """Documents were asked for (at reception or in processing) and this is the applicant."""
    if dossier.status != DossierStatus.SUPPLEMENT:
        return False
    action = Action.RESUME if dossier.phase == Phase.PROCESSING else Action.SUPPLY
    return state_allows(action, dossier) and RULES[Action.SUPPLY](user, dossier)
