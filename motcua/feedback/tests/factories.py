"""Feedback in the usual states, on top of the dossier tests' small world."""

from datetime import datetime

from motcua.accounts.enums import Role
from motcua.accounts.tests.factories import StaffFactory
from motcua.dossiers.tests.factories import MONDAY, World
from motcua.feedback.enums import FeedbackKind, Topic
from motcua.feedback.models import Feedback
from motcua.feedback.services import (
    Submission,
    feedback_accept,
    feedback_answer,
    feedback_submit,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def submission(world: World, **overrides) -> Submission:
    values = {
        "kind": FeedbackKind.FEEDBACK,
        "topic": Topic.SERVICE_QUALITY,
        "unit": world.agency.unit,
        "title": "Chờ lâu ở Bộ phận Một cửa",
        "description": "Tôi phải chờ hơn hai giờ mới được tiếp nhận hồ sơ.",
        "consent": True,
        "contact_name": "Trần Thị Bình",
        "contact_phone": "0912 345 678",
        "contact_email": "binh@example.org",
    }
    values.update(overrides)
    return Submission(**values)


def sent(world: World, *, at: datetime = MONDAY, key: str = "", **overrides) -> Feedback:
    """Received by the unit's People's Committee (no procedure, no dossier named)."""
    return feedback_submit(submission=submission(world, **overrides), idempotency_key=key, at=at)


def committee_head(world: World):
    return StaffFactory(role=Role.AGENCY_HEAD, agency=world.committee, full_name="Chánh Văn phòng")


def committee_officer(world: World):
    return StaffFactory(
        role=Role.PROCESSING_OFFICER, agency=world.committee, full_name="Chuyên viên Văn phòng"
    )


def about_procedure(world: World, **overrides) -> Feedback:
    """About the procedure: routed to the agency offering it (Phòng Nội vụ comes first)."""
    procedure = world.version.procedure
    return sent(world, procedure=procedure, **overrides)


def answered(world: World, *, at: datetime = MONDAY, publish: bool = False) -> Feedback:
    """Handled and answered by the agency the dossier named."""
    from motcua.dossiers.tests.factories import received

    dossier = received(world, at=at)
    feedback = sent(world, at=at, dossier_code=dossier.code)
    feedback = feedback_accept(feedback=feedback, actor=world.officer, at=at)
    actor = world.head if publish else world.officer
    return feedback_answer(
        feedback=feedback,
        actor=actor,
        answer="Đã chấn chỉnh, xin lỗi ông/bà.",
        publish=publish,
        at=at,
    )
