from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.enums import Role
from motcua.catalog.enums import (
    ChannelKind,
    OnlineLevel,
    PausePolicy,
    Performer,
    ProcedureStatus,
    TimeUnit,
    VersionState,
)

NON_NEGATIVE = [MinValueValidator(Decimal(0))]


class Field(models.Model):
    """A field of state management (lĩnh vực), e.g. civil status, land."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TimeLimit(models.Model):
    """A time limit: an amount in a unit, with an optional same-day cut-off time."""

    time_amount = models.DecimalField(
        _("time limit"), max_digits=6, decimal_places=2, validators=NON_NEGATIVE
    )
    time_unit = models.CharField(_("time unit"), max_length=20, choices=TimeUnit.choices)
    cutoff = models.TimeField(
        _("cut-off time"),
        null=True,
        blank=True,
        help_text=_("Dossiers received after this time count from the next working day."),
    )
    time_note = models.CharField(_("note on the time limit"), max_length=500, blank=True)

    class Meta:
        abstract = True


class Procedure(models.Model):
    """The lasting identity of a procedure; its content lives in versions."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    current_version = models.OneToOneField(
        "ProcedureVersion",
        verbose_name=_("current version"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    # Code, name and field of the current version, lower-cased without diacritics.
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class ProcedureVersion(TimeLimit):
    """One version of a procedure's content. Published versions are never edited."""

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("procedure"), related_name="versions", on_delete=models.CASCADE
    )
    number = models.PositiveIntegerField(_("version"))
    state = models.CharField(
        _("state"), max_length=20, choices=VersionState.choices, default=VersionState.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    change_note = models.CharField(_("what changed"), max_length=500, blank=True)

    name = models.CharField(_("name"), max_length=500)
    name_en = models.CharField(_("name (English)"), max_length=500, blank=True)
    field = models.ForeignKey(
        Field, verbose_name=_("field"), related_name="versions", on_delete=models.PROTECT
    )
    # Comma-wrapped level codes (",district,commune,") so a level filters with one LIKE.
    levels = models.CharField(_("levels"), max_length=100)
    implementing_agency = models.CharField(_("implementing agency"), max_length=500)
    deciding_agency = models.CharField(_("deciding agency"), max_length=500, blank=True)
    applicants = models.TextField(_("applicants"))
    result = models.TextField(_("result"))
    conditions = models.TextField(_("conditions"), blank=True)
    online_level = models.CharField(
        _("online service level"), max_length=10, choices=OnlineLevel.choices
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProcedureStatus.choices,
        default=ProcedureStatus.IN_FORCE,
    )
    pause_policy = models.CharField(
        _("when the clock is paused"),
        max_length=10,
        choices=PausePolicy.choices,
        default=PausePolicy.SHIFT,
    )

    class Meta:
        verbose_name = _("procedure version")
        verbose_name_plural = _("procedure versions")
        ordering = ["procedure__code", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="version_unique_number"),
            models.UniqueConstraint(
                fields=["procedure"],
                condition=models.Q(state=VersionState.PUBLISHED),
                name="version_one_published",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number} — {self.name}"

    @property
    def level_list(self) -> list[str]:
        return [level for level in self.levels.split(",") if level]


class VersionPart(models.Model):
    """A row that belongs to one procedure version, kept in a given order."""

    version = models.ForeignKey(
        ProcedureVersion, verbose_name=_("version"), on_delete=models.CASCADE
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]


class Step(VersionPart):
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)

    class Meta(VersionPart.Meta):
        default_related_name = "steps"
        verbose_name = _("step")
        verbose_name_plural = _("steps")

    def __str__(self) -> str:
        return self.title


class Channel(TimeLimit):
    version = models.ForeignKey(
        ProcedureVersion,
        verbose_name=_("version"),
        related_name="channels",
        on_delete=models.CASCADE,
    )
    kind = models.CharField(_("channel"), max_length=10, choices=ChannelKind.choices)
    fee = models.PositiveBigIntegerField(_("fee (VND)"), default=0)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "kind"], name="channel_unique_kind")
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class Component(VersionPart):
    name = models.CharField(_("name"), max_length=500)
    name_en = models.CharField(_("name (English)"), max_length=500, blank=True)
    originals = models.PositiveSmallIntegerField(_("originals"), default=0)
    certified_copies = models.PositiveSmallIntegerField(_("certified copies"), default=0)
    photocopies = models.PositiveSmallIntegerField(_("photocopies"), default=0)
    sets = models.PositiveSmallIntegerField(_("number of sets"), default=1)
    required = models.BooleanField(_("required"), default=True)
    condition = models.CharField(_("when needed"), max_length=500, blank=True)
    form_name = models.CharField(_("form"), max_length=300, blank=True)
    form_file = models.FileField(_("form template"), upload_to="catalog/forms/", blank=True)

    class Meta(VersionPart.Meta):
        default_related_name = "components"
        verbose_name = _("dossier component")
        verbose_name_plural = _("dossier components")

    def __str__(self) -> str:
        return self.name


class Fee(VersionPart):
    name = models.CharField(_("name"), max_length=300)
    amount = models.PositiveBigIntegerField(
        _("amount (VND)"), null=True, blank=True, help_text=_("Leave empty when it varies.")
    )
    basis = models.CharField(_("legal basis"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta(VersionPart.Meta):
        default_related_name = "fees"
        verbose_name = _("fee or charge")
        verbose_name_plural = _("fees and charges")

    def __str__(self) -> str:
        return self.name


class Case(TimeLimit):
    version = models.ForeignKey(
        ProcedureVersion, verbose_name=_("version"), related_name="cases", on_delete=models.CASCADE
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=500)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class LegalDocument(VersionPart):
    number = models.CharField(_("number"), max_length=100)
    title = models.CharField(_("title"), max_length=500)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    issuer = models.CharField(_("issued by"), max_length=200, blank=True)

    class Meta(VersionPart.Meta):
        default_related_name = "legal_basis"
        verbose_name = _("legal document")
        verbose_name_plural = _("legal basis")

    def __str__(self) -> str:
        return f"{self.title} {self.number}"


class Offering(models.Model):
    """An agency offers a procedure and follows an internal process for it."""

    procedure = models.ForeignKey(
        Procedure, verbose_name=_("procedure"), related_name="offerings", on_delete=models.CASCADE
    )
    agency = models.ForeignKey(
        "organization.Agency",
        verbose_name=_("agency"),
        related_name="offerings",
        on_delete=models.PROTECT,
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("offering")
        verbose_name_plural = _("offerings")
        ordering = ["procedure__code", "agency__name"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "agency"], name="offering_unique")
        ]

    def __str__(self) -> str:
        return f"{self.procedure} — {self.agency}"


class ProcessStep(models.Model):
    """One step of an offering's internal process (quy trình nội bộ)."""

    offering = models.ForeignKey(
        Offering, verbose_name=_("offering"), related_name="process", on_delete=models.CASCADE
    )
    case_name = models.CharField(
        _("case"), max_length=500, blank=True, help_text=_("Empty for the general case.")
    )
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("step"), max_length=300)
    role = models.CharField(_("performed by (role)"), max_length=30, choices=Role.choices)
    performer = models.CharField(
        _("performed by (agency)"), max_length=20, choices=Performer.choices
    )
    agency = models.ForeignKey(
        "organization.Agency",
        verbose_name=_("named agency"),
        related_name="+",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    quota = models.DecimalField(
        _("time quota"),
        max_digits=6,
        decimal_places=2,
        validators=NON_NEGATIVE,
        help_text=_("In the unit of the procedure's time limit."),
    )

    class Meta:
        verbose_name = _("process step")
        verbose_name_plural = _("internal process")
        ordering = ["offering", "case_name", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["offering", "case_name", "order"], name="process_step_unique_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"
