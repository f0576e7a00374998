"""The one-stop desk: find the procedure, check the dossier, receive / ask / refuse."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.enums import Role
from motcua.backoffice.decorators import staff_required
from motcua.catalog.selectors import offering_agencies, procedure_get_public, procedure_list_public
from motcua.core.errors import DomainError
from motcua.dossiers import forms
from motcua.dossiers.selectors import applicant_latest, desk_queue
from motcua.dossiers.services import (
    ApplicationInvalid,
    Scan,
    dossier_receive,
    dossier_refuse,
    dossier_request_supplement,
)
from motcua.dossiers.timing import due_preview


def _desk_officer(request: HttpRequest) -> None:
    if request.user.role != Role.DESK_OFFICER:
        raise PermissionDenied


@staff_required
def desk_home(request: HttpRequest) -> HttpResponse:
    """Search the procedures the desk's unit handles, and the queue of online submissions."""
    _desk_officer(request)
    query = request.GET.get("q", "")[:200]
    unit_id = request.user.agency.unit_id
    procedures = procedure_list_public(query=query, unit_id=unit_id)
    page = Paginator(procedures, 15).get_page(request.GET.get("page"))
    return render(
        request,
        "backoffice/desk_home.html",
        {
            "query": query,
            "page": page,
            "queue": desk_queue(user=request.user)[:50],
        },
    )


def _initial(request: HttpRequest) -> dict:
    """Re-use what a known applicant gave last time (looked up by their ID number)."""
    known = applicant_latest(user=request.user, id_number=request.GET.get("known", ""))
    if known is None:
        return {}
    return {
        "applicant_kind": known.applicant_kind,
        "name": known.applicant_name,
        "id_number": known.applicant_id_number,
        "phone": known.applicant_phone,
        "email": known.applicant_email,
        "address": known.applicant_address,
    }


@staff_required
def desk_receive(request: HttpRequest, code: str) -> HttpResponse:
    _desk_officer(request)
    procedure = procedure_get_public(code=code)
    if procedure is None:
        raise Http404
    version = procedure.current_version
    agencies = offering_agencies(procedure=procedure, unit_id=request.user.agency.unit_id)
    if not agencies.exists():
        raise Http404
    post = request.method == "POST"
    form = forms.ReceptionForm(
        request.POST if post else None,
        version=version,
        agencies=agencies,
        initial=_initial(request),
    )
    rows = forms.ComponentFormSet(
        request.POST if post else None,
        request.FILES if post else None,
        initial=forms.component_initial(version),
        prefix="c",
    )
    context = {"procedure": procedure, "version": version, "form": form, "rows": rows}
    if post and form.is_valid() and rows.is_valid():
        outcome = _act(request, form, rows, context)
        if outcome is not None:
            return outcome
    return render(request, "backoffice/desk_receive.html", _with_components(context, version))


def _with_components(context: dict, version) -> dict:
    catalogue = list(version.components.all())
    context["component_rows"] = list(zip(catalogue, context["rows"].forms, strict=False))
    return context


def _act(request: HttpRequest, form, rows, context: dict) -> HttpResponse | None:
    """Run the button pressed; None means show the form again (preview or errors)."""
    received, missing = forms.received_components(form.version, rows)
    application = forms.application_from(form, received)
    action = request.POST.get("action", "preview")
    if action == "preview":
        context["preview"] = due_preview(
            version=form.version,
            channel=form.cleaned_data["channel"],
            case_name=form.cleaned_data["case_name"],
            unit_id=request.user.agency.unit_id,
            at=timezone.now(),
        )
        context["missing"] = missing
        return None
    reason = form.cleaned_data["reason"].strip()
    missing += [
        line.strip() for line in form.cleaned_data["other_missing"].splitlines() if line.strip()
    ]
    try:
        if action == "receive":
            dossier = dossier_receive(
                actor=request.user, application=application, scans=_scans(rows)
            )
            messages.success(
                request,
                _("Dossier %s received. Print the receipt (form 01) for both copies.")
                % dossier.code,
            )
            return redirect(reverse("backoffice:dossier", args=[dossier.code]) + "#slips")
        if action == "supplement":
            dossier = dossier_request_supplement(
                actor=request.user, application=application, missing=missing, reason=reason
            )
            messages.success(
                request,
                _("Supplement requested for %s. Print form 02 for the applicant.") % dossier.code,
            )
            return redirect(reverse("backoffice:dossier", args=[dossier.code]) + "#slips")
        if action == "refuse":
            dossier = dossier_refuse(actor=request.user, application=application, reason=reason)
            messages.success(
                request, _("Dossier %s refused. Print form 03 for the applicant.") % dossier.code
            )
            return redirect(reverse("backoffice:dossier", args=[dossier.code]) + "#slips")
    except ApplicationInvalid as exc:
        forms.add_service_errors(form, exc.errors)
    except DomainError as exc:
        form.add_error(None, str(exc))
    return None


def _scans(rows) -> list[Scan]:
    return [
        Scan(name=row["scan"].name, data=row["scan"].read(), component_id=row["component_id"])
        for row in rows.cleaned_data
        if row.get("scan")
    ]
