"""The periodic report (received, resolved early / on time / late, in progress) as JSON."""

from datetime import date

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from motcua.accounts.enums import UNIT_WIDE_ROLES
from motcua.api.auth import SIGNED_IN, Caller, caller_of, require_staff
from motcua.api.errors import Invalid
from motcua.api.schemas import answers
from motcua.organization.models import AdministrativeUnit
from motcua.organization.selectors import unit_subtree_ids
from motcua.reports.enums import Tier
from motcua.reports.exports import report_json
from motcua.reports.periodic import periodic_report
from motcua.reports.periods import days_period

router = Router(tags=["reports"], auth=SIGNED_IN)

MAX_DAYS = 3660  # ten years: a longer report is a different question


class ReportQuery(Schema):
    first: date = Field(alias="from", description="First day, YYYY-MM-DD.")
    last: date = Field(alias="to", description="Last day (included), YYYY-MM-DD.")
    by: str = Field("level", pattern="^(level|agency|field|procedure)$")
    unit: str = Field("", max_length=20, description="Administrative unit code (and below).")


class CountsOut(Schema):
    carried_over: int = Field(description="Open at the start of the period.")
    received: int
    received_online: int
    received_direct: int = Field(description="At the desk or by post.")
    resolved: int
    early: int
    on_time: int
    late: int
    within_time: int = Field(description="In progress at the end, within the time limit.")
    overdue: int = Field(description="In progress at the end, past the time limit.")
    waiting_citizen: int
    returned: int
    withdrawn: int
    stopped: int
    to_handle: int = Field(description="carried_over + received")
    in_progress: int = Field(description="within_time + overdue")
    on_time_percent: str | None = Field(description="(early + on_time) / resolved, in %.")


class RowOut(CountsOut):
    key: int | str
    code: str
    label: str


class GroupOut(Schema):
    level: Tier
    totals: CountsOut
    rows: list[RowOut]


class ReportOut(Schema):
    first: date = Field(alias="from")
    last: date = Field(alias="to")
    at: str = Field(description="When the figures were taken (ISO 8601).")
    by: str
    unit: str | None
    groups: list[GroupOut]
    total: CountsOut


def _allowed_units(caller: Caller) -> list[int] | None:
    """The units whose figures the caller may read (None: all of them)."""
    agency = caller.agency
    if agency is None:
        return None
    return unit_subtree_ids(unit_id=agency.unit_id)


@router.get(
    "/reports/periodic",
    response=answers({200: ReportOut}, 401, 403),
    operation_id="getPeriodicReport",
    summary="The periodic report for a period",
    by_alias=True,
)
def periodic(request: HttpRequest, query: Query[ReportQuery]):
    """Grouped by level, then by agency, field or procedure, as the Biểu 06 form.
    Leaders, administrators and inspectors read their unit and the units below it, as on
    the report pages; a token limited to an agency reads that agency's unit and below.
    Definitions: docs/reports.md."""
    caller = caller_of(request)
    require_staff(caller)
    if caller.token is None and caller.user.role not in UNIT_WIDE_ROLES:
        # As on the report pages: leaders, administrators and inspectors.
        raise HttpError(403, _("Only leaders, administrators and inspectors read the report."))
    if query.last < query.first:
        raise Invalid({"to": [_("The last day comes before the first.")]})
    if (query.last - query.first).days > MAX_DAYS:
        raise Invalid({"to": [_("Ask for at most ten years at a time.")]})
    allowed = _allowed_units(caller)
    unit = None
    if query.unit:
        unit = AdministrativeUnit.objects.filter(code=query.unit.strip()).first()
        if unit is None:
            raise Invalid({"unit": [_("No administrative unit has this code.")]})
    elif allowed is not None:
        unit = caller.agency.unit
    if unit is not None and allowed is not None and unit.pk not in allowed:
        raise HttpError(403, _("You may not read the figures of this unit."))
    period = days_period(query.first, query.last)
    report = periodic_report(
        start=period.start, end=period.end, at=timezone.now(), by=query.by, unit=unit
    )
    return report_json(report)
