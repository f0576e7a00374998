"""The periodic report and the dashboard for leaders and inspectors: their unit and below."""

from datetime import date
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts.enums import UNIT_WIDE_ROLES
from motcua.backoffice.decorators import staff_required
from motcua.organization.models import AdministrativeUnit
from motcua.organization.selectors import unit_subtree_ids
from motcua.outreach.summary import outreach_summary, review_summary
from motcua.reports.charts import flow_chart, horizontal_chart
from motcua.reports.columns import COLUMNS, GROUP_LABELS, groups
from motcua.reports.dashboard import monthly_flow
from motcua.reports.forms import DashboardForm, ReportForm
from motcua.reports.index766 import index_766
from motcua.reports.models import ExportState, ReportExport
from motcua.reports.periodic import GROUPING_LABELS, periodic_report
from motcua.reports.periods import days_period, year_period
from motcua.reports.services import report_export_request

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def _units(user):
    return AdministrativeUnit.objects.filter(
        pk__in=unit_subtree_ids(unit_id=user.agency.unit_id)
    ).order_by("code")


def _form(request: HttpRequest) -> ReportForm:
    today = timezone.localdate()
    initial = {
        "date_from": date(today.year, 1, 1),
        "date_to": today,
        "by": "agency",
        "unit": request.user.agency.unit_id,
    }
    data = request.GET if "date_from" in request.GET else None
    return ReportForm(data, initial=initial, units=_units(request.user))


def _query(form: ReportForm) -> str:
    """The report's choices as a query string, for the export links."""
    data = form.cleaned_data
    return urlencode(
        {
            "date_from": data["date_from"].strftime("%d/%m/%Y"),
            "date_to": data["date_to"].strftime("%d/%m/%Y"),
            "by": data["by"],
            "unit": data["unit"].pk,
        }
    )


@staff_required
def periodic(request: HttpRequest) -> HttpResponse:
    if request.user.role not in UNIT_WIDE_ROLES:
        raise PermissionDenied
    form = _form(request)
    if not form.is_bound:
        form = ReportForm(form.initial, units=_units(request.user))
    report = None
    if form.is_valid():
        data = form.cleaned_data
        period = days_period(data["date_from"], data["date_to"])
        report = periodic_report(
            start=period.start, end=period.end, at=timezone.now(), by=data["by"], unit=data["unit"]
        )
    context = {
        "form": form,
        "report": report,
        "columns": COLUMNS,
        "groups": [(GROUP_LABELS[g], span) for g, span in groups()],
        "query": _query(form) if report else "",
        "row_heading": GROUPING_LABELS[report.by] if report else "",
    }
    return render(
        request, "backoffice/report.html", context, status=200 if form.is_valid() else 400
    )


def _dashboard_form(request: HttpRequest) -> DashboardForm:
    this_year = timezone.localdate().year
    units = _units(request.user)
    years = list(range(this_year, this_year - 10, -1))
    data = request.GET if "year" in request.GET else None
    initial = {"year": this_year, "unit": request.user.agency.unit_id}
    form = DashboardForm(data or initial, units=units, years=years)
    return form


def _charts(report, flow) -> dict:
    rows = [row for group in report.groups for row in group.rows]
    labels = [row.label.split(" (")[0] for row in rows]
    months = [f"{m.month:%m}" for m in flow]
    return {
        "flow_svg": flow_chart(
            str(_("Received and resolved by month")),
            months,
            {
                str(_("Received")): [m.received for m in flow],
                str(_("Resolved")): [m.resolved for m in flow],
            },
        ),
        "rate_svg": horizontal_chart(
            str(_("On-time rate by agency")),
            labels,
            [float(r.counts.on_time_percent) if r.counts.resolved else None for r in rows],
            percent=True,
        ),
        "overdue_svg": horizontal_chart(
            str(_("Overdue dossiers by agency")), labels, [r.counts.overdue for r in rows]
        ),
        "channel_svg": horizontal_chart(
            str(_("Received by channel")),
            [str(_("Online")), str(_("At the desk or by post"))],
            [report.total.received_online, report.total.received_direct],
        ),
        "rows": rows,
    }


@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    if request.user.role not in UNIT_WIDE_ROLES:
        raise PermissionDenied
    form = _dashboard_form(request)
    if not form.is_valid():
        return render(request, "backoffice/dashboard.html", {"form": form}, status=400)
    year, unit = form.cleaned_data["year"], form.cleaned_data["unit"]
    period = year_period(year)
    now = timezone.now()
    report = periodic_report(start=period.start, end=period.end, at=now, by="agency", unit=unit)
    flow = monthly_flow(year=year, unit=unit)
    context = {
        "form": form,
        "report": report,
        "year": year,
        "flow": flow,
        "index": index_766(report=report, start=period.start, end=period.end, unit=unit),
        "outreach": outreach_summary(unit=unit, start=period.start, end=period.end),
        "reviews": review_summary(unit=unit, start=period.start, end=period.end),
        **_charts(report, flow),
    }
    return render(request, "backoffice/dashboard.html", context)


@staff_required
@require_POST
def export_request(request: HttpRequest) -> HttpResponse:
    """Prepare the report file in the background; the next page follows its progress."""
    if request.user.role not in UNIT_WIDE_ROLES:
        raise PermissionDenied
    form = ReportForm(request.POST, units=_units(request.user))
    file_format = request.POST.get("file_format")
    if not form.is_valid() or file_format not in CONTENT_TYPES:
        return redirect("backoffice:report")
    data = form.cleaned_data
    export = report_export_request(
        user=request.user,
        first=data["date_from"],
        last=data["date_to"],
        by=data["by"],
        unit=data["unit"],
        file_format=file_format,
    )
    return redirect("backoffice:report_export", pk=export.pk)


def _own_export(request: HttpRequest, pk: int) -> ReportExport:
    export = ReportExport.objects.filter(pk=pk, requested_by=request.user).first()
    if export is None:
        raise Http404
    return export


@staff_required
def export_status(request: HttpRequest, pk: int) -> HttpResponse:
    export = _own_export(request, pk)
    waiting = export.state in (ExportState.QUEUED, ExportState.RUNNING)
    return render(request, "backoffice/report_export.html", {"export": export, "waiting": waiting})


@staff_required
def export_download(request: HttpRequest, pk: int) -> FileResponse:
    export = _own_export(request, pk)
    if export.state != ExportState.DONE:
        raise Http404
    return FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=export.file.name.rsplit("/", 1)[-1],
        content_type=CONTENT_TYPES[export.file_format],
    )
