from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.models import TimeStampedModel
from motcua.outreach.enums import PostKind, PostStatus


class Post(TimeStampedModel):
    """A news item or announcement of the e-portal, in Vietnamese with optional English.

    Texts are plain: pages show them with paragraphs and line breaks, never as HTML.
    Every change goes through ``services``; the slug stays once the post was published,
    so links to it keep working.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=PostKind.choices)
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    summary = models.CharField(_("summary"), max_length=400, blank=True)
    summary_en = models.CharField(_("summary (English)"), max_length=400, blank=True)
    body = models.TextField(_("text"))
    body_en = models.TextField(_("text (English)"), blank=True)
    slug = models.SlugField(_("address"), max_length=120, unique=True)
    unit = models.ForeignKey(
        "organization.AdministrativeUnit",
        verbose_name=_("administrative unit"),
        related_name="posts",
        on_delete=models.PROTECT,
    )
    status = models.CharField(
        _("status"), max_length=12, choices=PostStatus.choices, default=PostStatus.DRAFT
    )
    pinned = models.BooleanField(
        _("pinned"), default=False, help_text=_("Pinned posts come first on the portal.")
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last edited by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("status changed by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-pinned", "-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "pinned", "published_at"])]

    def __str__(self) -> str:
        return self.title
