from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.models import TimeStampedModel
from motcua.organization.enums import AgencyKind, UnitClass, UnitLevel
from motcua.organization.validators import agency_identifier_validator


class AdministrativeUnit(TimeStampedModel):
    """A province, district, commune, ward or town. The tree is data: any depth."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        related_name="children",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    level = models.CharField(_("level"), max_length=20, choices=UnitLevel.choices)
    classification = models.CharField(
        _("classification"), max_length=3, choices=UnitClass.choices, blank=True
    )
    code = models.CharField(
        _("official code"),
        max_length=20,
        unique=True,
        help_text=_("Code in the national list of administrative units."),
    )
    identifier = models.CharField(
        _("agency identifier"),
        max_length=20,
        unique=True,
        validators=[agency_identifier_validator],
        help_text=_("QCVN 102 identifier of the unit's People's Committee."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Agency(TimeStampedModel):
    """An office that receives or handles dossiers, belonging to one unit."""

    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("administrative unit"),
        related_name="agencies",
        on_delete=models.PROTECT,
    )
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=AgencyKind.choices)
    identifier = models.CharField(
        _("agency identifier"),
        max_length=20,
        unique=True,
        validators=[agency_identifier_validator],
        help_text=_("QCVN 102 identifier; it begins every dossier code of this agency."),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["unit__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="agency_unique_name_per_unit"),
        ]

    def __str__(self) -> str:
        return self.name
