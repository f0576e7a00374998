"""Mẫu 06: the register of a desk for a period, on screen, as PDF and as Excel."""

from datetime import date, timedelta

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.enums import Role
from motcua.backoffice.decorators import staff_required
from motcua.dossiers.register_export import register_xlsx
from motcua.dossiers.slips import register_context, render_pdf
from motcua.organization.enums import RECEPTION_KINDS

MAX_DAYS = 366


class PeriodForm(forms.Form):
    date_from = forms.DateField(label=_("From"), help_text=_("dd/mm/yyyy"))
    date_to = forms.DateField(label=_("To"), help_text=_("dd/mm/yyyy"))

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The period ends before it starts."))
        if start and end and (end - start).days > MAX_DAYS:
            raise forms.ValidationError(_("Choose a period of at most one year."))
        return data


@staff_required
def register(request: HttpRequest) -> HttpResponse:
    desk = request.user.agency
    if desk.kind not in RECEPTION_KINDS or request.user.role == Role.CITIZEN:
        raise PermissionDenied
    today = timezone.localdate()
    form = PeriodForm(
        request.GET or {"date_from": today - timedelta(days=today.day - 1), "date_to": today}
    )
    if not form.is_valid():
        return render(request, "backoffice/register.html", {"form": form}, status=400)
    start: date = form.cleaned_data["date_from"]
    end: date = form.cleaned_data["date_to"]
    fmt = request.GET.get("format")
    name = f"so-theo-doi-{start:%Y%m%d}-{end:%Y%m%d}"
    if fmt == "pdf":
        pdf = render_pdf("06", desk=desk, date_from=start, date_to=end, public=True)
        return _download(pdf, "application/pdf", f"{name}.pdf")
    # Lists show phone numbers masked; in full only on the dossier page.
    context = register_context(desk, start, end, public=True)
    if fmt == "xlsx":
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return _download(register_xlsx(context), mime, f"{name}.xlsx")
    query = f"date_from={start:%d/%m/%Y}&date_to={end:%d/%m/%Y}"
    return render(
        request, "backoffice/register.html", {"form": form, "register": context, "query": query}
    )


def _download(data: bytes, mime: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
