from itertools import groupby

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from motcua.accounts.permissions import is_staff_member, visible_agencies


@login_required
def home(request: HttpRequest) -> HttpResponse:
    if not is_staff_member(request.user):
        # Citizens land on their own dossiers after logging in.
        return redirect("portal:my_dossiers" if request.user.is_authenticated else "portal:home")
    agencies = visible_agencies(request.user).select_related("unit").order_by("unit__code", "name")
    by_unit = [(unit, list(group)) for unit, group in groupby(agencies, key=lambda a: a.unit)]
    return render(request, "backoffice/home.html", {"agencies_by_unit": by_unit})
