"""Telling applicants what happened to their dossier, after the change is committed.

``dossier_changed`` is what services pass to the transition writer; it only enqueues a
task, so a slow mail server never holds a desk officer's transaction open.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from motcua.dossiers.enums import Action, DossierStatus
from motcua.dossiers.models import Dossier
from motcua.notifications.sms import send_sms

# Actions an applicant hears about; steps inside the agency are not their concern.
ANNOUNCED = frozenset(
    {
        Action.SUBMIT,
        Action.RECEIVE,
        Action.REQUEST_SUPPLEMENT,
        Action.REFUSE,
        Action.PAUSE_SUPPLEMENT,
        Action.PAUSE_FINANCIAL,
        Action.APPROVE,
        Action.DENY,
        Action.RETURN_RESULT,
        Action.STOP,
        Action.LATE_NOTICE,
    }
)


# Set by ``muted()``: changes made in this context tell nobody.
_muted: ContextVar[bool] = ContextVar("dossier_notifications_muted", default=False)


@contextmanager
def muted() -> Iterator[None]:
    """Tell no applicant about changes committed inside the block.

    For dossiers that were never real (the simulation of a past year): their applicants
    are invented, and a message about a change dated months ago would mislead anyway.
    """
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def dossier_changed(dossier_id: int, action: str) -> None:
    if action in ANNOUNCED and not _muted.get():
        notify_applicant.enqueue(dossier_id, action)


def _lookup_link(dossier: Dossier) -> str:
    query = urlencode({"code": dossier.code, "secret": dossier.lookup_secret})
    return f"{settings.SITE_URL}/tra-cuu/?{query}"


def _late_notice(dossier: Dossier) -> str:
    """The apology (Mẫu 04) in words: the first date, the new one, and why."""
    when = {
        "first": timezone.localtime(dossier.original_due_at).strftime("%H:%M %d/%m/%Y"),
        "new": timezone.localtime(dossier.due_at).strftime("%H:%M %d/%m/%Y"),
    }
    text = _(
        "We apologise: dossier %(code)s (%(procedure)s) will not be ready by %(first)s. "
        "New appointment: %(new)s."
    ) % {"code": dossier.code, "procedure": dossier.procedure_version.name, **when}
    reason = dossier.events.filter(action=Action.LATE_NOTICE).order_by("-seq").first()
    if reason is not None and reason.note:
        text += " " + _("Reason: %s.") % reason.note.rstrip(".")
    return text + " " + _("Track it at %s") % f"{settings.SITE_URL}/tra-cuu/"


def _message(dossier: Dossier, action: str) -> str:
    if action == Action.LATE_NOTICE and dossier.original_due_at and dossier.due_at:
        return _late_notice(dossier)
    text = _("Dossier %(code)s (%(procedure)s): %(status)s.") % {
        "code": dossier.code,
        "procedure": dossier.procedure_version.name,
        "status": DossierStatus(dossier.status).label,
    }
    if dossier.due_at and dossier.status in (DossierStatus.RECEIVED, DossierStatus.PROCESSING):
        due = timezone.localtime(dossier.due_at).strftime("%H:%M %d/%m/%Y")
        text += " " + _("Appointment: %s.") % due
    if action == Action.SUBMIT:
        # Only the applicant receives this: it lets them follow the dossier without the form.
        text += " " + _("Lookup code: %s.") % dossier.lookup_secret
        return text + " " + _("Track it at %s") % _lookup_link(dossier)
    if action == Action.RETURN_RESULT:
        text += " " + _("Tell us how we did: rate the service on the dossier's page.")
    return text + " " + _("Track it at %s") % f"{settings.SITE_URL}/tra-cuu/"


@task()
def notify_applicant(dossier_id: int, action: str) -> None:
    dossier = Dossier.objects.select_related("procedure_version").get(pk=dossier_id)
    with translation.override(settings.LANGUAGE_CODE):
        body = _message(dossier, action)
        subject = _("Dossier %s") % dossier.code
    if dossier.applicant_email:
        send_mail(subject, body, None, [dossier.applicant_email])
    if dossier.applicant_phone:
        send_sms(to=dossier.applicant_phone, body=body)
