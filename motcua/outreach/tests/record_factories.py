"""Agencies, record keepers, sessions and reviews for tests; records go through the services."""

from datetime import date

from motcua.accounts.enums import Role
from motcua.accounts.models import User
from motcua.accounts.tests.factories import StaffFactory
from motcua.catalog.models import Procedure
from motcua.catalog.tests.factories import procedure_data, publish
from motcua.organization.enums import AgencyKind
from motcua.organization.models import AdministrativeUnit, Agency
from motcua.organization.tests.factories import AgencyFactory
from motcua.outreach.enums import AudienceKind, ReviewAction, ReviewFinding, ReviewProposal
from motcua.outreach.models import OutreachSession, ProcedureReview
from motcua.outreach.review_services import ReviewDetails, review_create, review_transition
from motcua.outreach.session_services import SessionDetails, session_create
from motcua.outreach.tests.factories import vn


def agency_of(unit: AdministrativeUnit, name: str = "", **kwargs) -> Agency:
    if name:
        kwargs["name"] = name
    return AgencyFactory(unit=unit, **kwargs)


def member(agency: Agency, role: str = Role.ADMINISTRATOR) -> User:
    return StaffFactory(role=role, agency=agency)


def committee(unit: AdministrativeUnit) -> Agency:
    return AgencyFactory(unit=unit, kind=AgencyKind.PEOPLES_COMMITTEE, name=f"UBND {unit.name}")


def session_details(agency: Agency, **overrides) -> SessionDetails:
    values = {
        "held_on": date(2026, 3, 4),
        "title": "Tập huấn nghiệp vụ hộ tịch",
        "audience": AudienceKind.OFFICIALS,
        "place": "Hội trường Ủy ban nhân dân huyện",
        "agency": agency,
        "unit": agency.unit,
        "participants": 40,
        "notes": "",
    }
    values.update(overrides)
    return SessionDetails(**values)


def session(actor: User, agency: Agency | None = None, **overrides) -> OutreachSession:
    details = session_details(agency or actor.agency, **overrides)
    return session_create(actor=actor, details=details)


def procedure(code: str = "1.001193", name: str = "Đăng ký khai sinh") -> Procedure:
    found = Procedure.objects.filter(code=code).first()
    return found or publish(procedure_data(code=code, name=name))[0]


def review_details(agency: Agency, **overrides) -> ReviewDetails:
    values = {
        "procedure": overrides.pop("procedure", None) or procedure(),
        "reviewed_on": date(2026, 4, 10),
        "agency": agency,
        "finding": ReviewFinding.CUMBERSOME,
        "proposal": ReviewProposal.SIMPLIFY,
        "description": "Tờ khai hỏi lại thông tin đã có trong cơ sở dữ liệu dân cư.",
    }
    values.update(overrides)
    return ReviewDetails(**values)


def review(actor: User, agency: Agency | None = None, **overrides) -> ProcedureReview:
    details = review_details(agency or actor.agency, **overrides)
    return review_create(actor=actor, details=details, at=vn(2026, 4, 10))


def moved(item: ProcedureReview, actor: User, *actions: str, note: str = "") -> ProcedureReview:
    """``item`` taken through ``actions`` in order, the rejection with ``note`` or a reason."""
    for action in actions:
        reason = note or ("Không phù hợp." if action == ReviewAction.REJECT else "")
        item = review_transition(review=item, action=action, actor=actor, note=reason)
    return item
