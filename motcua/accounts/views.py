"""Logging in: the password, the second factor of staff, and the lockout page."""

from datetime import timedelta
from urllib.parse import urlencode

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import user_has_device

from motcua.accounts import otp_services
from motcua.accounts.forms import SecondFactorCodeForm, TotpConfirmForm
from motcua.accounts.permissions import may_use_second_factor, second_factor_required
from motcua.accounts.selectors import second_factor_step
from motcua.core.errors import DomainError
from motcua.dossiers.slips.qr import qr_svg

PENDING_KEY = "motcua_totp_pending_key"
NEW_CODES = "motcua_recovery_codes"
STEP_VIEWS = {"verify": "accounts:otp_verify", "enrol": "accounts:otp_setup"}


def _next(request: HttpRequest) -> str:
    """The safe address to go on to after a login step."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _step_url(step: str, target: str) -> str:
    return f"{reverse(STEP_VIEWS[step])}?{urlencode({'next': target})}"


class PasswordLoginView(LoginView):
    """Django's login, then the second factor when the account has or needs one."""

    redirect_authenticated_user = True

    def get_success_url(self) -> str:
        target = super().get_success_url()
        step = second_factor_step(self.request.user)
        return _step_url(step, target) if step else target


def locked_out(request: HttpRequest, response=None, credentials=None) -> HttpResponse:
    """The answer to a login refused by the lockout (``AXES_LOCKOUT_CALLABLE``).

    The same for every name typed, known or not: it says only when to try again.
    """
    cool_off = get_cool_off(request) or timedelta(0)
    context = {
        "retry_at": timezone.localtime(timezone.now() + cool_off),
        "minutes": max(1, round(cool_off.total_seconds() / 60)),
    }
    return render(request, "registration/locked_out.html", context, status=429)


def _count_failure(request: HttpRequest) -> bool:
    """Count a wrong code as a failed login; True when that locked the login out."""
    credentials = {"username": request.user.get_username()}
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    return bool(getattr(request, "axes_locked_out", False))


@sensitive_post_parameters("code")
@never_cache
def otp_verify(request: HttpRequest) -> HttpResponse:
    """The second step of a staff login: a code from the app, or a recovery code."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?{urlencode({'next': _next(request)})}")
    if second_factor_step(request.user) != "verify":
        return redirect(_next(request))
    if AxesProxyHandler.is_locked(request, {"username": request.user.get_username()}):
        logout(request)
        return locked_out(request)
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = otp_services.second_factor_verify(
                user=request.user, code=form.cleaned_data["code"]
            )
        except otp_services.CodeRefused as error:
            if _count_failure(request):
                logout(request)  # the half-done login ends here
                return locked_out(request)
            form.add_error("code", str(error))
        except DomainError as error:
            form.add_error("code", str(error))
        else:
            request.session.cycle_key()
            otp_login(request, device)
            return redirect(_next(request))
    status = 400 if form.errors else 200
    return render(
        request, "accounts/otp_verify.html", {"form": form, "next": _next(request)}, status=status
    )


def _staff_only(request: HttpRequest) -> None:
    if not may_use_second_factor(request.user):
        raise PermissionDenied


def _labelled(svg: SafeString, label: str) -> SafeString:
    """The QR code with a name screen readers announce."""
    named = format_html('role="img" aria-label="{}" ', label)
    return mark_safe(svg.replace('role="img" ', named, 1))  # noqa: S308 - both parts escaped


@sensitive_post_parameters("code")
@never_cache
@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app: scan the QR code (or type the key), confirm a code."""
    _staff_only(request)
    if second_factor_step(request.user) == "verify":
        # An app is set up and this session has not passed it: no replacing it unseen.
        return redirect(_step_url("verify", request.get_full_path()))
    key = request.session.get(PENDING_KEY) or otp_services.totp_key_new()
    request.session[PENDING_KEY] = key
    form = TotpConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = otp_services.totp_enrol(
                user=request.user, key=key, code=form.cleaned_data["code"]
            )
        except DomainError as error:
            form.add_error("code", str(error))
        else:
            del request.session[PENDING_KEY]
            request.session.cycle_key()
            otp_login(request, device)
            request.session[NEW_CODES] = codes
            messages.success(request, _("Two-step login is on for your account."))
            query = urlencode({"next": _next(request)})
            return redirect(f"{reverse('accounts:otp_recovery')}?{query}")
    url = otp_services.totp_config_url(user=request.user, key=key)
    context = {
        "form": form,
        "qr": _labelled(qr_svg(url), _("QR code for the authenticator app")),
        "key_text": otp_services.totp_key_text(key),
        "required": second_factor_required(request.user),
        "replacing": user_has_device(request.user),
        "next": _next(request),
    }
    return render(request, "accounts/otp_setup.html", context, status=400 if form.errors else 200)


@never_cache
@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """The account's two-step login: whether it is on, and what can be done about it."""
    _staff_only(request)
    context = {
        "enrolled": user_has_device(request.user),
        "required": second_factor_required(request.user),
    }
    return render(request, "accounts/two_factor.html", context)


@never_cache
@login_required
def otp_recovery(request: HttpRequest) -> HttpResponse:
    """New recovery codes: shown once (after setting up, or on asking for a new set)."""
    _staff_only(request)
    if request.method == "POST":
        try:
            request.session[NEW_CODES] = otp_services.recovery_codes_renew(user=request.user)
        except DomainError as error:
            messages.error(request, str(error))
            return redirect("accounts:two_factor")
        return redirect("accounts:otp_recovery")
    codes = request.session.pop(NEW_CODES, None)
    if codes is None:
        return redirect("accounts:two_factor")
    return render(request, "accounts/otp_recovery.html", {"codes": codes, "next": _next(request)})


@require_POST
@login_required
def otp_remove(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    try:
        otp_services.second_factor_remove(user=request.user, by=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Two-step login is off for your account."))
    return redirect("accounts:two_factor")
