from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.catalog.forms import CatalogueSearchForm
from motcua.catalog.selectors import (
    agency_list_offering,
    component_get_form,
    field_list,
    procedure_get_public,
    procedure_list_public,
)
from motcua.organization.selectors import unit_list_with_children
from motcua.outreach.selectors import post_list_public

HOME_POSTS = 4  # latest news on the home page, pinned first


def home(request: HttpRequest) -> HttpResponse:
    form = CatalogueSearchForm(fields=[], agencies=[])
    return render(
        request,
        "portal/home.html",
        {
            "units": unit_list_with_children(),
            "search_form": form,
            "posts": post_list_public(limit=HOME_POSTS),
        },
    )


def procedure_list(request: HttpRequest) -> HttpResponse:
    form = CatalogueSearchForm(
        request.GET or None, fields=list(field_list()), agencies=list(agency_list_offering())
    )
    filters = form.cleaned_data if form.is_valid() else {}
    procedures = procedure_list_public(
        query=filters.get("q", ""),
        field_code=filters.get("field", ""),
        level=filters.get("level", ""),
        agency_id=filters.get("agency"),
        online_level=filters.get("online", ""),
    )
    page = Paginator(procedures, settings.MOTCUA_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portal/procedure_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


def procedure_detail(request: HttpRequest, code: str) -> HttpResponse:
    procedure = procedure_get_public(code=code)
    if procedure is None:
        raise Http404
    return render(
        request,
        "portal/procedure_detail.html",
        {"procedure": procedure, "version": procedure.current_version},
    )


def form_download(request: HttpRequest, code: str, component_id: int) -> FileResponse:
    component = component_get_form(code=code, component_id=component_id)
    if component is None:
        raise Http404
    return FileResponse(component.form_file.open("rb"), as_attachment=True)
