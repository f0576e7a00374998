"""Units, editors and posts for news tests; posts are made through the services."""

from datetime import datetime
from zoneinfo import ZoneInfo

from motcua.accounts.enums import Role
from motcua.accounts.models import User
from motcua.accounts.tests.factories import StaffFactory
from motcua.organization.enums import AgencyKind, UnitLevel
from motcua.organization.models import AdministrativeUnit
from motcua.organization.tests.factories import AgencyFactory, UnitFactory
from motcua.outreach.enums import PostKind
from motcua.outreach.models import Post
from motcua.outreach.services import PostContent, post_create, post_publish

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def vn(year: int, month: int, day: int, hour: int = 9) -> datetime:
    return datetime(year, month, day, hour, tzinfo=VN)


def staff_of(unit: AdministrativeUnit, role: str = Role.ADMINISTRATOR) -> User:
    agency = AgencyFactory(unit=unit, kind=AgencyKind.PEOPLES_COMMITTEE)
    return StaffFactory(role=role, agency=agency)


def district_with_commune() -> tuple[AdministrativeUnit, AdministrativeUnit]:
    district = UnitFactory(level=UnitLevel.DISTRICT, name="Huyện Thử Nghiệm")
    commune = UnitFactory(level=UnitLevel.COMMUNE, parent=district, name="Xã Thử Nghiệm")
    return district, commune


def content(**overrides) -> PostContent:
    values = {
        "kind": PostKind.NEWS,
        "title": "Đăng ký khai sinh trực tuyến",
        "summary": "Tóm tắt ngắn.",
        "body": "Đoạn thứ nhất.\n\nĐoạn thứ hai.",
    }
    values.update(overrides)
    return PostContent(**values)


def draft(editor: User, unit: AdministrativeUnit | None = None, **overrides) -> Post:
    return post_create(actor=editor, unit=unit or editor.agency.unit, content=content(**overrides))


def published(editor: User, *, at: datetime | None = None, **overrides) -> Post:
    """Published at ``at``, by default Monday 2 March 2026 at 09:00."""
    at = at or vn(2026, 3, 2)
    return post_publish(post=draft(editor, **overrides), actor=editor, at=at)
