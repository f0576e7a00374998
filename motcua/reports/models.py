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


# --- the statistics rollup (docs/decisions/0007-statistics-rollup.md) ----------------------


class RollupFact(models.Model):
    """The local days of one received dossier as the counters hold them.

    Written by ``motcua.reports.rollup`` only. A changed dossier's old contribution is
    taken back from these days before its new one is added, so the counters never need a
    rescan. ``closed`` is the day it was decided, withdrawn or stopped; ``overdue_from``
    the day it counts as overdue when open (null: never, the received day: always);
    ``waiting_from`` the day its pause counts (paused, waiting for the citizen).
    """

    dossier_id = models.BigIntegerField(primary_key=True)
    agency_id = models.BigIntegerField()
    procedure_version_id = models.BigIntegerField()
    online = models.BooleanField()
    received = models.DateField()
    closed = models.DateField(null=True)
    decided = models.DateField(null=True)
    timeliness = models.SmallIntegerField(null=True)
    returned = models.DateField(null=True)
    withdrawn = models.DateField(null=True)
    stopped = models.DateField(null=True)
    overdue_from = models.DateField(null=True)
    waiting_from = models.DateField(null=True)

    class Meta:
        verbose_name = _("statistics fact")
        verbose_name_plural = _("statistics facts")

    def __str__(self) -> str:
        return f"dossier {self.dossier_id}"


class RollupCounts(models.Model):
    """Counters of one agency and procedure version on one day (or month).

    ``day`` is the day an event counts on, ``since`` the first day a period must start on
    or before for the event to count (earlier than ``day`` only for an event of a dossier
    closed before it, such as a result returned after the decision day). The ``closed``,
    ``overdue_*`` and ``waiting_*`` columns are changes of running balances.
    """

    agency_id = models.BigIntegerField()
    procedure_version_id = models.BigIntegerField()
    day = models.DateField()
    since = models.DateField()
    received_online = models.IntegerField(default=0)
    received_direct = models.IntegerField(default=0)
    resolved = models.IntegerField(default=0)
    early = models.IntegerField(default=0)
    on_time = models.IntegerField(default=0)
    late = models.IntegerField(default=0)
    returned = models.IntegerField(default=0)
    withdrawn = models.IntegerField(default=0)
    stopped = models.IntegerField(default=0)
    closed = models.IntegerField(default=0)
    overdue_in = models.IntegerField(default=0)
    overdue_out = models.IntegerField(default=0)
    waiting_in = models.IntegerField(default=0)
    waiting_out = models.IntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.agency_id} {self.procedure_version_id} {self.day} {self.since}"


class RollupDay(RollupCounts):
    class Meta:
        verbose_name = _("daily statistics")
        verbose_name_plural = _("daily statistics")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "agency_id", "procedure_version_id", "since"],
                name="reports_rollupday_key",
            )
        ]


class RollupMonth(RollupCounts):
    """The same counters summed by month: ``day`` and ``since`` are firsts of months."""

    class Meta:
        verbose_name = _("monthly statistics")
        verbose_name_plural = _("monthly statistics")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "agency_id", "procedure_version_id", "since"],
                name="reports_rollupmonth_key",
            )
        ]


class RollupYear(RollupCounts):
    """The same counters summed by year: ``day`` and ``since`` are firsts of January."""

    class Meta:
        verbose_name = _("yearly statistics")
        verbose_name_plural = _("yearly statistics")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "agency_id", "procedure_version_id", "since"],
                name="reports_rollupyear_key",
            )
        ]


class RollupChange(models.Model):
    """A dossier changed since the counters last took it in (one row per change).

    Appended by the transition writer in the change's own transaction: no shared row is
    updated, so concurrent changes never wait for each other here.
    """

    dossier_id = models.BigIntegerField()

    class Meta:
        verbose_name = _("dossier change to count")
        verbose_name_plural = _("dossier changes to count")

    def __str__(self) -> str:
        return f"dossier {self.dossier_id}"


class RollupState(models.Model):
    """One row: when the counters were last brought up to date (and the refresh lock)."""

    refreshed_at = models.DateTimeField(null=True)
    built_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = _("statistics state")
        verbose_name_plural = _("statistics state")

    def __str__(self) -> str:
        return f"built {self.built_at}, refreshed {self.refreshed_at}"
