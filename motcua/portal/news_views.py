"""Public news and announcements of the e-portal."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from motcua.outreach.selectors import post_get_public, post_list_public

PAGE_SIZE = 10


def news_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(post_list_public(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/news_list.html", {"page": page})


def news_detail(request: HttpRequest, slug: str) -> HttpResponse:
    post = post_get_public(slug=slug)
    if post is None:
        raise Http404
    return render(request, "portal/news_detail.html", {"post": post})
