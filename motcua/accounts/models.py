from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.enums import STAFF_ROLES, Role, TokenScope


class User(AbstractUser):
    """A person: a citizen, or a member of staff holding one role in one agency."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    role = models.CharField(_("role"), max_length=30, choices=Role.choices, default=Role.CITIZEN)
    agency = models.ForeignKey(
        "organization.Agency",
        verbose_name=_("agency"),
        related_name="members",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    position = models.CharField(_("position"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role=Role.CITIZEN) | models.Q(agency__isnull=False),
                name="user_staff_has_agency",
                violation_error_message=_("A member of staff must belong to an agency."),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def is_staff_member(self) -> bool:
        return self.role in STAFF_ROLES and self.agency_id is not None


class ApiToken(models.Model):
    """A key an integration sends as ``Authorization: Bearer …`` (or Open311 ``api_key``).

    Only a digest of the secret part is stored; the whole token is shown once, when made.
    Tokens are revoked, never deleted, so the record of who made and used them stays.
    """

    name = models.CharField(_("name"), max_length=100)
    key_id = models.CharField(_("key id"), max_length=16, unique=True)
    digest = models.CharField(max_length=64)
    scope = models.CharField(_("scope"), max_length=8, choices=TokenScope.choices)
    agency = models.ForeignKey(
        "organization.Agency",
        verbose_name=_("agency"),
        help_text=_("Limits the token to this agency's dossiers and unit; empty: everywhere."),
        related_name="api_tokens",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    user = models.ForeignKey(
        User,
        verbose_name=_("acts as"),
        help_text=_("A staff account whose role the token uses to change dossiers."),
        related_name="api_tokens",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"))
    created_by = models.ForeignKey(
        User,
        verbose_name=_("created by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        User,
        verbose_name=_("revoked by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    last_used_from = models.GenericIPAddressField(_("last used from"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_id})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def can_write(self) -> bool:
        return self.scope == TokenScope.WRITE
