from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.models import TimeStampedModel
from motcua.outreach.enums import (
    AudienceKind,
    PostKind,
    PostStatus,
    ReviewAction,
    ReviewFinding,
    ReviewProposal,
    ReviewStatus,
)


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


class OutreachSession(TimeStampedModel):
    """An information or training session (tuyên truyền, tập huấn) and how many attended.

    ``unit`` is where the session counts in reports: the organiser's unit or one below it.
    """

    held_on = models.DateField(_("date"))
    title = models.CharField(_("topic"), max_length=300)
    audience = models.CharField(_("audience"), max_length=12, choices=AudienceKind.choices)
    place = models.CharField(_("place"), max_length=300)
    agency = models.ForeignKey(
        "organization.Agency",
        verbose_name=_("organiser"),
        related_name="outreach_sessions",
        on_delete=models.PROTECT,
    )
    unit = models.ForeignKey(
        "organization.AdministrativeUnit",
        verbose_name=_("administrative unit"),
        related_name="outreach_sessions",
        on_delete=models.PROTECT,
    )
    participants = models.PositiveIntegerField(_("participants"))
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
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

    class Meta:
        verbose_name = _("outreach session")
        verbose_name_plural = _("outreach sessions")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["held_on"])]

    def __str__(self) -> str:
        return f"{self.held_on:%d/%m/%Y} {self.title}"


class ProcedureReview(TimeStampedModel):
    """A finding about a procedure and what to do about it (rà soát thủ tục hành chính).

    The status changes only through ``review_services.review_transition``, which bumps
    ``revision`` (the compare-and-set key) and appends a ``ProcedureReviewEvent``.
    """

    procedure = models.ForeignKey(
        "catalog.Procedure",
        verbose_name=_("procedure"),
        related_name="reviews",
        on_delete=models.PROTECT,
    )
    reviewed_on = models.DateField(_("review date"))
    agency = models.ForeignKey(
        "organization.Agency",
        verbose_name=_("reviewing agency"),
        related_name="procedure_reviews",
        on_delete=models.PROTECT,
    )
    finding = models.CharField(_("finding"), max_length=12, choices=ReviewFinding.choices)
    description = models.TextField(_("description"))
    proposal = models.CharField(_("proposal"), max_length=12, choices=ReviewProposal.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=ReviewStatus.choices, default=ReviewStatus.PROPOSED
    )
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
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

    class Meta:
        verbose_name = _("procedure review")
        verbose_name_plural = _("procedure reviews")
        ordering = ["-reviewed_on", "-pk"]
        indexes = [models.Index(fields=["reviewed_on"])]

    def __str__(self) -> str:
        return f"{self.procedure_id}: {self.get_finding_display()}"


class ProcedureReviewEvent(models.Model):
    """Append-only history of a review's status: one row per change, written with it."""

    review = models.ForeignKey(
        ProcedureReview,
        verbose_name=_("procedure review"),
        related_name="events",
        on_delete=models.PROTECT,
    )
    seq = models.PositiveIntegerField(_("sequence"))
    action = models.CharField(_("action"), max_length=12, choices=ReviewAction.choices)
    at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        related_name="+",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    actor_name = models.CharField(_("by"), max_length=200, blank=True)
    from_status = models.CharField(
        _("from status"), max_length=12, choices=ReviewStatus.choices, blank=True
    )
    to_status = models.CharField(_("to status"), max_length=12, choices=ReviewStatus.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("procedure review event")
        verbose_name_plural = _("procedure review events")
        ordering = ["review", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["review", "seq"], name="review_event_unique_seq")
        ]

    def __str__(self) -> str:
        return f"{self.review_id}#{self.seq} {self.action}"
