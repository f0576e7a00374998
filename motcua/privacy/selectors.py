"""Reads of personal data: a citizen's own data, and the staff access log."""

from datetime import date, datetime, time, timedelta

from django.db.models import Count, Prefetch, QuerySet
from django.db.models.functions import TruncDate

from motcua.accounts.enums import Role
from motcua.accounts.models import User
from motcua.accounts.permissions import visible_agencies
from motcua.dossiers.models import Dossier, DossierEvent, DossierFile
from motcua.dossiers.selectors import PUBLIC_ACTIONS, PUBLIC_NOTES
from motcua.feedback.models import Feedback
from motcua.privacy.enums import RecordKind
from motcua.privacy.models import AccessLogEntry, PrivacyEvent
from motcua.workdays.calendar import VIETNAM

# Who may read the access log of their unit (and of the units below it).
ACCESS_LOG_READERS = frozenset({Role.ADMINISTRATOR, Role.INSPECTOR})


def _moment(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _account(user: User) -> dict:
    return {
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
        "phone": user.phone,
        "registered_at": _moment(user.date_joined),
        "last_login": _moment(user.last_login),
    }


def _history(dossier: Dossier) -> list[dict]:
    """The milestones the applicant sees on the dossier page; never staff notes."""
    return [
        {
            "at": _moment(e.at),
            "action": e.get_action_display(),
            "status": e.get_to_status_display(),
            "agency": e.to_agency.name if e.to_agency else "",
            "note": e.note if e.action in PUBLIC_NOTES else "",
        }
        for e in dossier.public_events
    ]


def _rating(dossier: Dossier) -> dict | None:
    rating = getattr(dossier, "rating", None)
    if rating is None:
        return None
    fields = ("scale", "overall", "reception", "attitude", "timeliness", "publicity", "comment")
    return {f: getattr(rating, f) for f in fields} | {"given_at": _moment(rating.created_at)}


def _dossier(dossier: Dossier) -> dict:
    return {
        "code": dossier.code,
        "procedure": dossier.procedure_version.name,
        "case": dossier.case_name,
        "channel": dossier.get_channel_display(),
        "status": dossier.get_status_display(),
        "receiving_desk": dossier.desk.name,
        "competent_agency": dossier.agency.name,
        "content": dossier.content,
        "applicant": {
            "kind": dossier.get_applicant_kind_display(),
            "name": dossier.applicant_name,
            "id_number": dossier.applicant_id_number,
            "phone": dossier.applicant_phone,
            "email": dossier.applicant_email,
            "address": dossier.applicant_address,
            "representative": dossier.representative_name,
            "representative_id_number": dossier.representative_id_number,
        },
        "submitted_at": _moment(dossier.submitted_at),
        "received_at": _moment(dossier.received_at),
        "appointment": _moment(dossier.due_at),
        "decided_at": _moment(dossier.decided_at),
        "returned_at": _moment(dossier.returned_at),
        "result": dossier.get_result_display(),
        "result_document": dossier.result_document,
        "result_reason": dossier.result_reason,
        "fees": dossier.fee_amount,
        "history": _history(dossier),
        "files_uploaded": [
            {"name": f.original_name, "size": f.size, "uploaded_at": _moment(f.uploaded_at)}
            for f in dossier.own_files
        ],
        "rating": _rating(dossier),
    }


def _feedback(item: Feedback) -> dict:
    return {
        "code": item.code,
        "kind": item.get_kind_display(),
        "topic": item.get_topic_display(),
        "title": item.title,
        "content": item.description,
        "place": item.address,
        "dossier_code": item.dossier_code,
        "anonymous": item.anonymous,
        "contact": {
            "name": item.contact_name,
            "phone": item.contact_phone,
            "email": item.contact_email,
        },
        "consent_given_at": _moment(item.consented_at),
        "submitted_at": _moment(item.submitted_at),
        "status": item.get_status_display(),
        "competent_agency": item.agency.name,
        "answer": item.answer,
        "answered_at": _moment(item.answered_at),
        "satisfied": item.satisfied,
        "closed_at": _moment(item.closed_at),
        "files": [f.original_name for f in item.files.all()],
    }


def citizen_dossiers(*, user: User) -> QuerySet[Dossier]:
    public_events = DossierEvent.objects.filter(action__in=PUBLIC_ACTIONS).select_related(
        "to_agency"
    )
    return (
        Dossier.objects.filter(citizen=user)
        .select_related("procedure_version", "desk", "agency", "rating")
        .prefetch_related(
            Prefetch("events", public_events.order_by("seq"), to_attr="public_events"),
            Prefetch("files", DossierFile.objects.filter(uploaded_by=user), to_attr="own_files"),
        )
        .order_by("pk")
    )


def citizen_feedback(*, user: User) -> QuerySet[Feedback]:
    return (
        Feedback.objects.filter(citizen=user)
        .select_related("agency")
        .prefetch_related("files")
        .order_by("pk")
    )


def citizen_data(*, user: User) -> dict:
    """Everything the site holds about this citizen that is theirs to receive.

    Internal notes between members of staff and who on the staff handled a dossier are
    the agencies' working records, not the applicant's data, and are left out.
    """
    dossiers = list(citizen_dossiers(user=user))
    feedback = list(citizen_feedback(user=user))
    requests = PrivacyEvent.objects.filter(account=user).order_by("at", "pk")
    return {
        "account": _account(user),
        "dossiers": [_dossier(d) for d in dossiers],
        "feedback": [_feedback(f) for f in feedback],
        "consents": {
            "account_registration": _moment(user.date_joined),
            "online_submissions": [
                {"dossier": d.code, "at": _moment(d.submitted_at)}
                for d in dossiers
                if d.submitted_at
            ],
            "feedback": [{"feedback": f.code, "at": _moment(f.consented_at)} for f in feedback],
        },
        "requests": [{"at": _moment(e.at), "action": e.get_action_display()} for e in requests],
    }


def citizen_files(*, user: User) -> list[tuple[str, object]]:
    """(path inside the archive, stored file) of every file the citizen sent."""
    files = [
        (f"dossiers/{f.dossier.code}/{f.pk}-{f.original_name}", f.file)
        for f in DossierFile.objects.filter(uploaded_by=user).select_related("dossier")
    ]
    for item in citizen_feedback(user=user):
        files += [
            (f"feedback/{item.code}/{f.pk}-{f.original_name}", f.file) for f in item.files.all()
        ]
    return files


def access_log_allowed(user: User) -> bool:
    return user.is_authenticated and user.is_staff_member and user.role in ACCESS_LOG_READERS


def access_log_for_staff(
    *,
    user: User,
    record_code: str = "",
    actor: User | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AccessLogEntry]:
    """Accesses by the staff of the agencies ``user`` oversees, newest first."""
    if not access_log_allowed(user):
        return AccessLogEntry.objects.none()
    entries = AccessLogEntry.objects.filter(actor_agency__in=visible_agencies(user).values("pk"))
    if record_code:
        entries = entries.filter(record_code=record_code)
    if actor is not None:
        entries = entries.filter(actor=actor)
    if date_from:
        entries = entries.filter(at__gte=datetime.combine(date_from, time.min, tzinfo=VIETNAM))
    if date_to:
        end = datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=VIETNAM)
        entries = entries.filter(at__lt=end)
    return entries.select_related("actor", "actor_agency").order_by("-at", "-pk")


def access_log_staff_choices(*, user: User) -> QuerySet[User]:
    """Members of staff whose accesses ``user`` may read, for the filter."""
    if not access_log_allowed(user):
        return User.objects.none()
    return User.objects.filter(agency__in=visible_agencies(user).values("pk")).order_by(
        "full_name", "username"
    )


def dossier_access_summary(*, dossier: Dossier, limit: int = 30) -> list[dict]:
    """Which agencies' staff opened the dossier, on which days, how often.

    What the applicant sees: the agency, never the name of the member of staff.
    """
    return list(
        AccessLogEntry.objects.filter(record_kind=RecordKind.DOSSIER, record_code=dossier.code)
        .annotate(day=TruncDate("at", tzinfo=VIETNAM))
        .values("actor_agency__name", "day")
        .annotate(times=Count("pk"))
        .order_by("-day", "actor_agency__name")[:limit]
    )
