"""Receiving feedback: routing, time limits, validation, idempotency, attachments, e-mail."""

from decimal import Decimal

import pytest

from motcua.accounts.enums import Role
from motcua.accounts.tests.factories import StaffFactory
from motcua.dossiers.tests.factories import MONDAY, received, vn
from motcua.feedback.enums import FeedbackAction, FeedbackChannel, FeedbackKind, FeedbackStatus
from motcua.feedback.models import Feedback, FeedbackEvent, FeedbackFile
from motcua.feedback.routing import NoCompetentAgency
from motcua.feedback.services import (
    FeedbackInvalid,
    FileRefused,
    IdempotencyKeyReused,
    NotYours,
    Upload,
    feedback_submit,
)
from motcua.feedback.tests.factories import PDF, PNG, about_procedure, sent, submission
from motcua.organization.enums import AgencyKind
from motcua.organization.tests.factories import AgencyFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_submit_gives_a_readable_code_a_secret_and_one_audit_row(world):
    feedback = sent(world)

    assert feedback.code.startswith("PA-260302-")
    assert len(feedback.code) == len("PA-260302-K7QM")
    assert len(feedback.lookup_secret) == 8
    assert not set(feedback.code[10:] + feedback.lookup_secret) & set("01IO")
    assert (feedback.status, feedback.revision, feedback.channel) == (
        FeedbackStatus.RECEIVED,
        1,
        FeedbackChannel.ONLINE,
    )
    assert feedback.contact_phone == "0912345678"
    assert list(FeedbackEvent.objects.values_list("seq", "action", "from_status", "to_status")) == [
        (1, FeedbackAction.SUBMIT, "", FeedbackStatus.RECEIVED)
    ]


def test_submit_without_procedure_or_dossier_goes_to_the_peoples_committee(world):
    assert sent(world).agency == world.committee


def test_submit_about_a_procedure_goes_to_the_agency_offering_it_in_the_unit(world):
    assert about_procedure(world).agency == world.other_agency  # "Phòng Nội vụ" sorts first


def test_submit_about_a_procedure_not_offered_in_the_unit_goes_to_the_committee(world):
    commune = UnitFactory(parent=world.agency.unit)
    committee = AgencyFactory(unit=commune, kind=AgencyKind.PEOPLES_COMMITTEE)

    feedback = about_procedure(world, unit=commune)

    assert (feedback.agency, feedback.unit) == (committee, commune)


def test_submit_naming_a_dossier_goes_to_the_dossiers_agency_and_links_it(world):
    dossier = received(world)

    feedback = sent(world, dossier_code=f" {dossier.code.lower()} ")

    assert (feedback.agency, feedback.dossier, feedback.dossier_code) == (
        world.agency,
        dossier,
        dossier.code,
    )


def test_submit_naming_an_unknown_dossier_keeps_the_code_but_links_nothing(world):
    feedback = sent(world, dossier_code="000.00.00.H00-260302-9999")

    assert (feedback.agency, feedback.dossier) == (world.committee, None)
    assert feedback.dossier_code == "000.00.00.H00-260302-9999"


def test_submit_refuses_a_unit_without_any_agency_to_answer(world):
    empty = UnitFactory()

    with pytest.raises(NoCompetentAgency, match="chưa có cơ quan"):
        sent(world, unit=empty)

    assert Feedback.objects.count() == 0


def test_feedback_is_due_in_15_working_days(world):
    assert sent(world, at=MONDAY).due_at == vn(2026, 3, 23, 9)


def test_complaint_is_due_in_30_working_days_until_accepted(world):
    assert sent(world, kind=FeedbackKind.COMPLAINT).due_at == vn(2026, 4, 13, 9)


def test_time_limits_come_from_the_settings(world, settings):
    settings.MOTCUA_FEEDBACK_DAYS = 10

    assert sent(world).due_at == vn(2026, 3, 16, 9)


def test_complaint_in_a_remote_unit_gets_the_extra_days(world, settings):
    settings.MOTCUA_REMOTE_UNIT_CODES = [world.agency.unit.code]

    remote = sent(world, kind=FeedbackKind.COMPLAINT)
    plain_feedback = sent(world)

    # 45 working days (30 + 15); Hùng Kings' day (observed 27/4), 30/4 and 1/5 are off.
    assert remote.due_at == vn(2026, 5, 7, 9)
    assert plain_feedback.due_at == vn(2026, 3, 23, 9)


def test_same_key_twice_makes_one_feedback(world):
    first = sent(world, key="form-1")
    second = sent(world, key="form-1")

    assert second.pk == first.pk
    assert Feedback.objects.count() == 1


def test_same_key_with_other_content_is_refused(world):
    sent(world, key="form-1")

    with pytest.raises(IdempotencyKeyReused, match="đã được dùng"):
        sent(world, key="form-1", title="Một việc khác")


@pytest.mark.parametrize(
    ("overrides", "field", "text"),
    [
        ({"contact_phone": "", "contact_email": ""}, "contact_phone", "số điện thoại hoặc"),
        ({"contact_phone": "12345"}, "contact_phone", "10 chữ số"),
        ({"contact_email": "not-an-address"}, "contact_email", "email"),
        ({"consent": False}, "consent", "đồng ý với thông báo"),
        ({"title": "  "}, "title", "tiêu đề"),
        ({"description": ""}, "description", "nội dung"),
        ({"kind": "gossip"}, "kind", "Chọn"),
        ({"topic": "weather"}, "topic", "Chọn"),
        ({"kind": FeedbackKind.COMPLAINT, "contact_name": ""}, "contact_name", "họ tên"),
        ({"kind": FeedbackKind.COMPLAINT, "anonymous": True}, "contact_name", "họ tên"),
        ({"latitude": Decimal("21.8")}, "address", "Vị trí"),
        ({"files": [Upload("a.pdf", PDF)] * 6}, "files", "tối đa 5"),
    ],
)
def test_submit_refuses_incomplete_feedback_with_every_error(world, overrides, field, text):
    with pytest.raises(FeedbackInvalid) as caught:
        sent(world, **overrides)

    assert field in caught.value.errors
    assert text in " ".join(caught.value.errors[field])
    assert Feedback.objects.count() == 0


def test_anonymous_feedback_keeps_no_contact(world):
    feedback = sent(world, anonymous=True, contact_phone="", contact_email="")

    assert (feedback.anonymous, feedback.contact_name, feedback.contact_phone) == (True, "", "")


def test_anonymous_feedback_drops_contacts_given_anyway(world):
    feedback = sent(world, anonymous=True)

    assert (feedback.contact_name, feedback.contact_phone, feedback.contact_email) == ("", "", "")


def test_location_is_kept_for_open311(world):
    feedback = sent(
        world, latitude=Decimal("22.15"), longitude=Decimal("105.39"), address="Chợ Nà Hang"
    )

    feedback.refresh_from_db()
    assert (feedback.latitude, feedback.longitude, feedback.address) == (
        Decimal("22.150000"),
        Decimal("105.390000"),
        "Chợ Nà Hang",
    )


def test_attachments_are_stored_under_random_names_with_clean_display_names(world, tmp_path):
    feedback = sent(world, files=[Upload("Ảnh chụp.pdf", PNG), Upload("biên bản.pdf", PDF)])

    first, second = feedback.files.order_by("pk")
    assert (first.original_name, first.content_type) == ("Ảnh chụp.png", "image/png")
    assert (second.original_name, second.content_type) == ("biên bản.pdf", "application/pdf")
    assert first.file.name == f"feedback/{feedback.pk}/{first.token}"
    assert (tmp_path / second.file.name).read_bytes() == PDF


@pytest.mark.parametrize(
    ("upload", "reason"),
    [
        (Upload("giay-to.docx", b"PK\x03\x04 a word document"), "PDF, JPEG"),
        (Upload("rong.pdf", b""), "tệp rỗng"),
        (Upload("anh.jpg", b"MZ\x90\x00 a program renamed"), "PDF, JPEG"),
        (Upload("../../../etc/passwd.png", b"root:x:0:0"), "PDF, JPEG"),
        (Upload("hong.pdf", b"%PDF-1.4 truncated"), "bị hỏng"),
    ],
)
def test_one_refused_attachment_refuses_everything_and_writes_nothing(
    world, tmp_path, upload, reason
):
    with pytest.raises(FileRefused, match=reason):
        sent(world, files=[Upload("tot.pdf", PDF), upload])

    assert (Feedback.objects.count(), FeedbackFile.objects.count()) == (0, 0)
    assert not (tmp_path / "feedback").exists()


def test_an_oversized_attachment_is_refused(world, settings, tmp_path):
    settings.MOTCUA_MAX_UPLOAD_BYTES = len(PDF) - 1

    with pytest.raises(FileRefused, match="lớn hơn"):
        sent(world, files=[Upload("lon.pdf", PDF)])

    assert Feedback.objects.count() == 0
    assert not (tmp_path / "feedback").exists()


def test_a_path_traversal_name_never_leaves_the_feedback_folder(world, tmp_path):
    feedback = sent(world, files=[Upload("../../../../tmp/x/evil.pdf", PDF)])

    (stored,) = feedback.files.all()
    assert stored.original_name == "evil.pdf"
    assert (tmp_path / "feedback" / str(feedback.pk) / stored.token).exists()


def test_submit_mails_the_tracking_code_after_commit_never_the_secret(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        feedback = sent(world)
        assert mailoutbox == []

    (mail,) = mailoutbox
    assert mail.to == ["binh@example.org"]
    assert feedback.code in mail.subject
    assert "Chúng tôi đã nhận được phản ánh (“Chờ lâu ở Bộ phận Một cửa”) của bạn." in mail.body
    assert "23/03/2026" in mail.body
    assert feedback.lookup_secret not in mail.body


def test_submit_without_e_mail_sends_nothing(world, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sent(world, contact_email="")

    assert mailoutbox == []


def test_desk_officer_records_feedback_told_on_the_phone(world):
    feedback = feedback_submit(
        submission=submission(world, channel=FeedbackChannel.PHONE),
        recorded_by=world.clerk,
        at=MONDAY,
    )

    assert (feedback.channel, feedback.recorded_by, feedback.received_by) == (
        FeedbackChannel.PHONE,
        world.clerk,
        world.desk,
    )
    assert feedback.events.get().actor == world.clerk


def test_inspectors_cannot_record_feedback(world):
    inspector = StaffFactory(role=Role.INSPECTOR, agency=world.committee)

    with pytest.raises(NotYours):
        feedback_submit(
            submission=submission(world, channel=FeedbackChannel.DESK), recorded_by=inspector
        )


def test_staff_must_say_how_feedback_reached_them(world):
    with pytest.raises(FeedbackInvalid) as caught:
        feedback_submit(submission=submission(world), recorded_by=world.clerk)

    assert "channel" in caught.value.errors


def test_only_staff_record_phone_feedback(world):
    with pytest.raises(FeedbackInvalid) as caught:
        sent(world, channel=FeedbackChannel.PHONE)

    assert "channel" in caught.value.errors
