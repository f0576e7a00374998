from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.feedback.enums import (
    FeedbackAction,
    FeedbackChannel,
    FeedbackKind,
    FeedbackStatus,
    Topic,
)


class Feedback(models.Model):
    """Feedback, a recommendation or a complaint from a citizen, until it is closed.

    Every change goes through ``services.transition.feedback_transition``, which bumps
    ``revision`` with a compare-and-set update and appends a ``FeedbackEvent`` in the
    same transaction.
    """

    code = models.CharField(_("tracking code"), max_length=20, unique=True)
    lookup_secret = models.CharField(_("lookup secret"), max_length=16)
    revision = models.PositiveIntegerField(_("revision"), default=0)
    status = models.CharField(
        _("status"), max_length=12, choices=FeedbackStatus.choices, db_index=True
    )
    status_changed_at = models.DateTimeField(_("status changed at"))
    kind = models.CharField(_("kind"), max_length=16, choices=FeedbackKind.choices)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    channel = models.CharField(_("received"), max_length=10, choices=FeedbackChannel.choices)

    # What it is about
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("content"))
    procedure = models.ForeignKey(
        "catalog.Procedure",
        verbose_name=_("procedure"),
        related_name="feedback",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    dossier_code = models.CharField(_("dossier code given"), max_length=40, blank=True)
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        verbose_name=_("dossier"),
        related_name="feedback",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    address = models.CharField(_("place"), max_length=300, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    # Who sent it (personal data: shown to the competent staff only)
    anonymous = models.BooleanField(_("anonymous"), default=False)
    contact_name = models.CharField(_("name"), max_length=200, blank=True)
    contact_phone = models.CharField(_("phone"), max_length=20, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    consented_at = models.DateTimeField(_("consent given at"))
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("citizen account"),
        related_name="own_feedback",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    received_by = models.ForeignKey(
        "organization.Agency",
        verbose_name=_("received by"),
        related_name="+",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )

    # Who handles it and by when
    unit = models.ForeignKey(
        "organization.AdministrativeUnit",
        verbose_name=_("administrative unit"),
        related_name="feedback",
        on_delete=models.PROTECT,
    )
    agency = models.ForeignKey(
        "organization.Agency",
        verbose_name=_("competent agency"),
        related_name="feedback",
        on_delete=models.PROTECT,
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    complex_case = models.BooleanField(_("complex case"), default=False)
    due_at = models.DateTimeField(_("due"), db_index=True)

    # The outcome
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for not accepting"), blank=True)
    published = models.BooleanField(_("answer published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    satisfied = models.BooleanField(_("citizen satisfied"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    idempotency_key = models.CharField(max_length=80, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-pk"]
        indexes = [
            models.Index(fields=["agency", "status", "due_at"]),
            models.Index(fields=["published", "published_at"]),
            models.Index(fields=["agency", "submitted_at"]),
        ]

    def __str__(self) -> str:
        return self.code


def feedback_file_path(instance: "FeedbackFile", filename: str) -> str:
    # Random names: the stored path never reveals the citizen or the original name.
    return f"feedback/{instance.feedback_id}/{instance.token}"


class FeedbackFile(models.Model):
    feedback = models.ForeignKey(
        Feedback, verbose_name=_("feedback"), related_name="files", on_delete=models.CASCADE
    )
    token = models.CharField(max_length=40, unique=True)
    file = models.FileField(_("file"), upload_to=feedback_file_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=60)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("attached file")
        verbose_name_plural = _("attached files")
        ordering = ["feedback", "pk"]

    def __str__(self) -> str:
        return self.original_name


class FeedbackEvent(models.Model):
    """Append-only audit trail: one row per change, written with the change."""

    feedback = models.ForeignKey(
        Feedback, verbose_name=_("feedback"), related_name="events", on_delete=models.PROTECT
    )
    seq = models.PositiveIntegerField(_("sequence"))
    action = models.CharField(_("action"), max_length=20, choices=FeedbackAction.choices)
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
        _("from status"), max_length=12, choices=FeedbackStatus.choices, blank=True
    )
    to_status = models.CharField(_("to status"), max_length=12, choices=FeedbackStatus.choices)
    from_agency = models.ForeignKey(
        "organization.Agency", related_name="+", on_delete=models.PROTECT, null=True, blank=True
    )
    to_agency = models.ForeignKey(
        "organization.Agency", related_name="+", on_delete=models.PROTECT, null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    payload = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("feedback event")
        verbose_name_plural = _("feedback events")
        ordering = ["feedback", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["feedback", "seq"], name="feedback_event_unique_seq")
        ]

    def __str__(self) -> str:
        return f"{self.feedback_id}#{self.seq} {self.action}"


class SatisfactionRating(models.Model):
    """How satisfied the applicant of a dossier was, overall and per criterion."""

    dossier = models.OneToOneField(
        "dossiers.Dossier",
        verbose_name=_("dossier"),
        related_name="rating",
        on_delete=models.CASCADE,
    )
    scale = models.PositiveSmallIntegerField(_("levels of the scale"))
    overall = models.PositiveSmallIntegerField(_("overall"))
    reception = models.PositiveSmallIntegerField(_("reception"), null=True, blank=True)
    attitude = models.PositiveSmallIntegerField(_("staff attitude"), null=True, blank=True)
    timeliness = models.PositiveSmallIntegerField(_("timeliness"), null=True, blank=True)
    publicity = models.PositiveSmallIntegerField(
        _("publicity and transparency"), null=True, blank=True
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("given at"))
    updated_at = models.DateTimeField(_("changed at"))

    class Meta:
        verbose_name = _("satisfaction rating")
        verbose_name_plural = _("satisfaction ratings")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scale__in=[3, 5]), name="rating_scale_3_or_5"
            ),
            models.CheckConstraint(
                condition=models.Q(overall__gte=1, overall__lte=models.F("scale")),
                name="rating_overall_on_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.overall}/{self.scale}"
