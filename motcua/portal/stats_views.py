"""The public statistics page: dossiers resolved early, on time and late, per agency."""

from django import forms
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.reports.periods import year_period
from motcua.reports.selectors import ResolutionStats, resolution_stats

CACHE_SECONDS = 300  # public and costly: recomputed at most every five minutes
YEARS_SHOWN = 10


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args, this_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        years = range(this_year, this_year - YEARS_SHOWN, -1)
        self.fields["year"].choices = [(y, str(y)) for y in years]


def _stats(year: int) -> ResolutionStats:
    def compute() -> ResolutionStats:
        period = year_period(year)
        return resolution_stats(start=period.start, end=period.end, at=timezone.now())

    return cache.get_or_set(f"motcua:reports:resolution:{year}", compute, CACHE_SECONDS)


def statistics(request: HttpRequest) -> HttpResponse:
    this_year = timezone.localdate().year
    form = YearForm(request.GET or {"year": this_year}, this_year=this_year)
    if not form.is_valid():
        return render(request, "portal/statistics.html", {"form": form}, status=400)
    year = form.cleaned_data["year"]
    return render(
        request,
        "portal/statistics.html",
        {"form": form, "year": year, "stats": _stats(year)},
    )
