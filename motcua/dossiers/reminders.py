"""Daily reminders: each officer's urgent dossiers, each agency head's summary."""

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from motcua.accounts.enums import Role
from motcua.accounts.models import User
from motcua.dossiers.enums import PAUSED_STATUSES
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossier_inbox
from motcua.notifications.services import notice_send_once
from motcua.workdays.enums import TimeUnit
from motcua.workdays.selectors import calendar_for_unit


@dataclass
class Digest:
    overdue: list[Dossier] = field(default_factory=list)
    due_soon: list[Dossier] = field(default_factory=list)
    open_count: int = 0


def digest_for(user: User, *, now: datetime, within_hours: int) -> Digest:
    calendar = calendar_for_unit(unit_id=user.agency.unit_id)
    horizon = calendar.due_at(now, within_hours, TimeUnit.WORKING_HOURS).due_at
    scope = "agency" if user.role in (Role.AGENCY_HEAD, Role.DESK_OFFICER) else "mine"
    dossiers = dossier_inbox(user=user, scope=scope).exclude(status__in=PAUSED_STATUSES)
    digest = Digest(open_count=dossier_inbox(user=user, scope=scope).count())
    for dossier in dossiers.filter(due_at__lt=horizon)[:200]:
        (digest.overdue if dossier.due_at < now else digest.due_soon).append(dossier)
    return digest


def reminders_send(*, within_hours: int = 8, now: datetime | None = None) -> int:
    """E-mail every active member of staff who has something urgent; once per day each."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    roles = [Role.DESK_OFFICER, Role.PROCESSING_OFFICER, Role.AGENCY_HEAD]
    staff = User.objects.filter(is_active=True, role__in=roles, agency__isnull=False).exclude(
        email=""
    )
    sent = 0
    for user in staff.select_related("agency__unit"):
        digest = digest_for(user, now=now, within_hours=within_hours)
        if not (digest.overdue or digest.due_soon):
            continue
        with translation.override(settings.LANGUAGE_CODE):
            context = {
                "user": user,
                "digest": digest,
                "site_url": settings.SITE_URL,
                "summary": user.role == Role.AGENCY_HEAD,
                "within_hours": within_hours,
            }
            subject = _("Dossiers to handle: %(overdue)d overdue, %(soon)d due soon") % {
                "overdue": len(digest.overdue),
                "soon": len(digest.due_soon),
            }
            body = render_to_string("dossiers/reminder_email.txt", context)
        sent += notice_send_once(
            key=f"reminder:{user.pk}:{day.isoformat()}",
            recipient=user.email,
            send=lambda s=subject, b=body, to=user.email: send_mail(s, b, None, [to]),
        )
    return sent
