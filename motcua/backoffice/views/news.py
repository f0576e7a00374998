"""News and announcements of the e-portal: write, preview, publish, withdraw."""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.backoffice.decorators import staff_required
from motcua.core.errors import DomainError
from motcua.outreach.forms import PostForm
from motcua.outreach.models import Post
from motcua.outreach.permissions import can_edit_news
from motcua.outreach.selectors import post_get_for_staff, post_list_for_staff, post_unit_choices
from motcua.outreach.services import post_create, post_publish, post_unpublish, post_update


def editor_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Administrators and unit leaders only; other staff get a 403."""

    @staff_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not can_edit_news(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _post_or_404(request: HttpRequest, pk: int) -> Post:
    post = post_get_for_staff(user=request.user, pk=pk)
    if post is None:
        raise Http404
    return post


@editor_required
def news_list(request: HttpRequest) -> HttpResponse:
    posts = post_list_for_staff(user=request.user)
    page = Paginator(posts, settings.MOTCUA_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "backoffice/news_list.html", {"page": page})


def _form_page(request, form, post=None, status=200) -> HttpResponse:
    return render(request, "backoffice/news_form.html", {"form": form, "post": post}, status=status)


@editor_required
def news_create(request: HttpRequest) -> HttpResponse:
    units = post_unit_choices(user=request.user)
    form = PostForm(request.POST or None, units=units)
    if request.method != "POST":
        return _form_page(request, form)
    if not form.is_valid():
        return _form_page(request, form, status=400)
    try:
        post = post_create(
            actor=request.user, unit=form.cleaned_data["unit"], content=form.content()
        )
    except DomainError as error:
        form.add_error(None, str(error))
        return _form_page(request, form, status=400)
    messages.success(request, _("The draft is saved. Check the preview, then publish it."))
    return redirect("backoffice:news_preview", pk=post.pk)


@editor_required
def news_edit(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post_or_404(request, pk)
    units = post_unit_choices(user=request.user)
    form = PostForm(request.POST or None, units=units, post=post)
    if request.method != "POST":
        return _form_page(request, form, post)
    if not form.is_valid():
        return _form_page(request, form, post, status=400)
    try:
        post_update(
            post=post, actor=request.user, unit=form.cleaned_data["unit"], content=form.content()
        )
    except DomainError as error:
        form.add_error(None, str(error))
        return _form_page(request, form, post, status=400)
    messages.success(request, _("The changes are saved."))
    return redirect("backoffice:news_preview", pk=post.pk)


@editor_required
def news_preview(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post_or_404(request, pk)
    return render(request, "backoffice/news_preview.html", {"post": post})


def _change_status(request: HttpRequest, pk: int, service, done: str) -> HttpResponse:
    post = _post_or_404(request, pk)
    try:
        service(post=post, actor=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("backoffice:news_preview", pk=post.pk)


@require_POST
@editor_required
def news_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_status(request, pk, post_publish, _("The post is published on the portal."))


@require_POST
@editor_required
def news_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_status(request, pk, post_unpublish, _("The post is withdrawn from the portal."))
