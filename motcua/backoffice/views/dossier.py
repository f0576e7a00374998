"""The dossier page: everything about one dossier, and the actions this person may take now."""

from collections.abc import Callable

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts.enums import Role
from motcua.accounts.models import User
from motcua.backoffice.decorators import staff_required
from motcua.catalog.models import Offering
from motcua.core.errors import DomainError
from motcua.dossiers import forms
from motcua.dossiers import services as svc
from motcua.dossiers.enums import Action, DossierStatus
from motcua.dossiers.models import Dossier
from motcua.dossiers.permissions import allowed_actions
from motcua.dossiers.selectors import dossier_events, dossier_get_for_officer
from motcua.dossiers.slips import Slip, available_slips, render_html, render_pdf
from motcua.dossiers.slips.context import lookup_url
from motcua.dossiers.slips.qr import qr_svg
from motcua.dossiers.timing import calendar_for, classify, remaining
from motcua.feedback.selectors import rating_for_dossier
from motcua.organization.models import Agency


def _dossier_or_404(request: HttpRequest, code: str) -> Dossier:
    dossier = dossier_get_for_officer(user=request.user, code=code)
    if dossier is None:
        raise Http404
    return dossier


def _officers(dossier: Dossier):
    roles = [Role.PROCESSING_OFFICER, Role.AGENCY_HEAD]
    return User.objects.filter(agency_id=dossier.holder_agency_id, role__in=roles, is_active=True)


def _transfer_targets(dossier: Dossier):
    offering = Offering.objects.filter(
        procedure_id=dossier.procedure_version.procedure_id, is_active=True
    )
    return (
        Agency.objects.filter(pk__in=offering.values("agency"))
        .exclude(pk=dossier.holder_agency_id)
        .select_related("unit")
    )


def plain(form_class) -> Callable:
    return lambda dossier, data, prefix: form_class(data, prefix=prefix)


# action → (form factory(dossier, data, prefix), service call(dossier, actor, cleaned data))
ACTIONS: dict[str, tuple[Callable, Callable]] = {
    Action.RECEIVE: (
        plain(forms.NoteForm),
        lambda d, u, c: svc.dossier_receive(actor=u, dossier=d),
    ),
    Action.REQUEST_SUPPLEMENT: (
        plain(forms.SupplementForm),
        lambda d, u, c: svc.dossier_request_supplement(
            actor=u, dossier=d, missing=c["missing_list"], reason=c["note"]
        ),
    ),
    Action.REFUSE: (
        plain(forms.ReasonForm),
        lambda d, u, c: svc.dossier_refuse(actor=u, dossier=d, reason=c["note"]),
    ),
    Action.TRANSFER_TO_AGENCY: (
        plain(forms.NoteForm),
        lambda d, u, c: svc.dossier_transfer_to_agency(dossier=d, actor=u),
    ),
    Action.ASSIGN: (
        lambda d, data, prefix: forms.AssignForm(data, prefix=prefix, officers=_officers(d)),
        lambda d, u, c: svc.dossier_assign(
            dossier=d, actor=u, officer=c["officer"], note=c["note"]
        ),
    ),
    Action.FORWARD: (
        plain(forms.NoteForm),
        lambda d, u, c: svc.dossier_forward(dossier=d, actor=u, note=c["note"]),
    ),
    Action.SEND_BACK: (
        plain(forms.ReasonForm),
        lambda d, u, c: svc.dossier_send_back(dossier=d, actor=u, note=c["note"]),
    ),
    Action.TRANSFER: (
        lambda d, data, prefix: forms.TransferForm(
            data, prefix=prefix, agencies=_transfer_targets(d)
        ),
        lambda d, u, c: svc.dossier_transfer(dossier=d, actor=u, to=c["to"], note=c["note"]),
    ),
    Action.PAUSE_SUPPLEMENT: (
        plain(forms.SupplementForm),
        lambda d, u, c: svc.dossier_pause(
            dossier=d, actor=u, missing=c["missing_list"], reason=c["note"]
        ),
    ),
    Action.PAUSE_FINANCIAL: (
        plain(forms.ReasonForm),
        lambda d, u, c: svc.dossier_pause(dossier=d, actor=u, financial=True, reason=c["note"]),
    ),
    Action.RESUME: (
        plain(forms.NoteForm),
        lambda d, u, c: svc.dossier_resume(dossier=d, actor=u, note=c["note"]),
    ),
    Action.APPROVE: (
        plain(forms.ApproveForm),
        lambda d, u, c: svc.dossier_decide(
            dossier=d, actor=u, approved=True, document=c["document"]
        ),
    ),
    Action.DENY: (
        plain(forms.ReasonForm),
        lambda d, u, c: svc.dossier_decide(dossier=d, actor=u, approved=False, reason=c["note"]),
    ),
    Action.RETURN_RESULT: (
        plain(forms.ReturnForm),
        lambda d, u, c: svc.dossier_return_result(
            dossier=d,
            actor=u,
            method=c["method"],
            returned_to=c["returned_to"],
            fee_receipt=c["fee_receipt"],
        ),
    ),
    Action.WITHDRAW: (
        plain(forms.ReasonForm),
        lambda d, u, c: svc.dossier_withdraw(dossier=d, actor=u, reason=c["note"]),
    ),
    Action.STOP: (
        plain(forms.ReasonForm),
        lambda d, u, c: svc.dossier_stop(dossier=d, actor=u, reason=c["note"]),
    ),
    Action.LATE_NOTICE: (
        plain(forms.LateNoticeForm),
        lambda d, u, c: svc.dossier_late_notice(
            dossier=d, actor=u, reason=c["note"], new_due_at=c["new_due_at"]
        ),
    ),
}


RATING_STATUSES = frozenset({DossierStatus.PROCESSED, DossierStatus.RETURNED})


def _form(action: str, dossier: Dossier, data=None):
    return ACTIONS[action][0](dossier, data, action)


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
        (a, Action(a).label, (bound or {}).get(a) or _form(a, dossier)) for a in actions
    ]
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
    form = _form(action, dossier, request.POST)
    if form.is_valid():
        cleaned = dict(form.cleaned_data)
        if isinstance(form, forms.SupplementForm):
            cleaned["missing_list"] = form.missing_list()
        try:
            ACTIONS[action][1](dossier, request.user, cleaned)
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
    if request.GET.get("html"):
        return HttpResponse(render_html(kind, dossier=dossier, event_id=event_id))
    pdf = render_pdf(kind, dossier=dossier, event_id=event_id)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="mau-{kind}-{dossier.code}.pdf"'
    return response
