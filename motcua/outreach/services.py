"""Writes to the e-portal's posts. Publishing changes the status with compare-and-set."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.core.errors import DomainError
from motcua.core.text import fold
from motcua.organization.models import AdministrativeUnit
from motcua.outreach.enums import PostKind, PostStatus
from motcua.outreach.models import Post
from motcua.outreach.permissions import news_unit_ids

SLUG_LENGTH = 80


class NotAnEditor(DomainError):
    code = "not_an_editor"
    message = _("You may not write news for %(unit)s.")


class PostStatusChanged(DomainError):
    code = "post_status_changed"
    message = _("“%(title)s” is no longer %(status)s; reload the page and try again.")


class TitleRequired(DomainError):
    code = "title_required"
    message = _("A post needs a title and a text in Vietnamese.")


@dataclass(frozen=True)
class PostContent:
    """What an editor writes: Vietnamese texts, optional English ones."""

    kind: str
    title: str
    body: str
    summary: str = ""
    title_en: str = ""
    summary_en: str = ""
    body_en: str = ""
    pinned: bool = False

    def fields(self) -> dict[str, object]:
        texts = {
            name: getattr(self, name).strip()
            for name in ("title", "body", "summary", "title_en", "summary_en", "body_en")
        }
        return {"kind": PostKind(self.kind), "pinned": self.pinned, **texts}


def post_slug(title: str) -> str:
    """An ASCII address from the Vietnamese title: "Thông báo nghỉ Tết" → "thong-bao-nghi-tet"."""
    slug = slugify(fold(title))[:SLUG_LENGTH].rstrip("-")
    return slug or "bai-viet"


def _free_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = post_slug(title)
    others = Post.objects.filter(slug__startswith=base)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    taken = set(others.values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _ensure_editor(actor: User, unit_id: int, unit_name: object) -> None:
    if unit_id not in news_unit_ids(actor):
        raise NotAnEditor(unit=unit_name)


@transaction.atomic
def post_create(*, actor: User, unit: AdministrativeUnit, content: PostContent) -> Post:
    """A new draft for ``unit``, written by ``actor``."""
    _ensure_editor(actor, unit.pk, unit)
    fields = content.fields()
    if not fields["title"] or not fields["body"]:
        raise TitleRequired
    post = Post(unit=unit, author=actor, updated_by=actor, status=PostStatus.DRAFT, **fields)
    post.slug = _free_slug(post.title)
    post.save()
    return post


@transaction.atomic
def post_update(
    *, post: Post, actor: User, content: PostContent, unit: AdministrativeUnit | None = None
) -> Post:
    """Change the texts (and the unit); the address follows the title until first published."""
    unit = unit or post.unit
    _ensure_editor(actor, post.unit_id, post.unit)
    _ensure_editor(actor, unit.pk, unit)
    fields = content.fields()
    if not fields["title"] or not fields["body"]:
        raise TitleRequired
    changes = {**fields, "unit": unit, "updated_by": actor}
    if post.published_at is None and fields["title"] != post.title:
        changes["slug"] = _free_slug(fields["title"], exclude_pk=post.pk)
    for name, value in changes.items():
        setattr(post, name, value)
    post.save(update_fields=[*changes, "updated_at"])
    return post


def _change_status(post: Post, actor: User, *, allowed: set[str], to: str, at) -> Post:
    _ensure_editor(actor, post.unit_id, post.unit)
    at = at or timezone.now()
    changes = {"status": to, "status_changed_at": at, "status_changed_by": actor}
    if to == PostStatus.PUBLISHED and post.published_at is None:
        changes["published_at"] = at
    # Compare-and-set: two editors clicking at once change the status only once.
    done = Post.objects.filter(pk=post.pk, status__in=allowed).update(
        **changes, updated_at=timezone.now()
    )
    if not done:
        raise PostStatusChanged(title=post.title, status=post.get_status_display())
    for name, value in changes.items():
        setattr(post, name, value)
    return post


@transaction.atomic
def post_publish(*, post: Post, actor: User, at=None) -> Post:
    """Show a draft or withdrawn post on the portal; the first publication date is kept."""
    allowed = {PostStatus.DRAFT, PostStatus.ARCHIVED}
    return _change_status(post, actor, allowed=allowed, to=PostStatus.PUBLISHED, at=at)


@transaction.atomic
def post_unpublish(*, post: Post, actor: User, at=None) -> Post:
    """Take a published post off the portal (it is kept, and can be published again)."""
    allowed = {PostStatus.PUBLISHED}
    return _change_status(post, actor, allowed=allowed, to=PostStatus.ARCHIVED, at=at)
