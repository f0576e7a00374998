"""Telling the citizen about their feedback by e-mail, after the change is committed.

The writer passes ``feedback_submitted`` / ``feedback_answered`` to ``on_commit``; they
only enqueue a task, so a slow mail server never holds a transaction open. The lookup
secret is never sent: it was shown once, on the confirmation page.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from motcua.feedback.enums import FeedbackKind
from motcua.feedback.models import Feedback

SUBMITTED, ANSWERED, REJECTED = "submitted", "answered", "rejected"


def feedback_submitted(feedback_id: int) -> None:
    notify_citizen.enqueue(feedback_id, SUBMITTED)


def feedback_answered(feedback_id: int) -> None:
    notify_citizen.enqueue(feedback_id, ANSWERED)


def feedback_rejected(feedback_id: int) -> None:
    notify_citizen.enqueue(feedback_id, REJECTED)


def _message(feedback: Feedback, event: str) -> str:
    values = {
        "kind": str(FeedbackKind(feedback.kind).label).lower(),
        "code": feedback.code,
        "title": feedback.title,
        "due": timezone.localtime(feedback.due_at).strftime("%d/%m/%Y"),
        "reason": feedback.rejection_reason.rstrip(". "),
    }
    if event == ANSWERED:
        text = _("Your %(kind)s %(code)s (“%(title)s”) has been answered.") % values
    elif event == REJECTED:
        text = (
            _("Your %(kind)s %(code)s (“%(title)s”) was not accepted. Reason: %(reason)s.") % values
        )
    else:
        text = (
            _("We received your %(kind)s (“%(title)s”). Its tracking code is %(code)s.") % values
            + " "
            + _("The answer is due by %(due)s.") % values
        )
    link = f"{settings.SITE_URL}/phan-anh/tra-cuu/"
    return text + " " + _("Follow it at %s with the tracking code and the lookup secret.") % link


@task()
def notify_citizen(feedback_id: int, event: str) -> None:
    feedback = Feedback.objects.get(pk=feedback_id)
    if not feedback.contact_email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Feedback %s") % feedback.code
        body = _message(feedback, event)
    send_mail(subject, body, None, [feedback.contact_email])
