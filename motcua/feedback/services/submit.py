"""Receiving feedback: online, through the API, or recorded by staff at the desk or by phone."""

import secrets
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.enums import Role
from motcua.accounts.models import User
from motcua.catalog.models import Procedure
from motcua.core.errors import DomainError
from motcua.core.identity import clean_phone
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.files import check_upload, stored_upload
from motcua.feedback import notifications
from motcua.feedback.enums import FeedbackAction, FeedbackChannel, FeedbackKind, Topic
from motcua.feedback.models import Feedback, FeedbackFile
from motcua.feedback.permissions import can_record
from motcua.feedback.routing import competent_agency
from motcua.feedback.services.transition import NotYours, feedback_transition
from motcua.feedback.timing import due_for
from motcua.organization.models import AdministrativeUnit

# No 0/O, 1/I: codes and secrets are read aloud on the phone and copied from paper.
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
MAX_FILES = 5
MAX_TITLE, MAX_DESCRIPTION = 200, 5000
STAFF_CHANNELS = frozenset({FeedbackChannel.DESK, FeedbackChannel.PHONE})


class FeedbackInvalid(DomainError):
    code = "feedback_invalid"
    message = _("The feedback has errors: %(fields)s.")

    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors
        super().__init__(fields=", ".join(errors))


class IdempotencyKeyReused(DomainError):
    code = "feedback_idempotency_conflict"
    message = _("This submission key was already used for different feedback.")


@dataclass(frozen=True)
class Upload:
    name: str
    data: bytes


@dataclass
class Submission:
    kind: str
    topic: str
    unit: AdministrativeUnit
    title: str
    description: str
    consent: bool
    channel: str = FeedbackChannel.ONLINE
    procedure: Procedure | None = None
    dossier_code: str = ""
    anonymous: bool = False
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    address: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    files: list[Upload] = field(default_factory=list)


def _add(errors: dict, name: str, message) -> None:
    errors.setdefault(name, []).append(str(message))


def _check_subject(sub: Submission, errors: dict) -> None:
    if sub.kind not in FeedbackKind.values:
        _add(errors, "kind", _("Choose what you are sending."))
    if sub.topic not in Topic.values:
        _add(errors, "topic", _("Choose what it is about."))
    sub.title, sub.description = sub.title.strip(), sub.description.strip()
    if not sub.title or len(sub.title) > MAX_TITLE:
        _add(errors, "title", _("Give a short title (at most 200 characters)."))
    if not sub.description or len(sub.description) > MAX_DESCRIPTION:
        _add(errors, "description", _("Describe the matter (at most 5,000 characters)."))
    if len(sub.files) > MAX_FILES:
        _add(errors, "files", _("Attach at most %d files.") % MAX_FILES)
    if (sub.latitude is None) != (sub.longitude is None) or not _on_earth(sub):
        _add(errors, "address", _("The location is not valid."))


def _on_earth(sub: Submission) -> bool:
    if sub.latitude is None or sub.longitude is None:
        return True
    return abs(sub.latitude) <= 90 and abs(sub.longitude) <= 180


def _check_contact(sub: Submission, errors: dict) -> None:
    sub.contact_name = sub.contact_name.strip()
    if sub.kind == FeedbackKind.COMPLAINT and (sub.anonymous or not sub.contact_name):
        _add(errors, "contact_name", _("A complaint must give the complainant's name."))
        sub.anonymous = False
    if sub.contact_phone:
        try:
            sub.contact_phone = clean_phone(sub.contact_phone)
        except ValidationError as exc:
            errors.setdefault("contact_phone", []).extend(exc.messages)
    if sub.contact_email:
        try:
            validate_email(sub.contact_email)
        except ValidationError as exc:
            errors.setdefault("contact_email", []).extend(exc.messages)
    if not sub.anonymous and not (sub.contact_phone or sub.contact_email):
        _add(errors, "contact_phone", _("Give a phone number or an e-mail address to reach you."))
    if not sub.consent:
        _add(errors, "consent", _("Agree to the personal data notice to send your feedback."))


def submission_clean(sub: Submission) -> Submission:
    """Check everything; raise ``FeedbackInvalid`` with every error at once."""
    errors: dict[str, list[str]] = {}
    _check_subject(sub, errors)
    _check_contact(sub, errors)
    if sub.anonymous:  # nothing kept that could identify the sender
        sub.contact_name = sub.contact_phone = sub.contact_email = ""
    if errors:
        raise FeedbackInvalid(errors)
    return sub


def _random(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def _linked_dossier(code: str) -> Dossier | None:
    """The dossier named, if it exists; the citizen is never told either way."""
    code = code.strip().upper()
    if not code:
        return None
    return Dossier.objects.select_related("agency__unit").filter(code=code).first()


def _new_feedback(sub: Submission, *, at: datetime, citizen, recorded_by) -> Feedback:
    dossier = _linked_dossier(sub.dossier_code)
    agency = competent_agency(unit=sub.unit, procedure=sub.procedure, dossier=dossier)
    return Feedback(
        lookup_secret=_random(8),
        kind=sub.kind,
        topic=sub.topic,
        channel=sub.channel,
        title=sub.title,
        description=sub.description,
        procedure=sub.procedure,
        dossier_code=sub.dossier_code.strip().upper()[:40],
        dossier=dossier,
        address=sub.address.strip()[:300],
        latitude=sub.latitude,
        longitude=sub.longitude,
        anonymous=sub.anonymous,
        contact_name=sub.contact_name[:200],
        contact_phone=sub.contact_phone,
        contact_email=sub.contact_email,
        consented_at=at,
        citizen=citizen if citizen is not None and citizen.role == Role.CITIZEN else None,
        recorded_by=recorded_by,
        received_by=recorded_by.agency if recorded_by is not None else None,
        unit=agency.unit,
        agency=agency,
        submitted_at=at,
        due_at=due_for(kind=sub.kind, unit=agency.unit, start=at),
    )


def _check_channel(sub: Submission, recorded_by: User | None) -> None:
    if recorded_by is None and sub.channel in STAFF_CHANNELS:
        raise FeedbackInvalid({"channel": [str(_("Only staff record feedback by phone."))]})
    if recorded_by is not None:
        if not can_record(recorded_by):
            raise NotYours(code="-", agency=sub.unit)
        if sub.channel not in STAFF_CHANNELS:
            raise FeedbackInvalid({"channel": [str(_("Say how the feedback was received."))]})


def feedback_submit(
    *,
    submission: Submission,
    idempotency_key: str = "",
    citizen: User | None = None,
    recorded_by: User | None = None,
    at: datetime | None = None,
) -> Feedback:
    """Store new feedback once: the same key again returns the same feedback.

    Every attachment is checked before anything is written; one refused file
    (``FileRefused``) refuses the whole submission. Staff recording feedback received at
    the desk or by phone pass ``recorded_by``.
    """
    sub = submission_clean(submission)
    _check_channel(sub, recorded_by)
    kinds = [check_upload(upload.name, upload.data) for upload in sub.files]
    if idempotency_key:
        existing = Feedback.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return _same_submission(existing, sub)
    at = at or timezone.now()
    feedback = _new_feedback(sub, at=at, citizen=citizen, recorded_by=recorded_by)
    feedback.idempotency_key = idempotency_key or None
    stored: list[FeedbackFile] = []
    try:
        with transaction.atomic():
            _insert(feedback, actor=recorded_by or citizen, at=at)
            _store_files(feedback, sub.files, kinds, at, stored)
    except IntegrityError:
        _forget(stored)
        if idempotency_key and Feedback.objects.filter(idempotency_key=idempotency_key).exists():
            return _same_submission(Feedback.objects.get(idempotency_key=idempotency_key), sub)
        raise
    except BaseException:
        _forget(stored)
        raise
    return feedback


def _insert(feedback: Feedback, *, actor: User | None, at: datetime) -> None:
    """Insert with a random code, drawing again on the rare collision with another code."""
    day = timezone.localtime(at).strftime("%y%m%d")
    for attempt in range(5):
        feedback.code = f"PA-{day}-{_random(4 if attempt < 3 else 6)}"
        try:
            with transaction.atomic():
                feedback_transition(
                    feedback=feedback,
                    action=FeedbackAction.SUBMIT,
                    actor=actor,
                    at=at,
                    payload={"channel": feedback.channel},
                    notify=notifications.feedback_submitted,
                )
            return
        except IntegrityError:
            if not Feedback.objects.filter(code=feedback.code).exists():
                raise  # not the code: the submission key, answered by the caller
    raise IntegrityError("no free tracking code")


def _store_files(feedback, uploads: list[Upload], kinds, at, stored: list) -> None:
    for upload, kind in zip(uploads, kinds, strict=True):
        row = stored_upload(
            FeedbackFile,
            name=upload.name,
            data=upload.data,
            kind=kind,
            feedback=feedback,
            uploaded_at=at,
        )
        stored.append(row)
        row.save(force_insert=True)


def _forget(stored: list[FeedbackFile]) -> None:
    """Rolled back: no row, so no file either."""
    for row in stored:
        row.file.delete(save=False)


def _same_submission(existing: Feedback, sub: Submission) -> Feedback:
    same = (existing.kind, existing.title, existing.description) == (
        sub.kind,
        sub.title,
        sub.description,
    )
    if not same:
        raise IdempotencyKeyReused
    return existing
