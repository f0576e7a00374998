"""Writes for personal data: the staff access log, the citizens' rights, retention.

Each right exercised and each purge leaves a ``PrivacyEvent`` in the same transaction.
"""

import ipaddress
import json
import zipfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from tempfile import SpooledTemporaryFile

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from motcua.accounts.enums import Role
from motcua.accounts.models import User
from motcua.core.errors import DomainError
from motcua.dossiers.enums import DossierStatus
from motcua.dossiers.models import Dossier, DossierFile
from motcua.feedback.models import Feedback
from motcua.notifications.models import Notice
from motcua.privacy.enums import AccessKind, PrivacyAction, RecordKind
from motcua.privacy.models import AccessLogEntry, PrivacyEvent
from motcua.privacy.selectors import citizen_data, citizen_files

# The database refuses to delete younger access log rows (migration 0002).
ACCESS_LOG_MIN_DAYS = 365
DELETED_PREFIX = "deleted-"
# Online submissions that never became a received dossier: their uploads are not archived.
UNRECEIVED_STATUSES = (DossierStatus.REFUSED, DossierStatus.WITHDRAWN)


class NotACitizen(DomainError):
    code = "not_a_citizen"
    message = gettext_lazy(
        "Only citizen accounts are handled here; staff accounts are managed by the "
        "administrator of the agency."
    )


class WrongPassword(DomainError):
    code = "wrong_password"
    message = gettext_lazy("The password is not correct.")


class RetentionTooShort(DomainError):
    code = "retention_too_short"
    message = gettext_lazy("The access log must be kept at least %(days)d days.")


# --- Staff access log ----------------------------------------------------------------


def _ip(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def access_record(
    *,
    actor: User,
    record_kind: RecordKind,
    record_code: str,
    kind: AccessKind,
    address: str = "",
    at: datetime | None = None,
) -> AccessLogEntry:
    """One row, one INSERT: a member of staff opened personal data."""
    return AccessLogEntry.objects.create(
        at=at or timezone.now(),
        actor=actor,
        actor_agency_id=actor.agency_id,
        record_kind=record_kind,
        record_code=record_code[:60],
        kind=kind,
        address=_ip(address),
    )


# --- The citizen's rights ------------------------------------------------------------


@dataclass(frozen=True)
class Export:
    filename: str
    content_type: str
    content: bytes


def _check_citizen(user: User) -> None:
    if user.role != Role.CITIZEN or not user.is_active:
        raise NotACitizen


def _archive(data: bytes, files: list[tuple[str, object]]) -> bytes:
    with SpooledTemporaryFile(max_size=20_000_000) as buffer:
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("du-lieu.json", data)
            for name, stored in files:
                try:
                    with stored.open("rb") as source:
                        archive.writestr(name, source.read())
                except FileNotFoundError:  # removed after its retention period
                    continue
        buffer.seek(0)
        return buffer.read()


@transaction.atomic
def privacy_export(*, user: User, with_files: bool = False) -> Export:
    """All the data of a signed-in citizen, as JSON (or a ZIP with their files too)."""
    _check_citizen(user)
    now = timezone.now()
    PrivacyEvent.objects.create(
        at=now, action=PrivacyAction.DATA_EXPORTED, account=user, details={"files": with_files}
    )
    data = citizen_data(user=user) | {"exported_at": now.isoformat()}
    text = json.dumps(data, ensure_ascii=False, indent=2).encode()
    name = f"du-lieu-ca-nhan-{now:%Y%m%d}"
    if not with_files:
        return Export(f"{name}.json", "application/json", text)
    return Export(f"{name}.zip", "application/zip", _archive(text, citizen_files(user=user)))


@task()
def send_account_deleted(email: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        body = _(
            "Your account at the one-stop shop has been deleted as you asked. Your dossiers "
            "and feedback are kept by the agencies as the law requires, no longer linked to "
            "an account; you can still look them up with their code and secret. If you did "
            "not ask for this, contact the one-stop desk."
        )
        send_mail(_("Your account has been deleted"), body, None, [email])


def _forget_logins(username: str) -> None:
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username=username).delete()


@transaction.atomic
def account_delete(*, user: User, password: str) -> PrivacyEvent:
    """Deactivate a citizen's account and erase its personal fields.

    Dossiers and feedback are administrative records the agencies must keep: they stay,
    unlinked from the account (docs/privacy.md, "What cannot be deleted").
    """
    _check_citizen(user)
    if not user.check_password(password):
        raise WrongPassword
    email, username = user.email, user.username
    dossiers = Dossier.objects.filter(citizen=user).update(citizen=None)
    feedback = Feedback.objects.filter(citizen=user).update(citizen=None)
    user.username = f"{DELETED_PREFIX}{user.pk}"
    user.email = user.full_name = user.phone = user.first_name = user.last_name = ""
    user.is_active = False
    user.set_unusable_password()  # also ends the account's other sessions
    user.save()
    _forget_logins(username)
    event = PrivacyEvent.objects.create(
        at=timezone.now(),
        action=PrivacyAction.ACCOUNT_DELETED,
        account=user,
        details={"dossiers_unlinked": dossiers, "feedback_unlinked": feedback},
    )
    if email:
        transaction.on_commit(lambda: send_account_deleted.enqueue(email))
    return event


# --- Retention -------------------------------------------------------------------------


def _cutoff(now: datetime, setting: str) -> datetime:
    return now - timedelta(days=getattr(settings, setting))


def _expired(now: datetime) -> dict:
    """What each retention rule would remove now, as querysets."""
    deleted_accounts = PrivacyEvent.objects.filter(action=PrivacyAction.ACCOUNT_DELETED).values(
        "account_id"
    )
    unconfirmed = User.objects.filter(
        role=Role.CITIZEN,
        is_active=False,
        last_login__isnull=True,
        date_joined__lt=_cutoff(now, "MOTCUA_RETAIN_UNCONFIRMED_ACCOUNT_DAYS"),
        own_dossiers__isnull=True,
        own_feedback__isnull=True,
    ).exclude(pk__in=deleted_accounts)
    files = DossierFile.objects.filter(
        dossier__status__in=UNRECEIVED_STATUSES,
        dossier__received_at__isnull=True,
        dossier__status_changed_at__lt=_cutoff(now, "MOTCUA_RETAIN_UNRECEIVED_FILES_DAYS"),
    )
    login_cutoff = _cutoff(now, "MOTCUA_RETAIN_LOGIN_ATTEMPT_DAYS")
    return {
        "unconfirmed_accounts": unconfirmed,
        "unreceived_files": files,
        "notices": Notice.objects.filter(sent_at__lt=_cutoff(now, "MOTCUA_RETAIN_NOTICE_DAYS")),
        "login_attempts": AccessAttempt.objects.filter(attempt_time__lt=login_cutoff),
        "login_failures": AccessFailureLog.objects.filter(attempt_time__lt=login_cutoff),
        "logins": AccessLog.objects.filter(attempt_time__lt=login_cutoff),
        "access_log": AccessLogEntry.objects.filter(
            at__lt=_cutoff(now, "MOTCUA_RETAIN_ACCESS_LOG_DAYS")
        ),
    }


def _remove(name: str, queryset) -> None:
    if name == "unreceived_files":
        for stored in queryset.only("pk", "file"):
            stored.file.delete(save=False)  # a missing file is no error: reruns are safe
    queryset.delete()


@transaction.atomic
def purge_expired(*, dry_run: bool = False) -> dict[str, int]:
    """Remove what has passed its retention period; the counts of rows (to be) removed.

    Running it twice removes nothing the second time. A real run is recorded.
    """
    if settings.MOTCUA_RETAIN_ACCESS_LOG_DAYS < ACCESS_LOG_MIN_DAYS:
        raise RetentionTooShort(days=ACCESS_LOG_MIN_DAYS)
    now = timezone.now()
    expired = _expired(now)
    counts = {name: queryset.count() for name, queryset in expired.items()}
    if dry_run:
        return counts
    for name, queryset in expired.items():
        if counts[name]:
            _remove(name, queryset)
    PrivacyEvent.objects.create(at=now, action=PrivacyAction.PURGED, details=counts)
    return counts
