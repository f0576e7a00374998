"""Reads of outreach sessions and procedure reviews for the staff, scoped by agency.

Everyone on the staff reads the records of the agencies they see; record keepers choose
among the agencies they may write for.
"""

from django.db.models import QuerySet
from django.utils import timezone

from motcua.accounts.models import User
from motcua.catalog.models import Procedure
from motcua.organization.models import AdministrativeUnit, Agency
from motcua.organization.selectors import unit_subtree_ids
from motcua.outreach.models import OutreachSession, ProcedureReview, ProcedureReviewEvent
from motcua.outreach.permissions import can_keep_records, record_agencies


def session_list_for_staff(*, user: User, year: int | None = None) -> QuerySet[OutreachSession]:
    """Sessions organised by the agencies ``user`` sees, the latest first."""
    sessions = OutreachSession.objects.filter(agency__in=record_agencies(user))
    if year is not None:
        sessions = sessions.filter(held_on__year=year)
    return sessions.select_related("agency", "unit", "updated_by").order_by("-held_on", "-pk")


def session_get_for_staff(*, user: User, pk: int) -> OutreachSession | None:
    return session_list_for_staff(user=user).filter(pk=pk).first()


def review_list_for_staff(
    *, user: User, year: int | None = None, status: str = ""
) -> QuerySet[ProcedureReview]:
    """Reviews made by the agencies ``user`` sees, the latest review date first."""
    reviews = ProcedureReview.objects.filter(agency__in=record_agencies(user))
    if year is not None:
        reviews = reviews.filter(reviewed_on__year=year)
    if status:
        reviews = reviews.filter(status=status)
    return reviews.select_related("procedure__current_version", "agency", "updated_by").order_by(
        "-reviewed_on", "-pk"
    )


def review_get_for_staff(*, user: User, pk: int) -> ProcedureReview | None:
    return review_list_for_staff(user=user).filter(pk=pk).first()


def review_events(*, review: ProcedureReview) -> QuerySet[ProcedureReviewEvent]:
    """The status history of a review, oldest first."""
    return review.events.order_by("seq")


def record_years(*, user: User) -> list[int]:
    """Years with sessions or reviews ``user`` may read, and the current year; newest first."""
    agencies = record_agencies(user)
    sessions = OutreachSession.objects.filter(agency__in=agencies).dates("held_on", "year")
    reviews = ProcedureReview.objects.filter(agency__in=agencies).dates("reviewed_on", "year")
    years = {day.year for day in [*sessions, *reviews]} | {timezone.localdate().year}
    return sorted(years, reverse=True)


def record_agency_choices(*, user: User) -> QuerySet[Agency]:
    """Active agencies ``user`` may record sessions and reviews for."""
    return (
        record_agencies(user, write=True)
        .filter(is_active=True)
        .select_related("unit")
        .order_by("unit__code", "name")
    )


def session_unit_choices(*, user: User) -> QuerySet[AdministrativeUnit]:
    """Units a record keeper may count a session for: their unit and those below it."""
    if not can_keep_records(user):
        return AdministrativeUnit.objects.none()
    ids = unit_subtree_ids(unit_id=user.agency.unit_id)
    return AdministrativeUnit.objects.filter(pk__in=ids, is_active=True).order_by("code")


def review_procedure_choices() -> QuerySet[Procedure]:
    """Procedures with published content, by code."""
    return (
        Procedure.objects.filter(current_version__isnull=False)
        .select_related("current_version")
        .order_by("code")
    )
