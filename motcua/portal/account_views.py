"""Citizen accounts: register, confirm the e-mail address, see one's own dossiers."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from motcua.accounts.enums import Role
from motcua.accounts.forms import CitizenRegistrationForm
from motcua.accounts.services import VerificationFailed, citizen_register, citizen_verify_email
from motcua.dossiers.enums import DossierStatus
from motcua.dossiers.selectors import dossier_list_for_officer


@never_cache
def register(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("portal:my_dossiers")
    form = CitizenRegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        citizen_register(
            full_name=data["full_name"],
            email=data["email"],
            phone=data["phone"],
            password=data["password1"],
            # The configured address, never the request's Host header: links in e-mails
            # must not be steerable by whoever sends the request.
            verify_base=f"{settings.SITE_URL}{reverse('portal:register')}xac-minh/",
            login_url=f"{settings.SITE_URL}{reverse('accounts:login')}",
        )
        return redirect("portal:registered")
    return render(request, "portal/register.html", {"form": form})


def registered(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/registered.html")


@never_cache
def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user = citizen_verify_email(token=token)
    except VerificationFailed as exc:
        return render(request, "portal/verify_failed.html", {"error": str(exc)}, status=400)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, _("Your e-mail address is confirmed. Welcome!"))
    return redirect("portal:my_dossiers")


@login_required
def my_dossiers(request: HttpRequest) -> HttpResponse:
    if request.user.role != Role.CITIZEN:
        return redirect("backoffice:home")
    dossiers = dossier_list_for_officer(user=request.user).order_by("-pk")
    page = Paginator(dossiers, 20).get_page(request.GET.get("page"))
    return render(request, "portal/my_dossiers.html", {"page": page, "statuses": DossierStatus})
