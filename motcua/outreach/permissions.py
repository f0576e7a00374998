"""Who may write the e-portal's news (administrators and unit leaders, for their units), and
who may record outreach sessions and procedure reviews (also agency heads, for their agency;
the rest of the staff read those of the agencies they see)."""

from django.db.models import QuerySet

from motcua.accounts.enums import Role
from motcua.accounts.models import User
from motcua.accounts.permissions import is_staff_member, visible_agencies, visible_unit_ids
from motcua.organization.models import Agency

EDITOR_ROLES = frozenset({Role.ADMINISTRATOR, Role.UNIT_LEADER})


def can_edit_news(user: User) -> bool:
    return is_staff_member(user) and user.role in EDITOR_ROLES


def news_unit_ids(user: User) -> list[int]:
    """Units whose posts ``user`` may write: their unit and the units below it."""
    return visible_unit_ids(user) if can_edit_news(user) else []


RECORD_KEEPER_ROLES = frozenset({Role.ADMINISTRATOR, Role.UNIT_LEADER, Role.AGENCY_HEAD})


def can_keep_records(user: User) -> bool:
    """May record outreach sessions and procedure reviews, for ``record_agencies(user)``."""
    return is_staff_member(user) and user.role in RECORD_KEEPER_ROLES


def record_agencies(user: User, *, write: bool = False) -> QuerySet[Agency]:
    """Agencies whose sessions and reviews ``user`` may read (or, with ``write``, record)."""
    if write and not can_keep_records(user):
        return Agency.objects.none()
    return visible_agencies(user)
