"""Feedback in the back office: the list in the person's scope, one feedback with its history
and the actions this person may take, and feedback received at the desk or by phone."""

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts.models import User
from motcua.backoffice.decorators import staff_required
from motcua.core.errors import DomainError
from motcua.feedback import forms
from motcua.feedback import services as svc
from motcua.feedback.enums import FeedbackAction, FeedbackStatus
from motcua.feedback.models import Feedback
from motcua.feedback.permissions import RULES, allowed_actions, can_record
from motcua.feedback.selectors import (
    feedback_counts_for_officer,
    feedback_events,
    feedback_get_for_officer,
    feedback_list_for_officer,
)
from motcua.feedback.timing import due_state
from motcua.organization.models import Agency
from motcua.workdays.selectors import calendar_for_unit

A = FeedbackAction


def _feedback_or_404(request: HttpRequest, code: str) -> Feedback:
    feedback = feedback_get_for_officer(user=request.user, code=code)
    if feedback is None:
        raise Http404
    return feedback


def _route_targets(feedback: Feedback) -> QuerySet[Agency]:
    """Agencies of the feedback's unit, of the unit above it and of the units below it."""
    unit = feedback.agency.unit
    nearby = Q(unit=unit) | Q(unit__parent=unit)
    if unit.parent_id is not None:
        nearby |= Q(unit_id=unit.parent_id)
    return (
        Agency.objects.filter(nearby, is_active=True)
        .exclude(pk=feedback.agency_id)
        .select_related("unit")
        .order_by("unit__name", "name")
    )


def _note(cleaned: dict) -> str:
    return cleaned.get("note", "")


# action → (form factory(feedback, user, data, prefix), service call(feedback, user, cleaned))
ACTIONS: dict[str, tuple[Callable, Callable]] = {
    A.ACCEPT: (
        lambda f, u, data, p: forms.AcceptForm(data, prefix=p, feedback=f),
        lambda f, u, c: svc.feedback_accept(
            feedback=f, actor=u, complex_case=c.get("complex_case", False), note=_note(c)
        ),
    ),
    A.ANSWER: (
        lambda f, u, data, p: forms.AnswerForm(data, prefix=p, may_publish=RULES[A.PUBLISH](u, f)),
        lambda f, u, c: svc.feedback_answer(
            feedback=f, actor=u, answer=c["answer"], publish=c.get("publish", False)
        ),
    ),
    A.ROUTE: (
        lambda f, u, data, p: forms.RouteForm(data, prefix=p, agencies=_route_targets(f)),
        lambda f, u, c: svc.feedback_route(feedback=f, actor=u, to=c["to"], reason=c["reason"]),
    ),
    A.REJECT: (
        lambda f, u, data, p: forms.ReasonForm(data, prefix=p),
        lambda f, u, c: svc.feedback_reject(feedback=f, actor=u, reason=c["reason"]),
    ),
    A.PUBLISH: (
        lambda f, u, data, p: forms.NoteForm(data, prefix=p),
        lambda f, u, c: svc.feedback_publish(feedback=f, actor=u),
    ),
    A.UNPUBLISH: (
        lambda f, u, data, p: forms.NoteForm(data, prefix=p),
        lambda f, u, c: svc.feedback_unpublish(feedback=f, actor=u, note=_note(c)),
    ),
}


def _form(action: str, feedback: Feedback, user: User, data=None):
    return ACTIONS[action][0](feedback, user, data, action)


@staff_required
def feedback_list(request: HttpRequest) -> HttpResponse:
    user, now = request.user, timezone.now()
    form = forms.FeedbackFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    feedback = feedback_list_for_officer(
        user=user,
        status=filters.get("status", ""),
        kind=filters.get("kind", ""),
        due=filters.get("due", ""),
        at=now,
    )
    page = Paginator(feedback, settings.MOTCUA_PAGE_SIZE).get_page(request.GET.get("page"))
    calendars: dict = {}
    rows = [(item, _due_state(item, now, calendars)) for item in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    counts = feedback_counts_for_officer(user=user)
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "query": query.urlencode(),
        "counts": [(s.label, counts[s]) for s in FeedbackStatus if counts.get(s)],
        "total": sum(counts.values()),
        "may_record": can_record(user),
    }
    return render(request, "backoffice/feedback_list.html", context)


def _due_state(feedback: Feedback, now, calendars: dict):
    unit_id = feedback.agency.unit_id
    if unit_id not in calendars:  # one calendar per unit and request, not per row
        calendars[unit_id] = calendar_for_unit(unit_id=unit_id)
    return due_state(feedback, at=now, calendar=calendars[unit_id])


def _page(request: HttpRequest, feedback: Feedback, bound: dict | None = None) -> HttpResponse:
    user = request.user
    action_forms = [
        (a, A(a).label, (bound or {}).get(a) or _form(a, feedback, user))
        for a in allowed_actions(user, feedback)
    ]
    context = {
        "feedback": feedback,
        "events": feedback_events(feedback=feedback),
        "files": feedback.files.all(),
        "due_state": _due_state(feedback, timezone.now(), {}),
        "action_forms": action_forms,
    }
    return render(request, "backoffice/feedback_detail.html", context)


@staff_required
def feedback_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _page(request, _feedback_or_404(request, code))


@staff_required
@require_POST
def feedback_action(request: HttpRequest, code: str, action: str) -> HttpResponse:
    feedback = _feedback_or_404(request, code)
    if action not in ACTIONS:
        raise Http404
    form = _form(action, feedback, request.user, request.POST)
    if form.is_valid():
        try:
            ACTIONS[action][1](feedback, request.user, form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("%(action)s: done for feedback %(code)s.")
                % {"action": A(action).label, "code": feedback.code},
            )
            return _after(request, feedback)
    response = _page(request, _feedback_or_404(request, code), bound={action: form})
    response.status_code = 400
    return response


def _after(request: HttpRequest, feedback: Feedback) -> HttpResponse:
    """Back to the feedback, or to the list once it has left this person's scope."""
    if feedback_get_for_officer(user=request.user, code=feedback.code) is None:
        return redirect("backoffice:feedback_list")
    return redirect("backoffice:feedback", code=feedback.code)


@staff_required
def feedback_record(request: HttpRequest) -> HttpResponse:
    """Feedback told at the desk or on the phone, recorded in the staff member's unit."""
    if not can_record(request.user):
        raise PermissionDenied
    form = forms.DeskFeedbackForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        feedback = _record(request, form)
        if feedback is not None:
            messages.success(
                request,
                _(
                    "Feedback %(code)s recorded. Give the citizen the tracking code "
                    "and the lookup secret %(secret)s: it is not shown again."
                )
                % {"code": feedback.code, "secret": feedback.lookup_secret},
            )
            return _after(request, feedback)
    status = 400 if request.method == "POST" else 200
    return render(request, "backoffice/feedback_record.html", {"form": form}, status=status)


def _record(request: HttpRequest, form: forms.DeskFeedbackForm) -> Feedback | None:
    try:
        return svc.feedback_submit(
            submission=form.submission(unit=request.user.agency.unit),
            idempotency_key=f"desk:{form.cleaned_data['idempotency_key']}",
            recorded_by=request.user,
        )
    except svc.FeedbackInvalid as exc:
        forms.add_service_errors(form, exc.errors)
    except svc.FileRefused as exc:
        form.add_error("files", str(exc))
    except DomainError as exc:
        form.add_error(None, str(exc))
    return None


@staff_required
def feedback_file(request: HttpRequest, code: str, token: str) -> FileResponse:
    feedback = _feedback_or_404(request, code)
    stored = feedback.files.filter(token=token).first()
    if stored is None:
        raise Http404
    return FileResponse(
        stored.file.open("rb"),
        as_attachment=True,
        filename=stored.original_name,
        content_type=stored.content_type,
    )
