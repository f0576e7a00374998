"""Writes to outreach sessions: record one, correct it. Each checks the record keeper."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.core.errors import DomainError
from motcua.organization.models import AdministrativeUnit, Agency
from motcua.organization.selectors import unit_subtree_ids
from motcua.outreach.enums import AudienceKind
from motcua.outreach.models import OutreachSession
from motcua.outreach.permissions import record_agencies


class NotARecordKeeper(DomainError):
    code = "not_a_record_keeper"
    message = _("You may not record sessions or reviews for %(agency)s.")


class UnitOutsideAgency(DomainError):
    code = "unit_outside_agency"
    message = _("%(unit)s is neither the unit of %(agency)s nor a unit below it.")


class SessionTopicRequired(DomainError):
    code = "session_topic_required"
    message = _("A session needs a topic and a place.")


class ParticipantsNegative(DomainError):
    code = "participants_negative"
    message = _("The number of participants cannot be negative.")


@dataclass(frozen=True)
class SessionDetails:
    """What a record keeper writes about a session."""

    held_on: date
    title: str
    audience: str
    place: str
    agency: Agency
    unit: AdministrativeUnit
    participants: int
    notes: str = ""

    def fields(self) -> dict[str, object]:
        if self.participants < 0:
            raise ParticipantsNegative
        texts = {name: getattr(self, name).strip() for name in ("title", "place", "notes")}
        if not texts["title"] or not texts["place"]:
            raise SessionTopicRequired
        return {
            "held_on": self.held_on,
            "audience": AudienceKind(self.audience),
            "agency": self.agency,
            "unit": self.unit,
            "participants": self.participants,
            **texts,
        }


def ensure_record_keeper(actor: User, agency: Agency) -> None:
    """Raise unless ``actor`` may record sessions and reviews of ``agency``."""
    if not record_agencies(actor, write=True).filter(pk=agency.pk).exists():
        raise NotARecordKeeper(agency=agency)


def _checked(actor: User, details: SessionDetails) -> dict[str, object]:
    ensure_record_keeper(actor, details.agency)
    if details.unit.pk not in unit_subtree_ids(unit_id=details.agency.unit_id):
        raise UnitOutsideAgency(unit=details.unit, agency=details.agency)
    return details.fields()


@transaction.atomic
def session_create(*, actor: User, details: SessionDetails) -> OutreachSession:
    """Record a session organised by ``details.agency``, counted for ``details.unit``."""
    fields = _checked(actor, details)
    return OutreachSession.objects.create(created_by=actor, updated_by=actor, **fields)


@transaction.atomic
def session_update(
    *, session: OutreachSession, actor: User, details: SessionDetails
) -> OutreachSession:
    """Correct a session; the actor must keep the records of its old and its new organiser."""
    ensure_record_keeper(actor, session.agency)
    changes = {**_checked(actor, details), "updated_by": actor}
    for name, value in changes.items():
        setattr(session, name, value)
    session.save(update_fields=[*changes, "updated_at"])
    return session
