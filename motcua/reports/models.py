from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ExportState(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("export state", "Waiting")
    RUNNING = "running", pgettext_lazy("export state", "Being prepared")
    DONE = "done", pgettext_lazy("export state", "Ready")
    FAILED = "failed", pgettext_lazy("export state", "Failed")


class ReportExport(models.Model):
    """A report file prepared in the background for the person who asked for it."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        related_name="+",
        on_delete=models.CASCADE,
    )
    parameters = models.JSONField(_("parameters"))
    file_format = models.CharField(_("format"), max_length=4)
    state = models.CharField(
        _("state"), max_length=10, choices=ExportState.choices, default=ExportState.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(_("file"), upload_to="exports/", blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report export")
        verbose_name_plural = _("report exports")
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.pk} {self.file_format} {self.state}"
