"""Reception: online submission, receipt at the desk, supplement request, refusal."""

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.catalog.enums import ChannelKind, VersionState
from motcua.catalog.models import Offering, ProcedureVersion
from motcua.core.errors import DomainError
from motcua.core.identity import clean_id_number, clean_phone
from motcua.dossiers import notifications
from motcua.dossiers.enums import Action, ApplicantKind, Phase
from motcua.dossiers.models import Dossier, DossierComponent, DossierStep
from motcua.dossiers.services.codes import dossier_code_next
from motcua.dossiers.services.files import check_upload, dossier_attach_file
from motcua.dossiers.services.guard import ensure
from motcua.dossiers.services.steps import plan_steps, process_for_case
from motcua.dossiers.services.transition import dossier_transition
from motcua.dossiers.timing import calendar_for, limit_for
from motcua.organization.enums import RECEPTION_KINDS
from motcua.organization.models import Agency

LOOKUP_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud at the desk


class ApplicationInvalid(DomainError):
    code = "application_invalid"
    message = _("The application has errors: %(fields)s.")

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        super().__init__(fields=", ".join(errors))


class NoDesk(DomainError):
    code = "no_desk"
    message = _("%(unit)s has no one-stop desk to receive dossiers.")


class NotOffered(DomainError):
    code = "not_offered"
    message = _("%(agency)s does not handle the procedure %(code)s.")


class NotOnline(DomainError):
    code = "not_online"
    message = _("The procedure %(code)s cannot be submitted online.")


class SupplementAlreadyRequested(DomainError):
    code = "supplement_once"
    message = _(
        "A supplement was already requested for dossier %(code)s; it may be asked only once."
    )


class IdempotencyKeyReused(DomainError):
    code = "idempotency_conflict"
    message = _("This submission key was already used for a different application.")


@dataclass
class Applicant:
    name: str
    kind: str = ApplicantKind.PERSON
    id_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    representative_name: str = ""
    representative_id_number: str = ""


@dataclass
class ReceivedComponent:
    name: str
    component_id: int | None = None
    originals: int = 0
    certified_copies: int = 0
    photocopies: int = 0
    missing: bool = False
    note: str = ""


@dataclass(frozen=True)
class Scan:
    name: str
    data: bytes
    component_id: int | None = None  # the catalogue component it belongs to


@dataclass
class Application:
    version: ProcedureVersion
    agency: Agency
    applicant: Applicant
    channel: str = ChannelKind.DESK
    case_name: str = ""
    content: str = ""
    components: list[ReceivedComponent] = field(default_factory=list)
    fee_amount: int = 0


def _check(errors: dict, name: str, check, value: str) -> str:
    try:
        return check(value)
    except ValidationError as exc:
        errors.setdefault(name, []).extend(str(m) for m in exc.messages)
        return value


def application_clean(application: Application) -> Application:
    """Check the applicant and the components; raise ``ApplicationInvalid`` with every error."""
    errors: dict[str, list[str]] = {}
    person = application.applicant
    if not person.name.strip():
        errors["name"] = [str(_("Enter the applicant's name."))]
    if person.kind == ApplicantKind.PERSON or person.id_number:
        if person.kind == ApplicantKind.PERSON:
            person.id_number = _check(errors, "id_number", clean_id_number, person.id_number)
    if person.phone:
        person.phone = _check(errors, "phone", clean_phone, person.phone)
    if person.email:
        _check(errors, "email", validate_email, person.email)
    if not (person.phone or person.email or person.address):
        errors["phone"] = [str(_("Give at least one way to reach the applicant."))]
    if person.representative_id_number:
        person.representative_id_number = _check(
            errors, "representative_id_number", clean_id_number, person.representative_id_number
        )
    cases = {case.name for case in application.version.cases.all()}
    if application.case_name and application.case_name not in cases:
        errors["case_name"] = [str(_("This case does not belong to the procedure."))]
    if errors:
        raise ApplicationInvalid(errors)
    return application


def _offering(application: Application) -> Offering:
    version = application.version
    offering = (
        Offering.objects.filter(
            procedure_id=version.procedure_id, agency=application.agency, is_active=True
        )
        .prefetch_related("process__agency")
        .first()
    )
    if offering is None or version.state != VersionState.PUBLISHED:
        raise NotOffered(agency=application.agency, code=version.procedure.code)
    return offering


def desk_for(agency: Agency) -> Agency:
    """The one-stop desk of the agency's unit (the agency itself if it is one)."""
    if agency.kind in RECEPTION_KINDS:
        return agency
    desk = Agency.objects.filter(unit_id=agency.unit_id, kind__in=RECEPTION_KINDS, is_active=True)
    found = desk.order_by("pk").first()
    if found is None:
        raise NoDesk(unit=agency.unit)
    return found


def _new_dossier(application: Application, *, at, citizen: User | None = None) -> Dossier:
    person = application.applicant
    desk = desk_for(application.agency)
    return Dossier(
        code=dossier_code_next(agency=desk, at=at),
        procedure_version=application.version,
        case_name=application.case_name,
        channel=application.channel,
        desk=desk,
        agency=application.agency,
        content=application.content or application.version.name,
        applicant_kind=person.kind,
        applicant_name=person.name.strip(),
        applicant_id_number=person.id_number,
        applicant_phone=person.phone,
        applicant_email=person.email,
        applicant_address=person.address,
        representative_name=person.representative_name,
        representative_id_number=person.representative_id_number,
        citizen=citizen,
        fee_amount=application.fee_amount,
        holder_agency=desk,
        lookup_secret="".join(secrets.choice(LOOKUP_ALPHABET) for _ in range(8)),
    )


def _save_components(
    dossier: Dossier, components: list[ReceivedComponent], *, replace: bool = True
) -> list[DossierComponent]:
    """The dossier's checklist; ``replace=False`` for a dossier created in this transaction."""
    if replace:
        DossierComponent.objects.filter(dossier=dossier).delete()
    return DossierComponent.objects.bulk_create(
        DossierComponent(
            dossier=dossier,
            component_id=c.component_id,
            name=c.name,
            originals=c.originals,
            certified_copies=c.certified_copies,
            photocopies=c.photocopies,
            missing=c.missing,
            note=c.note,
        )
        for c in components
    )


def _reception(offering: Offering, actor: User, at) -> Callable[[Dossier], dict]:
    """received_at, due_at and the planned steps of a dossier being received at ``at``."""

    def prepare(dossier: Dossier) -> dict:
        limit = limit_for(
            version=dossier.procedure_version, channel=dossier.channel, case_name=dossier.case_name
        )
        due = calendar_for(dossier).due_at(at, limit.amount, limit.unit, cutoff=limit.cutoff)
        DossierStep.objects.filter(dossier=dossier).delete()
        steps = plan_steps(
            dossier=dossier,
            offering=offering,
            start=due.starts_at,
            process=process_for_case(offering, dossier.case_name),
        )
        first = steps[0] if steps else None
        if first is not None:
            DossierStep.objects.filter(pk=first.pk).update(started_at=at)
            first.started_at = at
        return {
            "received_at": at,
            "due_at": due.due_at,
            "phase": "",
            "paused_at": None,
            "current_step": first,
            "holder_agency": dossier.desk,
            "holder": actor,
        }

    return prepare


@transaction.atomic
def dossier_receive(
    *,
    actor: User,
    application: Application | None = None,
    dossier: Dossier | None = None,
    components: list[ReceivedComponent] | None = None,
    scans: list[Scan] | None = None,
    at=None,
) -> Dossier:
    """Receive a complete dossier: a walk-in ``application`` or a submitted ``dossier``.

    ``scans`` are stored in the same transaction: a refused file receives nothing.
    """
    at = at or timezone.now()
    fresh = dossier is None
    if fresh:
        application = application_clean(application)
        offering = _offering(application)
        dossier = _new_dossier(application, at=at)
        components = application.components
    else:
        offering = _offering_of(dossier)
    ensure(Action.RECEIVE, actor, dossier)
    dossier = dossier_transition(
        dossier=dossier,
        action=Action.RECEIVE,
        actor=actor,
        at=at,
        prepare=_reception(offering, actor, at),
        notify=notifications.dossier_changed,
    )
    received = None
    if components is not None:
        received = _save_components(dossier, components, replace=not fresh)
    _attach(dossier, scans or [], actor, received=received)
    return dossier


def _attach(
    dossier: Dossier,
    scans: list[Scan],
    actor: User | None,
    *,
    received: list[DossierComponent] | None = None,
) -> None:
    """Store the scans, after checking them all: a refused file means none is written.

    ``received``: the dossier's checklist rows when the caller has just written them."""
    for scan in scans:
        check_upload(scan.name, scan.data)
    if not scans:
        return
    if received is None:
        received = dossier.components.all()
    received = {c.component_id: c for c in received if c.component_id}
    for scan in scans:
        dossier_attach_file(
            dossier=dossier,
            name=scan.name,
            data=scan.data,
            actor=actor,
            component=received.get(scan.component_id),
        )


def _offering_of(dossier: Dossier) -> Offering:
    offering = (
        Offering.objects.filter(
            procedure_id=dossier.procedure_version.procedure_id, agency=dossier.agency
        )
        .prefetch_related("process__agency")
        .first()
    )
    if offering is None:
        raise NotOffered(agency=dossier.agency, code=dossier.procedure_version.procedure.code)
    return offering


@transaction.atomic
def dossier_request_supplement(
    *,
    actor: User,
    missing: list[str],
    reason: str,
    application: Application | None = None,
    dossier: Dossier | None = None,
    at=None,
) -> Dossier:
    """Mẫu 02 at reception: what is missing and why; asked once, in writing."""
    problems = {}
    if not missing:
        problems["missing"] = [str(_("List what is missing and say why."))]
    if not reason.strip():
        problems["reason"] = [str(_("List what is missing and say why."))]
    if problems:
        raise ApplicationInvalid(problems)
    at = at or timezone.now()
    if dossier is None:
        application = application_clean(application)
        _offering(application)
        dossier = _new_dossier(application, at=at)
        _components = application.components
    elif dossier.events.filter(action=Action.REQUEST_SUPPLEMENT).exists():
        raise SupplementAlreadyRequested(code=dossier.code)
    else:
        _components = None
    ensure(Action.REQUEST_SUPPLEMENT, actor, dossier)
    dossier = dossier_transition(
        dossier=dossier,
        action=Action.REQUEST_SUPPLEMENT,
        actor=actor,
        at=at,
        changes={"phase": Phase.RECEPTION, "holder_agency": dossier.desk, "holder": actor},
        note=reason.strip(),
        payload={"missing": missing},
        notify=notifications.dossier_changed,
    )
    if _components is not None:
        _save_components(dossier, _components, replace=False)
    return dossier


@transaction.atomic
def dossier_refuse(
    *,
    actor: User,
    reason: str,
    application: Application | None = None,
    dossier: Dossier | None = None,
    at=None,
) -> Dossier:
    """Mẫu 03: not received, with the specific reason."""
    if not reason.strip():
        raise ApplicationInvalid({"reason": [str(_("Give the reason for refusing."))]})
    at = at or timezone.now()
    if dossier is None:
        application = application_clean(application)
        _offering(application)
        dossier = _new_dossier(application, at=at)
    ensure(Action.REFUSE, actor, dossier)
    return dossier_transition(
        dossier=dossier,
        action=Action.REFUSE,
        actor=actor,
        at=at,
        note=reason.strip(),
        changes={"holder": None, "phase": ""},
        notify=notifications.dossier_changed,
    )
