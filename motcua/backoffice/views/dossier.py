"""The dossier page: everything about one dossier, and the actions this person may take now."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.backoffice.decorators import staff_required
from motcua.core.errors import DomainError
from motcua.dossiers.actions import ACTIONS, action_form, action_perform
from motcua.dossiers.enums import Action, DossierStatus
from motcua.dossiers.models import Dossier
from motcua.dossiers.permissions import allowed_actions
from motcua.dossiers.selectors import dossier_events, dossier_get_for_officer
from motcua.dossiers.slips import Slip, available_slips, render_html, render_pdf
from motcua.dossiers.slips.common import SlipNotAvailable
from motcua.dossiers.slips.context import lookup_url
from motcua.dossiers.slips.qr import qr_svg
from motcua.dossiers.timing import calendar_for, classify, effective_due, remaining
from motcua.feedback.selectors import rating_for_dossier


def _dossier_or_404(request: HttpRequest, code: str) -> Dossier:
    dossier = dossier_get_for_officer(user=request.user, code=code)
    if dossier is None:
        raise Http404
    return dossier


RATING_STATUSES = frozenset({DossierStatus.PROCESSED, DossierStatus.RETURNED})


def _steps_with_time(dossier: Dossier, now) -> list[dict]:
    calendar = calendar_for(dossier)
    rows = []
    for step in dossier.steps.select_related("agency").order_by("order"):
        end = step.finished_at or (now if step.started_at else None)
        used = calendar.working_time_between(step.started_at, end) if step.started_at else None
        left = None
        if step.due_at and step.started_at and not step.finished_at:
            left = calendar.working_time_between(now, step.due_at)
        late = bool(step.due_at and step.finished_at and step.finished_at > step.due_at)
        rows.append(
            {
                "step": step,
                "used": used,
                "left": left,
                "late": late,
                "current": step.pk == dossier.current_step_id,
            }
        )
    return rows


def _page(request: HttpRequest, dossier: Dossier, bound: dict | None = None) -> HttpResponse:
    now = timezone.now()
    calendar = calendar_for(dossier)
    actions = allowed_actions(request.user, dossier)
    action_forms = [
        (a, Action(a).label, (bound or {}).get(a) or action_form(a, dossier)) for a in actions
    ]
    for action, form in (bound or {}).items():
        if action not in actions:  # its form is not on the page: say why it was refused
            refused = form.non_field_errors() or [_("This action is not possible now.")]
            messages.error(request, refused[0])
    return render(
        request,
        "backoffice/dossier.html",
        {
            "dossier": dossier,
            "version": dossier.procedure_version,
            "events": dossier_events(dossier=dossier),
            "steps": _steps_with_time(dossier, now),
            "components": dossier.components.all(),
            "files": dossier.files.all(),
            "timeliness": classify(dossier, at=now, calendar=calendar),
            "due_shown": effective_due(dossier, at=now, calendar=calendar)
            if dossier.due_at
            else None,
            "remaining": remaining(dossier, at=now, calendar=calendar),
            "action_forms": action_forms,
            "slips": _slips(dossier),
            **_rating_handoff(request, dossier),
        },
    )


def _rating_handoff(request: HttpRequest, dossier: Dossier) -> dict:
    """At the desk, with the result: a QR code the applicant scans to rate the service."""
    if dossier.status not in RATING_STATUSES or request.user.agency_id != dossier.desk_id:
        return {}
    return {"rating_qr": qr_svg(lookup_url(dossier)), "rating": rating_for_dossier(dossier=dossier)}


def _slips(dossier: Dossier) -> list[tuple[str, str]]:
    return [(kind, Slip(kind).label) for kind in available_slips(dossier)]


@staff_required
def dossier_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _page(request, _dossier_or_404(request, code))


@staff_required
@require_POST
def dossier_action(request: HttpRequest, code: str, action: str) -> HttpResponse:
    dossier = _dossier_or_404(request, code)
    if action not in ACTIONS:
        raise Http404
    form = action_form(action, dossier, request.POST)
    if form.is_valid():
        try:
            action_perform(action, dossier, request.user, form)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("%(action)s: done for dossier %(code)s.")
                % {"action": Action(action).label, "code": dossier.code},
            )
            return redirect("backoffice:dossier", code=dossier.code)
    response = _page(request, _dossier_or_404(request, code), bound={action: form})
    response.status_code = 400
    return response


@staff_required
def dossier_file(request: HttpRequest, code: str, token: str) -> FileResponse:
    dossier = _dossier_or_404(request, code)
    stored = dossier.files.filter(token=token).first()
    if stored is None:
        raise Http404
    return FileResponse(
        stored.file.open("rb"),
        as_attachment=True,
        filename=stored.original_name,
        content_type=stored.content_type,
    )


@staff_required
def dossier_slip(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    """A form of this dossier as PDF (default) or as a printable page (``?html=1``)."""
    dossier = _dossier_or_404(request, code)
    if kind not in available_slips(dossier):
        raise Http404
    event_id = request.GET.get("event")
    event_id = int(event_id) if event_id and event_id.isdigit() else None
    try:
        if request.GET.get("html"):
            return HttpResponse(render_html(kind, dossier=dossier, event_id=event_id))
        pdf = render_pdf(kind, dossier=dossier, event_id=event_id)
    except SlipNotAvailable as exc:  # e.g. an event of another dossier
        raise Http404 from exc
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="mau-{kind}-{dossier.code}.pdf"'
    return response
