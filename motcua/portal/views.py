from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.organization.selectors import unit_list_with_children


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {"units": unit_list_with_children()})
