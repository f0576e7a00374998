"""Permission predicates: what a person may see and do, scoped to agency and unit.

Selectors call these so that no view can forget the scope. Leaders, administrators
and inspectors see their unit and every unit below it; everyone else on the staff sees
their own agency; citizens see no agency's internal data.
"""

from django.conf import settings
from django.db.models import QuerySet

from motcua.accounts.enums import READ_ONLY_ROLES, UNIT_WIDE_ROLES
from motcua.accounts.models import User
from motcua.organization.models import Agency
from motcua.organization.selectors import unit_subtree_ids


def visible_unit_ids(user: User) -> list[int]:
    if not user.is_authenticated or not user.is_staff_member:
        return []
    if user.role in UNIT_WIDE_ROLES:
        return unit_subtree_ids(unit_id=user.agency.unit_id)
    return [user.agency.unit_id]


def visible_agencies(user: User) -> QuerySet[Agency]:
    if not user.is_authenticated or not user.is_staff_member:
        return Agency.objects.none()
    if user.role in UNIT_WIDE_ROLES:
        return Agency.objects.filter(unit_id__in=visible_unit_ids(user))
    return Agency.objects.filter(pk=user.agency_id)


def can_view_agency(user: User, agency: Agency) -> bool:
    return visible_agencies(user).filter(pk=agency.pk).exists()


def can_act_for_agency(user: User, agency: Agency) -> bool:
    """May change data of ``agency`` (inspectors and citizens never may)."""
    return user.role not in READ_ONLY_ROLES and can_view_agency(user, agency)


def is_staff_member(user: User) -> bool:
    return user.is_authenticated and user.is_staff_member


def may_use_second_factor(user: User) -> bool:
    """Staff and administrators may protect their login with a code; citizens do not."""
    return user.is_authenticated and (user.is_staff_member or user.is_staff or user.is_superuser)


def second_factor_required(user: User) -> bool:
    """Must log in with a code: superusers and the roles of ``MOTCUA_OTP_REQUIRED_ROLES``
    (administrators by default). Citizens never."""
    if not may_use_second_factor(user):
        return False
    return user.is_superuser or user.role in settings.MOTCUA_OTP_REQUIRED_ROLES
