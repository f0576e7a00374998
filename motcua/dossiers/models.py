from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.enums import Role
from motcua.catalog.enums import ChannelKind, TimeUnit
from motcua.dossiers.enums import (
    Action,
    ApplicantKind,
    DossierStatus,
    Phase,
    ResultKind,
    ReturnMethod,
)


class Dossier(models.Model):
    """One application (hồ sơ), from submission or reception to the returned result.

    Every change goes through ``services.transition``, which bumps ``revision`` with a
    compare-and-set update and appends a hash-chained ``DossierEvent`` in the same
    transaction.
    """

    code = models.CharField(_("dossier code"), max_length=40, unique=True)
    revision = models.PositiveIntegerField(_("revision"), default=0)
    status = models.PositiveSmallIntegerField(
        _("status"), choices=DossierStatus.choices, db_index=True
    )
    phase = models.CharField(_("phase"), max_length=12, choices=Phase.choices, blank=True)
    status_changed_at = models.DateTimeField(_("status changed at"))

    # What is asked, of whom, under which rules
    procedure_version = models.ForeignKey(
        "catalog.ProcedureVersion",
        verbose_name=_("procedure version"),
        related_name="dossiers",
        on_delete=models.PROTECT,
    )
    case_name = models.CharField(_("case"), max_length=500, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=ChannelKind.choices)
    desk = models.ForeignKey(
        "organization.Agency",
        verbose_name=_("receiving desk"),
        related_name="desk_dossiers",
        on_delete=models.PROTECT,
    )
    agency = models.ForeignKey(
        "organization.Agency",
        verbose_name=_("competent agency"),
        related_name="dossiers",
        on_delete=models.PROTECT,
    )
    content = models.TextField(_("content requested"), blank=True)

    # Applicant and representative
    applicant_kind = models.CharField(
        _("applicant is"), max_length=12, choices=ApplicantKind.choices
    )
    applicant_name = models.CharField(_("applicant"), max_length=200)
    applicant_id_number = models.CharField(_("ID number"), max_length=20, blank=True)
    applicant_phone = models.CharField(_("phone"), max_length=20, blank=True)
    applicant_email = models.EmailField(_("e-mail"), blank=True)
    applicant_address = models.CharField(_("address"), max_length=300, blank=True)
    representative_name = models.CharField(_("representative"), max_length=200, blank=True)
    representative_id_number = models.CharField(
        _("representative's ID number"), max_length=20, blank=True
    )
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("citizen account"),
        related_name="own_dossiers",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    # Time
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    due_at = models.DateTimeField(_("appointment"), null=True, blank=True, db_index=True)
    original_due_at = models.DateTimeField(_("original appointment"), null=True, blank=True)
    paused_at = models.DateTimeField(_("paused since"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)

    # Where it is now
    current_step = models.ForeignKey(
        "DossierStep",
        verbose_name=_("current step"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    holder_agency = models.ForeignKey(
        "organization.Agency",
        verbose_name=_("held by agency"),
        related_name="held_dossiers",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("held by"),
        related_name="held_dossiers",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    # Outcome
    result = models.CharField(_("result"), max_length=10, choices=ResultKind.choices, blank=True)
    result_document = models.CharField(_("result document"), max_length=300, blank=True)
    result_reason = models.TextField(_("reason"), blank=True)
    return_method = models.CharField(
        _("returned"), max_length=10, choices=ReturnMethod.choices, blank=True
    )
    returned_to = models.CharField(_("returned to"), max_length=200, blank=True)
    fee_amount = models.PositiveBigIntegerField(_("fees (VND)"), default=0)
    fee_receipt = models.CharField(_("fee receipt number"), max_length=60, blank=True)

    # Public lookup and safe retries
    lookup_secret = models.CharField(_("lookup secret"), max_length=16)
    idempotency_key = models.CharField(max_length=80, null=True, blank=True, unique=True)
    last_event_hash = models.CharField(max_length=64, blank=True)
    # Set on dossiers brought in from an earlier system (docs/import.md). No index: only
    # looked up from the import, and every insert would pay for it.
    imported_in = models.ForeignKey(
        "DossierImport",
        verbose_name=_("imported in"),
        related_name="dossiers",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_index=False,
    )

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        ordering = ["-pk"]
        indexes = [
            models.Index(fields=["holder_agency", "status", "due_at"]),
            models.Index(fields=["agency", "received_at"]),
            models.Index(fields=["desk", "received_at"]),
        ]

    def __str__(self) -> str:
        return self.code


class DossierStep(models.Model):
    """One step of the internal process, copied to the dossier when it is received."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), related_name="steps", on_delete=models.CASCADE
    )
    order = models.PositiveSmallIntegerField(_("order"))
    name = models.CharField(_("step"), max_length=300)
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    agency = models.ForeignKey(
        "organization.Agency", verbose_name=_("agency"), related_name="+", on_delete=models.PROTECT
    )
    quota = models.DecimalField(_("time quota"), max_digits=6, decimal_places=2)
    quota_unit = models.CharField(_("time unit"), max_length=20, choices=TimeUnit.choices)
    due_at = models.DateTimeField(_("step due"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("dossier step")
        verbose_name_plural = _("dossier steps")
        ordering = ["dossier", "order"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "order"], name="dossier_step_unique_order")
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class DossierComponent(models.Model):
    """A document received with the dossier, with how many of each kind."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), related_name="components", on_delete=models.CASCADE
    )
    component = models.ForeignKey(
        "catalog.Component",
        verbose_name=_("catalogue component"),
        related_name="+",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    name = models.CharField(_("document"), max_length=500)
    originals = models.PositiveSmallIntegerField(_("originals"), default=0)
    certified_copies = models.PositiveSmallIntegerField(_("certified copies"), default=0)
    photocopies = models.PositiveSmallIntegerField(_("photocopies"), default=0)
    missing = models.BooleanField(_("missing"), default=False)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("received document")
        verbose_name_plural = _("received documents")
        ordering = ["dossier", "pk"]

    def __str__(self) -> str:
        return self.name


def dossier_file_path(instance: "DossierFile", filename: str) -> str:
    # Random names: the stored path never reveals the applicant or the original name.
    return f"dossiers/{instance.dossier_id}/{instance.token}"


class DossierFile(models.Model):
    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), related_name="files", on_delete=models.CASCADE
    )
    component = models.ForeignKey(
        DossierComponent,
        verbose_name=_("document"),
        related_name="files",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    token = models.CharField(max_length=40, unique=True)
    file = models.FileField(_("file"), upload_to=dossier_file_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=60)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("dossier file")
        verbose_name_plural = _("dossier files")
        ordering = ["dossier", "pk"]

    def __str__(self) -> str:
        return self.original_name


class DossierEvent(models.Model):
    """Append-only audit trail, hash-chained per dossier (never one global chain)."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), related_name="events", on_delete=models.PROTECT
    )
    seq = models.PositiveIntegerField(_("sequence"))
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
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
    from_status = models.PositiveSmallIntegerField(
        _("from status"), choices=DossierStatus.choices, null=True, blank=True
    )
    to_status = models.PositiveSmallIntegerField(_("to status"), choices=DossierStatus.choices)
    from_step = models.CharField(_("from step"), max_length=300, blank=True)
    to_step = models.CharField(_("to step"), max_length=300, blank=True)
    from_agency = models.ForeignKey(
        "organization.Agency", related_name="+", on_delete=models.PROTECT, null=True, blank=True
    )
    to_agency = models.ForeignKey(
        "organization.Agency", related_name="+", on_delete=models.PROTECT, null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    payload = models.JSONField(_("details"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("dossier event")
        verbose_name_plural = _("dossier events")
        ordering = ["dossier", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "seq"], name="dossier_event_unique_seq")
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}#{self.seq} {self.action}"


class CodeCounter(models.Model):
    """The last sequence number given by an agency on a day (codes restart daily)."""

    agency = models.ForeignKey("organization.Agency", related_name="+", on_delete=models.CASCADE)
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "day"], name="code_counter_unique_day")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.day}: {self.last}"


class DossierImport(models.Model):
    """One run of ``import_dossiers``: which file, who ran it, what it added.

    Imported dossiers have no events of their own (revision 0, an empty chain, which the
    verifier accepts); this row is their audit record, and each of them links to it.
    """

    file_name = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        related_name="+",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    actor_name = models.CharField(_("by"), max_length=200, blank=True)
    unit = models.ForeignKey(
        "organization.AdministrativeUnit",
        verbose_name=_("administrative unit"),
        related_name="+",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    at = models.DateTimeField(_("time"))
    rows = models.PositiveIntegerField(_("rows in the file"), default=0)
    created = models.PositiveIntegerField(_("new dossiers"), default=0)
    existing = models.PositiveIntegerField(_("already present"), default=0)

    class Meta:
        verbose_name = _("dossier import")
        verbose_name_plural = _("dossier imports")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.at:%d/%m/%Y %H:%M})"
