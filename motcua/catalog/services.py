"""Writes to the catalogue. Content arrives as the cleaned dicts of ``interchange``."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.catalog import interchange
from motcua.catalog.enums import TimeUnit, VersionState
from motcua.catalog.models import (
    Case,
    Channel,
    Component,
    Fee,
    Field,
    LegalDocument,
    Offering,
    Procedure,
    ProcedureVersion,
    ProcessStep,
    Step,
)
from motcua.catalog.selectors import procedure_export, version_to_dict
from motcua.core.errors import DomainError
from motcua.core.services import upsert
from motcua.core.text import fold
from motcua.organization.models import Agency


class VersionNotEditable(DomainError):
    code = "version_not_editable"
    message = _("Version %(number)s of %(code)s is published; make a new version to change it.")


class NothingToPublish(DomainError):
    code = "nothing_to_publish"
    message = _("Version %(number)s of %(code)s is not a draft.")


class VersionIncomplete(DomainError):
    code = "version_incomplete"
    message = _("Version %(number)s of %(code)s cannot be published: %(problems)s")


class ProcessDoesNotAddUp(DomainError):
    code = "process_quota_mismatch"
    message = _(
        "The steps of the internal process for %(case)s add up to %(total)s, "
        "but the time limit is %(limit)s %(unit)s."
    )


class ImportRejected(DomainError):
    code = "import_rejected"
    message = _("The file was not imported: %(count)s problems were found.")

    def __init__(self, errors: list[interchange.RowError]) -> None:
        self.errors = errors
        super().__init__(count=len(errors))


def _time_fields(limit: dict) -> dict:
    return {
        "time_amount": Decimal(limit["amount"]),
        "time_unit": limit["unit"],
        "cutoff": dt.time.fromisoformat(limit["cutoff"]) if limit["cutoff"] else None,
        "time_note": limit["note"],
    }


def version_write_content(*, version: ProcedureVersion, content: dict) -> ProcedureVersion:
    """Replace a draft's content (scalars and every list) with ``content``."""
    if version.state != VersionState.DRAFT:
        raise VersionNotEditable(number=version.number, code=version.procedure.code)
    version.field = Field.objects.get(code=content["field"])
    for name in ["name", "name_en", "implementing_agency", "deciding_agency", "applicants"]:
        setattr(version, name, content[name])
    for name in ["result", "conditions", "online_level", "status", "pause_policy"]:
        setattr(version, name, content[name])
    version.levels = "," + ",".join(content["levels"]) + ","
    for name, value in _time_fields(content["time_limit"]).items():
        setattr(version, name, value)
    version.full_clean(exclude=["procedure"])
    version.save()
    _replace_parts(version, content)
    return version


def _replace_parts(version: ProcedureVersion, content: dict) -> None:
    for model in (Step, Channel, Component, Fee, Case, LegalDocument):
        model.objects.filter(version=version).delete()
    Step.objects.bulk_create(
        Step(version=version, order=i, title=s["title"], description=s["description"])
        for i, s in enumerate(content["steps"])
    )
    Channel.objects.bulk_create(
        Channel(
            version=version,
            kind=c["kind"],
            fee=c["fee"],
            notes=c["notes"],
            **_time_fields(c["time_limit"]),
        )
        for c in content["channels"]
    )
    Component.objects.bulk_create(
        Component(
            version=version,
            order=i,
            form_name=c["form"],
            **{k: v for k, v in c.items() if k != "form"},
        )
        for i, c in enumerate(content["components"])
    )
    Fee.objects.bulk_create(
        Fee(version=version, order=i, **f) for i, f in enumerate(content["fees"])
    )
    Case.objects.bulk_create(
        Case(version=version, order=i, name=c["name"], **_time_fields(c["time_limit"]))
        for i, c in enumerate(content["cases"])
    )
    LegalDocument.objects.bulk_create(
        LegalDocument(version=version, order=i, **d) for i, d in enumerate(content["legal_basis"])
    )


def procedure_create(*, code: str, content: dict, actor: User | None = None) -> ProcedureVersion:
    """A new procedure with its first version as a draft."""
    procedure = Procedure.objects.create(code=code)
    version = ProcedureVersion(procedure=procedure, number=1, created_by=actor)
    return version_write_content(version=version, content=content)


@transaction.atomic
def version_new_draft(
    *, procedure: Procedure, actor: User | None = None, content: dict | None = None
) -> ProcedureVersion:
    """Start the next version from ``content`` or, if none is given, from the current one."""
    existing = procedure.versions.filter(state=VersionState.DRAFT).first()
    if existing is not None:
        return (
            existing
            if content is None
            else version_write_content(version=existing, content=content)
        )
    if content is None:
        content = version_to_dict(procedure.current_version)
    number = (
        procedure.versions.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    version = ProcedureVersion(procedure=procedure, number=number, created_by=actor)
    return version_write_content(version=version, content=content)


@transaction.atomic
def version_publish(*, version: ProcedureVersion, change_note: str = "") -> ProcedureVersion:
    """Make a draft the public version; the one it replaces is kept as history."""
    if version.state != VersionState.DRAFT:
        raise NothingToPublish(number=version.number, code=version.procedure.code)
    problems = interchange.procedure_problems(version_to_dict(version))
    if problems:
        raise VersionIncomplete(
            number=version.number,
            code=version.procedure.code,
            problems="; ".join(f"{p.field}: {p.reason}" for p in problems),
        )
    procedure = Procedure.objects.select_for_update().get(pk=version.procedure_id)
    procedure.versions.filter(state=VersionState.PUBLISHED).update(state=VersionState.SUPERSEDED)
    version.state = VersionState.PUBLISHED
    version.published_at = timezone.now()
    version.change_note = change_note or version.change_note
    version.save(update_fields=["state", "published_at", "change_note"])
    procedure.current_version = version
    procedure.search_text = fold(
        " ".join(
            [
                procedure.code,
                version.name,
                version.name_en,
                version.field.name,
                version.field.name_en,
            ]
        )
    )
    procedure.save(update_fields=["current_version", "search_text"])
    return version


def process_check(*, steps: list[dict], version: ProcedureVersion) -> None:
    """Each case's quotas must add up to its time limit (a same-day limit is one day)."""
    limits = {"": (version.time_amount, version.time_unit)}
    limits.update({case.name: (case.time_amount, case.time_unit) for case in version.cases.all()})
    totals: dict[str, Decimal] = {}
    for step in steps:
        totals[step["case"]] = totals.get(step["case"], Decimal(0)) + Decimal(step["quota"])
    for case, total in totals.items():
        amount, unit = limits.get(case, limits[""])
        expected = Decimal(1) if unit == TimeUnit.SAME_DAY else amount
        if total != expected:
            raise ProcessDoesNotAddUp(
                case=case or _("the general case"),
                total=total.normalize(),
                limit=amount.normalize(),
                unit=TimeUnit(unit).label,
            )


@transaction.atomic
def offering_set(
    *, procedure: Procedure, agency: Agency, process: list[dict], active: bool = True
) -> Offering:
    """Offer ``procedure`` at ``agency`` with exactly this internal process."""
    process_check(steps=process, version=procedure.current_version)
    offering, _created = Offering.objects.update_or_create(
        procedure=procedure, agency=agency, defaults={"is_active": active}
    )
    identifiers = {s["agency"] for s in process if s["agency"]}
    named = {a.identifier: a for a in Agency.objects.filter(identifier__in=identifiers)}
    offering.process.all().delete()
    orders: dict[str, int] = {}
    rows = []
    for step in process:
        orders[step["case"]] = orders.get(step["case"], 0) + 1
        rows.append(
            ProcessStep(
                offering=offering,
                case_name=step["case"],
                order=orders[step["case"]],
                name=step["name"],
                role=step["role"],
                performer=step["performer"],
                agency=named.get(step["agency"]) if step["agency"] else None,
                quota=Decimal(step["quota"]),
            )
        )
    ProcessStep.objects.bulk_create(rows)
    return offering


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    revised: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


def catalog_import(
    *, document: interchange.Document, actor: User | None = None, progress=None
) -> ImportReport:
    """Import every procedure of ``document`` or, if anything is wrong, none of them.

    A procedure already in the catalogue gets a new published version only when its
    content differs from the current one; importing the same file twice changes nothing.
    """
    known = set(Agency.objects.values_list("identifier", flat=True))
    fields, procedures, errors = interchange.clean_document(document, known_agencies=known)
    if errors:
        raise ImportRejected(errors)
    report = ImportReport()
    try:
        with transaction.atomic():
            for item in fields:
                upsert(
                    Field,
                    lookup={"code": item["code"]},
                    fields={"name": item["name"], "name_en": item["name_en"]},
                )
            for item in procedures:
                _import_one(item, actor, report)
                if progress is not None:
                    progress(1)
    except DomainError as exc:
        raise ImportRejected([interchange.RowError(item["code"], "-", str(exc))]) from exc
    return report


def _import_one(item: dict, actor: User | None, report: ImportReport) -> None:
    content = {k: v for k, v in item.items() if k != "offerings"}
    procedure = (
        Procedure.objects.filter(code=item["code"]).select_related("current_version").first()
    )
    if procedure is None:
        version_publish(version=procedure_create(code=item["code"], content=content, actor=actor))
        procedure = Procedure.objects.get(code=item["code"])
        report.created.append(item["code"])
    elif procedure.current_version is None or version_to_dict(procedure.current_version) != content:
        draft = version_new_draft(procedure=procedure, actor=actor, content=content)
        version_publish(version=draft, change_note=str(_("Imported")))
        procedure.refresh_from_db()
        report.revised.append(item["code"])
    else:
        report.unchanged.append(item["code"])
    # One read of the cases for every offering's quota check below.
    prefetch_related_objects([procedure.current_version], "cases")
    current = {o["agency"]: o for o in procedure_export(procedure=procedure)["offerings"]}
    agencies = {
        a.identifier: a
        for a in Agency.objects.filter(identifier__in=[o["agency"] for o in item["offerings"]])
    }
    for offering in item["offerings"]:
        if current.get(offering["agency"]) != offering:
            offering_set(
                procedure=procedure,
                agency=agencies[offering["agency"]],
                process=offering["process"],
                active=offering["active"],
            )
