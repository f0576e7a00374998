from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.enums import STAFF_ROLES, Role


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
