"""Reads of the e-portal's posts: what the public sees, and what each editor may edit."""

from django.db.models import QuerySet

from motcua.accounts.models import User
from motcua.organization.models import AdministrativeUnit
from motcua.outreach.enums import PostStatus
from motcua.outreach.models import Post
from motcua.outreach.permissions import news_unit_ids


def post_list_public(*, limit: int | None = None, kind: str = "") -> QuerySet[Post]:
    """Published posts, pinned first, then the newest; page them or take the first ``limit``."""
    posts = (
        Post.objects.filter(status=PostStatus.PUBLISHED)
        .select_related("unit")
        .order_by("-pinned", "-published_at", "-pk")
    )
    if kind:
        posts = posts.filter(kind=kind)
    return posts[:limit] if limit is not None else posts


def post_get_public(*, slug: str) -> Post | None:
    """The published post with this address; drafts and withdrawn posts do not exist here."""
    return post_list_public().filter(slug=slug).first()


def post_list_for_staff(*, user: User) -> QuerySet[Post]:
    """Every post of the units this editor may write for, the latest edited first."""
    return (
        Post.objects.filter(unit_id__in=news_unit_ids(user))
        .select_related("unit", "author", "updated_by", "status_changed_by")
        .order_by("-updated_at", "-pk")
    )


def post_get_for_staff(*, user: User, pk: int) -> Post | None:
    return post_list_for_staff(user=user).filter(pk=pk).first()


def post_unit_choices(*, user: User) -> QuerySet[AdministrativeUnit]:
    """Units an editor may publish news for, the highest level first."""
    return AdministrativeUnit.objects.filter(pk__in=news_unit_ids(user)).order_by("code")
