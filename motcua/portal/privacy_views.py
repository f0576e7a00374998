"""A citizen's account page: their data, its download, and deleting the account."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from motcua.accounts.enums import Role
from motcua.core.errors import DomainError
from motcua.privacy.forms import AccountDeleteForm
from motcua.privacy.services import WrongPassword, account_delete, privacy_export


def _citizen_only(request: HttpRequest) -> HttpResponse | None:
    if request.user.role != Role.CITIZEN:
        return redirect("backoffice:home")
    return None


@never_cache
@login_required
def account(request: HttpRequest) -> HttpResponse:
    return _citizen_only(request) or render(request, "portal/account.html")


@never_cache
@login_required
@require_POST
def account_export(request: HttpRequest) -> HttpResponse:
    if refused := _citizen_only(request):
        return refused
    try:
        export = privacy_export(user=request.user, with_files=request.POST.get("files") == "1")
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("portal:account")
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


@never_cache
@login_required
def account_delete_view(request: HttpRequest) -> HttpResponse:
    if refused := _citizen_only(request):
        return refused
    form = AccountDeleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            account_delete(user=request.user, password=form.cleaned_data["password"])
        except WrongPassword as exc:
            form.add_error("password", str(exc))
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            logout(request)
            return redirect("portal:account_deleted")
    status = 400 if form.errors else 200
    return render(request, "portal/account_delete.html", {"form": form}, status=status)


def account_deleted(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/account_deleted.html")
