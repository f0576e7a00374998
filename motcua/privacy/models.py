"""Who opened which personal data, and what was done for the data subjects' rights.

Both tables are append-only at the database level (see the migrations): nobody edits the
record of an access or of an erasure after the fact.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.privacy.enums import AccessKind, PrivacyAction, RecordKind


class AccessLogEntry(models.Model):
    """One opening of a record with personal data by a member of staff.

    The record is named by its code (dossier and feedback codes never change), so writing
    a row is one INSERT with no lookup.
    """

    at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member of staff"),
        related_name="+",
        on_delete=models.PROTECT,
    )
    actor_agency = models.ForeignKey(
        "organization.Agency",
        verbose_name=_("agency"),
        related_name="+",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    record_kind = models.CharField(_("record"), max_length=10, choices=RecordKind.choices)
    record_code = models.CharField(_("code"), max_length=60)
    kind = models.CharField(_("access"), max_length=10, choices=AccessKind.choices)
    address = models.GenericIPAddressField(_("client address"), null=True, blank=True)

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["record_kind", "record_code", "at"]),
            models.Index(fields=["actor", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_id} {self.kind} {self.record_code}"


class PrivacyEvent(models.Model):
    """A request of a data subject carried out, or a purge of expired data."""

    at = models.DateTimeField(_("time"))
    action = models.CharField(_("action"), max_length=20, choices=PrivacyAction.choices)
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        related_name="+",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("personal data event")
        verbose_name_plural = _("personal data events")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"
