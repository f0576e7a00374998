"""Who may write the e-portal's news: administrators and unit leaders, for their units."""

from motcua.accounts.enums import Role
from motcua.accounts.models import User
from motcua.accounts.permissions import is_staff_member, visible_unit_ids

EDITOR_ROLES = frozenset({Role.ADMINISTRATOR, Role.UNIT_LEADER})


def can_edit_news(user: User) -> bool:
    return is_staff_member(user) and user.role in EDITOR_ROLES


def news_unit_ids(user: User) -> list[int]:
    """Units whose posts ``user`` may write: their unit and the units below it."""
    return visible_unit_ids(user) if can_edit_news(user) else []
