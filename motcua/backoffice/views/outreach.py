"""Outreach sessions and procedure reviews: yearly lists with totals, record and correct them,
and move a review through its statuses."""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.backoffice.decorators import staff_required
from motcua.core.errors import DomainError
from motcua.outreach import review_services, session_services
from motcua.outreach.enums import REVIEW_TRANSITIONS, ReviewAction, ReviewStatus
from motcua.outreach.models import OutreachSession, ProcedureReview
from motcua.outreach.permissions import can_keep_records
from motcua.outreach.record_forms import ReviewForm, ReviewStatusForm, SessionForm, YearForm
from motcua.outreach.record_selectors import (
    record_agency_choices,
    record_years,
    review_events,
    review_get_for_staff,
    review_list_for_staff,
    review_procedure_choices,
    session_get_for_staff,
    session_list_for_staff,
    session_unit_choices,
)
from motcua.outreach.review_services import review_allows
from motcua.outreach.summary import outreach_totals, review_totals


def keeper_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Administrators, unit leaders and agency heads only; other staff get a 403."""

    @staff_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not can_keep_records(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _year(request: HttpRequest) -> tuple[YearForm, int]:
    """The year asked for in ``?year=``, the current one when absent or not offered."""
    form = YearForm(request.GET or None, years=record_years(user=request.user))
    year = form.cleaned_data["year"] if form.is_valid() else timezone.localdate().year
    return form, year


def _list_context(request: HttpRequest, select: Callable[[int], QuerySet]) -> dict:
    """The year form, the year's rows (``select(year)``) and the page of them to show."""
    form, year = _year(request)
    rows = select(year)
    page = Paginator(rows, settings.MOTCUA_PAGE_SIZE).get_page(request.GET.get("page"))
    may_write = can_keep_records(request.user)
    return {"form": form, "year": year, "rows": rows, "page": page, "may_write": may_write}


# Sessions ---------------------------------------------------------------------------------------


@staff_required
def outreach_list(request: HttpRequest) -> HttpResponse:
    context = _list_context(request, lambda y: session_list_for_staff(user=request.user, year=y))
    context["totals"] = outreach_totals(sessions=context["rows"])
    context["query"] = f"year={context['year']}"
    return render(request, "backoffice/outreach_list.html", context)


def _session_form(request: HttpRequest, session: OutreachSession | None = None) -> SessionForm:
    user = request.user
    return SessionForm(
        request.POST or None,
        agencies=record_agency_choices(user=user),
        units=session_unit_choices(user=user),
        session=session,
    )


def _session_page(request, form, session=None, status=200) -> HttpResponse:
    context = {"form": form, "session": session}
    return render(request, "backoffice/outreach_form.html", context, status=status)


def _save_session(request: HttpRequest, form: SessionForm, session=None) -> HttpResponse:
    if not form.is_valid():
        return _session_page(request, form, session, status=400)
    try:
        if session is None:
            session = session_services.session_create(actor=request.user, details=form.details())
        else:
            session_services.session_update(
                session=session, actor=request.user, details=form.details()
            )
    except DomainError as error:
        form.add_error(None, str(error))
        return _session_page(request, form, session, status=400)
    messages.success(request, _("The session is saved."))
    return redirect(f"{reverse('backoffice:outreach_list')}?year={session.held_on.year}")


@keeper_required
def outreach_create(request: HttpRequest) -> HttpResponse:
    form = _session_form(request)
    if request.method != "POST":
        return _session_page(request, form)
    return _save_session(request, form)


@keeper_required
def outreach_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = session_get_for_staff(user=request.user, pk=pk)
    if session is None:
        raise Http404
    form = _session_form(request, session)
    if request.method != "POST":
        return _session_page(request, form, session)
    return _save_session(request, form, session)


# Procedure reviews ------------------------------------------------------------------------------


@staff_required
def review_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in ReviewStatus.values else ""
    context = _list_context(
        request, lambda y: review_list_for_staff(user=request.user, year=y, status=status)
    )
    everything = review_list_for_staff(user=request.user, year=context["year"])
    context.update(totals=review_totals(reviews=everything), status=status)
    context["query"] = f"year={context['year']}&status={status}"
    return render(request, "backoffice/outreach_review_list.html", context)


def _review_or_404(request: HttpRequest, pk: int) -> ProcedureReview:
    review = review_get_for_staff(user=request.user, pk=pk)
    if review is None:
        raise Http404
    return review


def _review_form(request: HttpRequest, review: ProcedureReview | None = None) -> ReviewForm:
    return ReviewForm(
        request.POST or None,
        procedures=review_procedure_choices(),
        agencies=record_agency_choices(user=request.user),
        review=review,
    )


def _review_form_page(request, form, review=None, status=200) -> HttpResponse:
    context = {"form": form, "review": review}
    return render(request, "backoffice/outreach_review_form.html", context, status=status)


def _save_review(request: HttpRequest, form: ReviewForm, review=None) -> HttpResponse:
    if not form.is_valid():
        return _review_form_page(request, form, review, status=400)
    try:
        if review is None:
            review = review_services.review_create(actor=request.user, details=form.details())
        else:
            review_services.review_update(review=review, actor=request.user, details=form.details())
    except DomainError as error:
        form.add_error(None, str(error))
        return _review_form_page(request, form, review, status=400)
    messages.success(request, _("The review is saved."))
    return redirect("backoffice:review_detail", pk=review.pk)


@keeper_required
def review_create(request: HttpRequest) -> HttpResponse:
    form = _review_form(request)
    if request.method != "POST":
        return _review_form_page(request, form)
    return _save_review(request, form)


@keeper_required
def review_edit(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review_or_404(request, pk)
    form = _review_form(request, review)
    if request.method != "POST":
        return _review_form_page(request, form, review)
    return _save_review(request, form, review)


def _next_actions(request: HttpRequest, review: ProcedureReview) -> list[str]:
    if not can_keep_records(request.user):
        return []
    return [a for a in REVIEW_TRANSITIONS if a != ReviewAction.PROPOSE and review_allows(a, review)]


def _review_page(request: HttpRequest, review: ProcedureReview, form=None, status=200):
    actions = _next_actions(request, review)
    context = {
        "review": review,
        "events": review_events(review=review),
        "form": ReviewStatusForm(actions=actions) if form is None and actions else form,
        "may_edit": can_keep_records(request.user) and review.status == ReviewStatus.PROPOSED,
    }
    return render(request, "backoffice/outreach_review_detail.html", context, status=status)


@staff_required
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _review_page(request, _review_or_404(request, pk))


@require_POST
@keeper_required
def review_status(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review_or_404(request, pk)
    form = ReviewStatusForm(request.POST, actions=_next_actions(request, review))
    if form.is_valid():
        action, note = form.cleaned_data["action"], form.cleaned_data["note"]
        try:
            review_services.review_transition(
                review=review, action=action, actor=request.user, note=note
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("The review is now “%(status)s”.") % {"status": review.get_status_display()},
            )
            return redirect("backoffice:review_detail", pk=review.pk)
    return _review_page(request, _review_or_404(request, pk), form, status=400)
