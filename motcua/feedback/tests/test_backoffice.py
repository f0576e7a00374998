"""The staff screens: the scoped list, one feedback with its actions, recording at the desk."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.accounts.enums import Role
from motcua.accounts.tests.factories import StaffFactory, UserFactory
from motcua.dossiers.tests.factories import vn
from motcua.feedback.enums import FeedbackChannel, FeedbackStatus
from motcua.feedback.models import Feedback
from motcua.feedback.services import Upload
from motcua.feedback.tests.factories import PDF, about_procedure, answered, sent

pytestmark = pytest.mark.django_db


def test_the_list_shows_only_feedback_in_scope_with_its_time_in_words(client, world):
    ours = answered(world)
    theirs = about_procedure(world)
    client.force_login(world.officer)

    page = client.get(reverse("backoffice:feedback_list"))

    assert page.status_code == 200
    assert ours.code in page.text
    assert theirs.code not in page.text
    assert "Đã trả lời" in page.text


def test_the_list_says_overdue_in_words_not_only_in_colour(client, world):
    overdue = sent(world, at=vn(2025, 1, 6))
    client.force_login(world.leader)

    page = client.get(reverse("backoffice:feedback_list"), {"due": "overdue"})

    assert overdue.code in page.text
    assert "⚠ Quá hạn" in page.text


def test_citizens_are_turned_away(client, world):
    client.force_login(UserFactory(role=Role.CITIZEN))

    assert client.get(reverse("backoffice:feedback_list")).status_code == 403


def test_the_detail_of_another_agencys_feedback_is_not_found(client, world):
    theirs = about_procedure(world)
    client.force_login(world.officer)

    assert client.get(reverse("backoffice:feedback", args=[theirs.code])).status_code == 404
    response = client.post(
        reverse("backoffice:feedback_action", args=[theirs.code, "accept"]), {"accept-note": ""}
    )
    assert response.status_code == 404


def test_the_detail_shows_the_sender_the_history_and_the_allowed_actions(client, world):
    feedback = about_procedure(world)
    client.force_login(world.other_head)

    page = client.get(reverse("backoffice:feedback", args=[feedback.code]))

    assert page.status_code == 200
    assert "Trần Thị Bình" in page.text
    assert "0912345678" in page.text
    assert feedback.lookup_secret not in page.text
    assert "Lịch sử" in page.text
    for action in ("Thụ lý", "Trả lời", "Chuyển cơ quan khác", "Không thụ lý"):
        assert f"<summary>{action}</summary>" in page.text


def test_inspectors_read_but_are_offered_nothing(client, world):
    feedback = about_procedure(world)
    client.force_login(StaffFactory(role=Role.INSPECTOR, agency=world.committee))

    page = client.get(reverse("backoffice:feedback", args=[feedback.code]))

    assert page.status_code == 200
    assert "<summary>" not in page.text
    assert "Không có việc gì bạn cần làm với phản ánh này lúc này." in page.text


def test_the_officer_answers_from_the_page(client, world):
    feedback = about_procedure(world)
    client.force_login(world.other_officer)
    url = reverse("backoffice:feedback_action", args=[feedback.code, "answer"])

    empty = client.post(url, {"answer-answer": ""})
    done = client.post(url, {"answer-answer": "Đã hướng dẫn lại."})

    assert empty.status_code == 400
    assert "Trường này là bắt buộc." in empty.text
    assert done.status_code == 302
    stored = Feedback.objects.get(pk=feedback.pk)
    assert (stored.status, stored.answer, stored.published) == (
        FeedbackStatus.ANSWERED,
        "Đã hướng dẫn lại.",
        False,
    )


def test_the_head_routes_feedback_away_and_lands_back_on_the_list(client, world):
    feedback = about_procedure(world)
    client.force_login(world.other_head)

    response = client.post(
        reverse("backoffice:feedback_action", args=[feedback.code, "route"]),
        {"route-to": world.agency.pk, "route-reason": "Thuộc lĩnh vực tư pháp"},
    )

    assert response.status_code == 302
    assert response.url == reverse("backoffice:feedback_list")
    assert Feedback.objects.get(pk=feedback.pk).agency == world.agency


def test_a_refused_action_is_explained_on_the_page(client, world):
    feedback = about_procedure(world)
    client.force_login(world.other_head)
    url = reverse("backoffice:feedback_action", args=[feedback.code, "reject"])

    page = client.post(url, {"reject-reason": "   "})

    assert page.status_code == 400
    assert Feedback.objects.get(pk=feedback.pk).status == FeedbackStatus.RECEIVED


def test_the_desk_records_a_phone_call_and_gets_the_secret_once(client, world):
    client.force_login(world.clerk)
    data = {
        "channel": FeedbackChannel.PHONE,
        "kind": "recommendation",
        "topic": "facilities",
        "procedure": "",
        "dossier_code": "",
        "title": "Thêm ghế chờ",
        "description": "Khu chờ thiếu ghế vào buổi sáng.",
        "address": "",
        "contact_name": "Hoàng Văn Dũng",
        "contact_phone": "0977000111",
        "contact_email": "",
        "consent": "on",
        "idempotency_key": "a" * 32,
    }

    page = client.get(reverse("backoffice:feedback_record"))
    response = client.post(reverse("backoffice:feedback_record"), data, follow=True)

    assert page.status_code == 200
    feedback = Feedback.objects.get()
    assert (feedback.channel, feedback.recorded_by, feedback.agency) == (
        FeedbackChannel.PHONE,
        world.clerk,
        world.committee,
    )
    assert feedback.lookup_secret in response.text
    again = client.get(reverse("backoffice:feedback", args=[feedback.code]))
    assert feedback.lookup_secret not in again.text


def test_inspectors_cannot_record(client, world):
    client.force_login(StaffFactory(role=Role.INSPECTOR, agency=world.committee))

    assert client.get(reverse("backoffice:feedback_record")).status_code == 403


def test_attachments_download_for_staff_in_scope_only(client, world):
    feedback = about_procedure(world, files=[Upload("ảnh.pdf", PDF)])
    stored = feedback.files.get()
    url = reverse("backoffice:feedback_file", args=[feedback.code, stored.token])

    client.force_login(world.officer)
    assert client.get(url).status_code == 404
    client.force_login(world.other_officer)
    response = client.get(url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]


def test_record_refuses_a_bad_upload(client, world, tmp_path):
    client.force_login(world.clerk)
    bad = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00", content_type="application/pdf")

    page = client.post(
        reverse("backoffice:feedback_record"),
        {
            "channel": "desk",
            "kind": "feedback",
            "topic": "other",
            "title": "X",
            "description": "Y",
            "contact_phone": "0977000111",
            "consent": "on",
            "idempotency_key": "b" * 32,
            "files": [bad],
        },
    )

    assert page.status_code == 400
    assert Feedback.objects.count() == 0
    assert not (tmp_path / "feedback").exists()
