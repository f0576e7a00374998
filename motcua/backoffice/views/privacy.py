"""The access log: who on the staff opened which record with personal data, and when."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.backoffice.decorators import staff_required
from motcua.privacy.forms import AccessLogFilterForm
from motcua.privacy.selectors import (
    access_log_allowed,
    access_log_for_staff,
    access_log_staff_choices,
)

PAGE_SIZE = 50


@staff_required
def access_log(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not access_log_allowed(user):
        raise PermissionDenied
    form = AccessLogFilterForm(request.GET or None, staff=access_log_staff_choices(user=user))
    filters = form.cleaned_data if form.is_valid() else {}
    entries = access_log_for_staff(
        user=user,
        record_code=(filters.get("code") or "").strip(),
        actor=filters.get("actor"),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "backoffice/access_log.html",
        {"form": form, "page": page, "query": query.urlencode()},
        status=400 if form.errors else 200,
    )
