"""The applicant's side of a dossier: submit online, look it up, supply, download slips."""

import uuid

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from motcua.accounts.enums import Role
from motcua.catalog.enums import OnlineLevel
from motcua.catalog.selectors import procedure_get_public
from motcua.core.errors import DomainError
from motcua.core.ratelimit import lookup_failed, lookup_refused
from motcua.dossiers import services as svc
from motcua.dossiers.enums import DossierStatus, Phase
from motcua.dossiers.forms import add_service_errors
from motcua.dossiers.models import Dossier
from motcua.dossiers.online_forms import LookupForm, OnlineApplicationForm, SupplyForm
from motcua.dossiers.permissions import applicant_may_supply
from motcua.dossiers.selectors import (
    dossier_find_public,
    dossier_open_request,
    dossier_public_timeline,
)
from motcua.dossiers.slips import Slip, available_slips, render_pdf
from motcua.dossiers.timing import calendar_for, effective_due
from motcua.feedback.selectors import rating_allowed, rating_for_dossier
from motcua.organization.models import Agency
from motcua.portal.access import unlock, unlocked_dossier

# Slips the applicant may download (the control sheet and the register stay inside).
APPLICANT_SLIPS = (Slip.RECEIPT, Slip.SUPPLEMENT, Slip.REFUSAL, Slip.APOLOGY)


def _citizen(request: HttpRequest):
    user = request.user
    return user if user.is_authenticated and user.role == Role.CITIZEN else None


def _online_procedure(code: str):
    procedure = procedure_get_public(code=code)
    if procedure is None or procedure.current_version.online_level == OnlineLevel.NONE:
        raise Http404
    return procedure


def _submission_form(request: HttpRequest, procedure, data=None, files=None):
    agencies = Agency.objects.filter(
        pk__in=[o.agency_id for o in procedure.offerings.all()]
    ).select_related("unit")
    initial = {"token": uuid.uuid4().hex}
    citizen = _citizen(request)
    if citizen is not None:
        initial.update(name=citizen.full_name, email=citizen.email, phone=citizen.phone)
    return OnlineApplicationForm(
        data, files, version=procedure.current_version, agencies=agencies, initial=initial
    )


@never_cache
def online_submit(request: HttpRequest, code: str) -> HttpResponse:
    procedure = _online_procedure(code)
    form = _submission_form(request, procedure, request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = svc.dossier_submit_online(
                application=form.application(),
                idempotency_key=f"portal:{form.cleaned_data['token']}",
                citizen=_citizen(request),
                scans=form.scans(),
            )
        except svc.ApplicationInvalid as exc:
            add_service_errors(form, exc.errors)
        except svc.IdempotencyKeyReused:
            form.data = form.data.copy()
            form.data["token"] = uuid.uuid4().hex  # sending again makes a new dossier
            form.add_error(None, _("This form was already sent for another application."))
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            unlock(request, dossier)
            return redirect("portal:submitted", code=dossier.code)
    status = 400 if request.method == "POST" else 200
    context = {
        "procedure": procedure,
        "version": procedure.current_version,
        "form": form,
        "max_mb": settings.MOTCUA_MAX_UPLOAD_BYTES // 1_000_000,
    }
    return render(request, "portal/online_submit.html", context, status=status)


def _unlocked_or_404(request: HttpRequest, code: str) -> Dossier:
    dossier = unlocked_dossier(request, code)
    if dossier is None:
        raise Http404
    return dossier


@never_cache
def submitted(request: HttpRequest, code: str) -> HttpResponse:
    dossier = _unlocked_or_404(request, code)
    if dossier.submitted_at is None:
        raise Http404
    calendar = calendar_for(dossier)
    context = {
        "dossier": dossier,
        "counted_from": calendar.next_opening(dossier.submitted_at),
        "lookup_url": f"{settings.SITE_URL}/tra-cuu/",
    }
    return render(request, "portal/submitted.html", context)


@never_cache
def lookup(request: HttpRequest) -> HttpResponse:
    """Find a dossier by code and secret (typed, or from the QR code on the receipt)."""
    form = LookupForm(request.GET if "code" in request.GET else None)
    status = 200
    if form.is_bound and form.is_valid():
        code, secret = form.cleaned_data["code"], form.cleaned_data["secret"]
        if lookup_refused(request, code):
            form.add_error(None, _("Too many attempts. Wait a few minutes and try again."))
            status = 429
        else:
            dossier = dossier_find_public(code=code, secret=secret)
            if dossier is not None:
                unlock(request, dossier)
                return redirect("portal:dossier", code=dossier.code)
            lookup_failed(code)
            form.add_error(None, _("No dossier matches this code and lookup code."))
            status = 404
    return render(request, "portal/lookup.html", {"form": form}, status=status)


def _slips_for_applicant(dossier: Dossier) -> list[tuple[str, str]]:
    kinds = [k for k in available_slips(dossier) if k in APPLICANT_SLIPS]
    return [(kind, Slip(kind).label) for kind in kinds]


def _appointment(dossier: Dossier) -> dict:
    """The appointment as it stands now: while a pause runs it moves on day by day."""
    if dossier.due_at is None:
        return {"due_shown": None, "due_paused": False}
    due = effective_due(dossier, at=timezone.now(), calendar=calendar_for(dossier))
    return {"due_shown": due, "due_paused": due != dossier.due_at}


@never_cache
def dossier_status(request: HttpRequest, code: str) -> HttpResponse:
    dossier = _unlocked_or_404(request, code)
    context = {
        "dossier": dossier,
        **_appointment(dossier),
        "timeline": dossier_public_timeline(dossier=dossier),
        "request_open": dossier_open_request(dossier=dossier),
        "can_supply": applicant_may_supply(_citizen(request), dossier),
        "slips": _slips_for_applicant(dossier),
        "can_rate": rating_allowed(dossier=dossier),
        "rating": rating_for_dossier(dossier=dossier),
        "statuses": DossierStatus,
        "phases": Phase,
    }
    return render(request, "portal/dossier_status.html", context)


@never_cache
def dossier_supply(request: HttpRequest, code: str) -> HttpResponse:
    dossier = _unlocked_or_404(request, code)
    actor = _citizen(request)
    if not applicant_may_supply(actor, dossier):
        messages.info(request, _("Nothing is asked of you for this dossier now."))
        return redirect("portal:dossier", code=code)
    form = SupplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            svc.dossier_supply(
                dossier=dossier, scans=form.scans(), actor=actor, note=form.cleaned_data["note"]
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Thank you: your documents were sent to the officer."))
            return redirect("portal:dossier", code=code)
    context = {
        "dossier": dossier,
        "form": form,
        "request_open": dossier_open_request(dossier=dossier),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "portal/dossier_supply.html", context, status=status)


def dossier_slip(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    dossier = _unlocked_or_404(request, code)
    if kind not in APPLICANT_SLIPS or kind not in available_slips(dossier):
        raise Http404
    response = HttpResponse(render_pdf(kind, dossier=dossier), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="mau-{kind}-{dossier.code}.pdf"'
    return response
