"""The working-day calendar: when is a dossier received now due, and why."""

from datetime import datetime, time
from decimal import Decimal

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from motcua.api.auth import ANYONE
from motcua.api.errors import Invalid
from motcua.api.schemas import OPEN_TO_ANYONE, answers
from motcua.organization.models import AdministrativeUnit
from motcua.workdays.enums import TimeUnit
from motcua.workdays.selectors import calendar_for_unit

router = Router(tags=["calendar"], auth=ANYONE)

# The calendar knows public holidays for these years (lunar dates are computed).
FIRST_YEAR, LAST_YEAR = 2000, 2099


class DueQuery(Schema):
    received: datetime = Field(
        description="Reception time, ISO 8601; without an offset it is the site's local time."
    )
    amount: Decimal = Field(ge=0, le=3650, max_digits=8, decimal_places=2)
    unit: TimeUnit = Field(description="How the limit is counted.")
    cutoff: time | None = Field(None, description="Receipts after this time count tomorrow.")
    unit_code: str = Field(
        "", max_length=20, description="Administrative unit (its days off and hours)."
    )


class DueOut(Schema):
    received: datetime
    starts_at: datetime = Field(description="When counting began (the next opening).")
    due_at: datetime
    after_cutoff: bool
    explanation: list[str] = Field(description="How it was counted, in words.")


@router.get(
    "/calendar/due-date",
    response=answers({200: DueOut}, 400, 401),
    operation_id="computeDueDate",
    openapi_extra=OPEN_TO_ANYONE,
    summary="Compute a due date",
)
def due_date(request: HttpRequest, query: Query[DueQuery]):
    """Weekends, public holidays (lunar Tết included), declared days off and make-up
    working days, and the unit's working hours, as for a dossier received then."""
    unit_id = None
    if query.unit_code:
        unit = AdministrativeUnit.objects.filter(code=query.unit_code.strip()).first()
        if unit is None:
            raise Invalid({"unit_code": [_("No administrative unit has this code.")]})
        unit_id = unit.pk
    received = query.received
    if not FIRST_YEAR <= received.year <= LAST_YEAR:
        raise Invalid(
            {
                "received": [
                    _("Give a time between %(first)s and %(last)s.")
                    % {"first": FIRST_YEAR, "last": LAST_YEAR}
                ]
            }
        )
    if timezone.is_naive(received):
        received = timezone.make_aware(received)
    calendar = calendar_for_unit(unit_id=unit_id)
    due = calendar.due_at(received, query.amount, query.unit, cutoff=query.cutoff)
    return {
        "received": received,
        "starts_at": due.starts_at,
        "due_at": due.due_at,
        "after_cutoff": due.after_cutoff,
        "explanation": [str(line) for line in due.explanation()],
    }
