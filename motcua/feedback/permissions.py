"""Who may do what to feedback, now. Services enforce it; pages offer only what passes.

The competent agency's head and processing officers handle feedback; only the head
passes it on, refuses it or publishes the answer. Feedback addressed to the People's
Committee is headed by its leaders, who otherwise only read their unit's feedback, as
inspectors do.
"""

from collections.abc import Callable

from motcua.accounts.enums import Role
from motcua.accounts.models import User
from motcua.feedback.enums import TRANSITIONS, FeedbackAction
from motcua.feedback.models import Feedback

A = FeedbackAction
RECORDING_ROLES = frozenset({Role.DESK_OFFICER, Role.AGENCY_HEAD, Role.PROCESSING_OFFICER})
# A unit leader sits in the People's Committee: they head what is addressed to it.
HEAD_ROLES = (Role.AGENCY_HEAD, Role.UNIT_LEADER)
STAFF_ACTIONS = (A.ACCEPT, A.ANSWER, A.ROUTE, A.REJECT, A.PUBLISH, A.UNPUBLISH)


def _staff_of(user: User | None, feedback: Feedback, *roles: str) -> bool:
    return (
        user is not None
        and user.is_authenticated
        and user.is_staff_member
        and user.role in roles
        and user.agency_id == feedback.agency_id
    )


def _handler(user: User | None, feedback: Feedback) -> bool:
    return _staff_of(user, feedback, *HEAD_ROLES, Role.PROCESSING_OFFICER)


def _head(user: User | None, feedback: Feedback) -> bool:
    return _staff_of(user, feedback, *HEAD_ROLES)


def _citizen_side(user: User | None, feedback: Feedback) -> bool:
    """The citizen's own answer: the portal gates it by code and secret, not by account."""
    return True


RULES: dict[str, Callable[[User | None, Feedback], bool]] = {
    A.ACCEPT: _handler,
    A.ANSWER: _handler,
    A.ROUTE: _head,
    A.REJECT: _head,
    A.PUBLISH: _head,
    A.UNPUBLISH: _head,
    A.REOPEN: _citizen_side,
    A.CLOSE: _citizen_side,
}


def state_allows(action: str, feedback: Feedback) -> bool:
    sources, _target = TRANSITIONS[action]
    status = None if feedback.pk is None else feedback.status
    if action == A.PUBLISH and feedback.published:
        return False
    if action == A.UNPUBLISH and not feedback.published:
        return False
    return status in sources


def allowed_actions(user: User, feedback: Feedback) -> list[str]:
    """The staff actions ``user`` may take on ``feedback`` now, in display order."""
    return [a for a in STAFF_ACTIONS if state_allows(a, feedback) and RULES[a](user, feedback)]


def can_record(user: User) -> bool:
    """May record feedback received at the desk or by phone."""
    return user.is_authenticated and user.is_staff_member and user.role in RECORDING_ROLES
