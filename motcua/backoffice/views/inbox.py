"""The agency inbox: open dossiers, most urgent first, with filters and bulk assignment."""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts.enums import UNIT_WIDE_ROLES, Role
from motcua.accounts.models import User
from motcua.backoffice.decorators import staff_required
from motcua.core.errors import DomainError
from motcua.dossiers import services as svc
from motcua.dossiers.enums import DossierStatus, Timeliness
from motcua.dossiers.forms import BulkAssignForm, InboxFilterForm
from motcua.dossiers.selectors import (
    dossier_get_for_officer,
    dossier_inbox,
    dossier_inbox_counts,
    dossier_inbox_steps,
)
from motcua.dossiers.timing import effective_due
from motcua.workdays.enums import TimeUnit
from motcua.workdays.selectors import calendar_for_unit


def _window(window: str, user: User, now) -> dict:
    if window == "overdue":
        return {"overdue_at": now}
    if not window:
        return {}
    calendar = calendar_for_unit(unit_id=user.agency.unit_id)
    if window == "today":
        closing = calendar.due_at(now, 0, TimeUnit.SAME_DAY).due_at
        return {"due_before": closing + timedelta(seconds=1)}
    if window == "3days":
        return {"due_before": calendar.due_at(now, 3, TimeUnit.WORKING_DAYS).due_at}
    return {}


def _urgency(dossier, now, calendars: dict) -> tuple[str, timedelta | None, datetime | None]:
    """(within_time | due_soon | overdue | paused, working time left, due) for one row.

    The due date of a paused dossier moves on while it waits; the row shows where it is now.
    """
    unit_id = dossier.desk.unit_id
    if unit_id not in calendars:  # one calendar per unit and request, not per row
        calendars[unit_id] = calendar_for_unit(unit_id=unit_id)
    calendar = calendars[unit_id]
    if dossier.due_at is None:
        return Timeliness.WITHIN_TIME, None, None
    due = effective_due(dossier, at=now, calendar=calendar)
    if dossier.status in (DossierStatus.SUPPLEMENT, DossierStatus.FINANCIAL):
        return "paused", None, due
    left = calendar.working_time_between(now, due)
    if left < timedelta(0):
        return Timeliness.OVERDUE, left, due
    # Less than one working day left: show it as due soon.
    soon = due <= calendar.due_at(now, 1, TimeUnit.WORKING_DAYS).due_at
    return ("due_soon" if soon else Timeliness.WITHIN_TIME), left, due


def _default_scope(user: User) -> str:
    return "all" if user.role in UNIT_WIDE_ROLES else "agency"


@staff_required
def inbox(request: HttpRequest) -> HttpResponse:
    user, now = request.user, timezone.now()
    wanted_scope = request.GET.get("scope") or _default_scope(user)
    steps = dossier_inbox_steps(user=user, scope=wanted_scope)
    form = InboxFilterForm(request.GET or None, steps=steps)
    filters = form.cleaned_data if form.is_valid() else {}
    scope = filters.get("scope") or _default_scope(user)
    dossiers = dossier_inbox(
        user=user,
        scope=scope,
        status=filters.get("status"),
        procedure_code=(filters.get("procedure") or "").strip(),
        step=filters.get("step", ""),
        channel=filters.get("channel", ""),
        **_window(filters.get("window", ""), user, now),
    )
    page = Paginator(dossiers, settings.MOTCUA_PAGE_SIZE).get_page(request.GET.get("page"))
    calendars: dict = {}
    rows = [(dossier, *_urgency(dossier, now, calendars)) for dossier in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    counts = dossier_inbox_counts(user=user, scope=scope)
    return render(
        request,
        "backoffice/inbox.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "scope": scope,
            "counts": [(DossierStatus(s).label, n) for s, n in sorted(counts.items())],
            "total": sum(counts.values()),
            "bulk": _bulk_form(user, [d.code for d, *_ in rows]),
        },
    )


def _bulk_form(user: User, codes: list[str], data=None) -> BulkAssignForm | None:
    if user.role != Role.AGENCY_HEAD:
        return None
    officers = User.objects.filter(
        agency_id=user.agency_id,
        role__in=[Role.PROCESSING_OFFICER, Role.AGENCY_HEAD],
        is_active=True,
    )
    return BulkAssignForm(data, officers=officers, codes=codes)


@staff_required
@require_POST
def inbox_assign(request: HttpRequest) -> HttpResponse:
    """Assign several dossiers at once; each one succeeds or reports its own reason."""
    form = _bulk_form(request.user, request.POST.getlist("codes"), request.POST)
    if form is None or not form.is_valid():
        messages.error(request, _("Choose the dossiers and the officer to assign them to."))
        return redirect("backoffice:inbox")
    done = 0
    for code in form.cleaned_data["codes"]:
        dossier = dossier_get_for_officer(user=request.user, code=code)
        try:
            if dossier is None:
                raise DomainError(_("Dossier %s was not found.") % code)
            svc.dossier_assign(
                dossier=dossier, actor=request.user, officer=form.cleaned_data["officer"]
            )
            done += 1
        except DomainError as exc:
            messages.error(request, f"{code}: {exc}")
    if done:
        messages.success(
            request,
            _("%(count)d dossiers assigned to %(officer)s.")
            % {"count": done, "officer": form.cleaned_data["officer"]},
        )
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("backoffice:inbox")
