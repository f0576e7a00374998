"""The public pages, driven as a citizen on a phone would: no JavaScript, plain forms."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.dossiers.tests.factories import received, submitted
from motcua.feedback.enums import FeedbackStatus
from motcua.feedback.models import Feedback, FeedbackFile, SatisfactionRating
from motcua.feedback.services import feedback_close, rating_give
from motcua.feedback.tests.factories import PDF, answered, sent
from motcua.portal.access import unlock

pytestmark = pytest.mark.django_db


def form_data(world, **overrides) -> dict:
    data = {
        "kind": "feedback",
        "topic": "staff_conduct",
        "unit": world.agency.unit.pk,
        "procedure": "",
        "dossier_code": "",
        "title": "Cán bộ không hướng dẫn",
        "description": "Tôi hỏi nhưng không được hướng dẫn cách điền tờ khai.",
        "address": "",
        "contact_name": "Lê Văn Cường",
        "contact_phone": "0987654321",
        "contact_email": "",
        "consent": "on",
        "idempotency_key": "8f14e45fceea167a5a36dedd4bea2543",
    }
    data.update(overrides)
    return data


def test_the_public_list_shows_published_answers_without_personal_data(client, world):
    published = answered(world, publish=True)
    hidden = answered(world)

    page = client.get(reverse("portal:feedback_list"))

    assert page.status_code == 200
    assert "Phản ánh, kiến nghị" in page.text
    assert "Gửi phản ánh" in page.text
    assert published.answer in page.text
    assert published.code in page.text
    assert hidden.code not in page.text
    for personal in ("Trần Thị Bình", "0912345678", "binh@example.org", published.lookup_secret):
        assert personal not in page.text


def test_the_form_works_without_javascript_and_states_the_data_notice(client, world):
    page = client.get(reverse("portal:feedback_submit"))

    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.text
    assert 'name="idempotency_key"' in page.text
    assert "Thông báo về xử lý dữ liệu cá nhân" in page.text
    assert "Mục đích:" in page.text
    assert "15 ngày làm việc" in page.text


def test_sending_shows_the_tracking_code_the_secret_and_the_due_date_once(client, world):
    response = client.post(reverse("portal:feedback_submit"), form_data(world))

    assert response.status_code == 302
    assert response.url == reverse("portal:feedback_sent")
    feedback = Feedback.objects.get()
    page = client.get(response.url)
    assert feedback.code in page.text
    assert feedback.lookup_secret in page.text
    assert feedback.due_at.astimezone().strftime("%d/%m/%Y") in page.text
    assert "không hiển thị lại" in page.text
    status = client.get(reverse("portal:feedback_status", args=[feedback.code]))
    assert feedback.lookup_secret not in status.text


def test_sending_twice_with_the_same_form_makes_one_feedback(client, world):
    client.post(reverse("portal:feedback_submit"), form_data(world))
    again = client.post(reverse("portal:feedback_submit"), form_data(world))

    assert again.status_code == 302
    assert Feedback.objects.count() == 1


def test_errors_are_shown_on_the_fields_in_vietnamese(client, world):
    data = form_data(world, contact_phone="", consent="", title="")

    page = client.post(reverse("portal:feedback_submit"), data)

    assert page.status_code == 400
    assert "Hãy đồng ý với thông báo về xử lý dữ liệu cá nhân để tiếp tục." in page.text
    assert "Trường này là bắt buộc." in page.text
    assert Feedback.objects.count() == 0


def test_service_errors_come_back_on_their_fields(client, world):
    page = client.post(reverse("portal:feedback_submit"), form_data(world, contact_phone=""))

    assert page.status_code == 400
    assert "Hãy cho số điện thoại hoặc địa chỉ thư điện tử để liên hệ với bạn." in page.text


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.mark.parametrize(
    ("name", "data", "text"),
    [
        ("don.exe", b"MZ\x90\x00\x03 program", "chỉ chấp nhận tệp PDF, JPEG và PNG"),
        ("setup.pdf", b"MZ\x90\x00\x03 renamed program", "chỉ chấp nhận tệp PDF, JPEG và PNG"),
        ("../../etc/shadow.pdf", b"root:*:19000:0", "chỉ chấp nhận tệp PDF, JPEG và PNG"),
        ("rong.pdf", b"", "Tập tin được gửi là rỗng."),
    ],
)
def test_a_refused_upload_writes_nothing(client, world, tmp_path, name, data, text):
    files = [_upload("tot.pdf", PDF), _upload(name, data)]

    page = client.post(reverse("portal:feedback_submit"), form_data(world, files=files))

    assert page.status_code == 400
    assert text in page.text
    assert (Feedback.objects.count(), FeedbackFile.objects.count()) == (0, 0)
    assert not (tmp_path / "feedback").exists()


def test_an_oversized_upload_writes_nothing(client, world, settings, tmp_path):
    settings.MOTCUA_MAX_UPLOAD_BYTES = 20

    page = client.post(
        reverse("portal:feedback_submit"), form_data(world, files=[_upload("lon.pdf", PDF)])
    )

    assert page.status_code == 400
    assert "lớn hơn" in page.text
    assert Feedback.objects.count() == 0
    assert not (tmp_path / "feedback").exists()


def test_good_uploads_are_kept(client, world):
    files = [_upload("a.pdf", PDF), _upload("b.pdf", PDF)]

    client.post(reverse("portal:feedback_submit"), form_data(world, files=files))

    assert FeedbackFile.objects.count() == 2


def _lookup(client, code, secret, **extra):
    return client.post(reverse("portal:feedback_lookup"), {"code": code, "secret": secret}, **extra)


def test_lookup_answers_identically_for_an_unknown_code_and_a_wrong_secret(client, world):
    feedback = sent(world)

    unknown = _lookup(client, "PA-000000-AAAA", feedback.lookup_secret)
    wrong = _lookup(client, feedback.code, "AAAAAAAA")

    assert unknown.status_code == wrong.status_code == 404
    assert "Không có phản ánh nào khớp" in unknown.text
    strip = lambda text: re.sub(r'value="[^"]*"|csrfmiddlewaretoken', "", text)  # noqa: E731
    assert strip(unknown.text) == strip(wrong.text)


def test_lookup_with_the_right_pair_opens_the_status_page(client, world):
    feedback = sent(world)

    response = _lookup(client, feedback.code.lower(), feedback.lookup_secret.lower())

    assert response.status_code == 302
    page = client.get(response.url)
    assert page.status_code == 200
    assert feedback.title in page.text
    assert "Đã tiếp nhận" in page.text
    assert "0912345678" not in page.text


def test_lookup_is_rate_limited_per_address(client, world):
    feedback = sent(world)
    for _ in range(10):
        _lookup(client, feedback.code, "AAAAAAAA", REMOTE_ADDR="10.0.0.1")

    blocked = _lookup(client, feedback.code, feedback.lookup_secret, REMOTE_ADDR="10.0.0.1")
    elsewhere = _lookup(client, feedback.code, feedback.lookup_secret, REMOTE_ADDR="10.0.0.2")

    assert blocked.status_code == 429
    assert "Bạn đã thử quá nhiều lần" in blocked.text
    assert elsewhere.status_code == 302


def test_the_status_page_is_closed_to_a_browser_that_did_not_unlock_it(client, world):
    feedback = sent(world)

    assert client.get(reverse("portal:feedback_status", args=[feedback.code])).status_code == 404
    assert (
        client.post(reverse("portal:feedback_satisfied", args=[feedback.code])).status_code == 404
    )


def _unlocked(client, feedback):
    _lookup(client, feedback.code, feedback.lookup_secret)


def test_the_citizen_reads_the_answer_and_closes_it(client, world):
    feedback = answered(world)
    _unlocked(client, feedback)

    page = client.get(reverse("portal:feedback_status", args=[feedback.code]))
    assert "Đã chấn chỉnh, xin lỗi ông/bà." in page.text
    assert "Bạn có hài lòng với câu trả lời không?" in page.text

    response = client.post(reverse("portal:feedback_satisfied", args=[feedback.code]))

    assert response.status_code == 302
    assert Feedback.objects.get(pk=feedback.pk).status == FeedbackStatus.CLOSED
    page = client.get(response.url)
    assert "Cảm ơn bạn. Phản ánh đã kết thúc." in page.text


def test_the_citizen_reopens_with_a_reason(client, world):
    feedback = answered(world)
    _unlocked(client, feedback)
    url = reverse("portal:feedback_reopen", args=[feedback.code])

    missing = client.post(url, {"reason": ""})
    done = client.post(url, {"reason": "Vẫn chưa được hướng dẫn"})

    assert missing.status_code == 400
    assert done.status_code == 302
    stored = Feedback.objects.get(pk=feedback.pk)
    assert (stored.status, stored.satisfied) == (FeedbackStatus.REOPENED, False)


def test_closing_twice_explains_instead_of_failing(client, world):
    feedback = answered(world)
    _unlocked(client, feedback)
    feedback_close(feedback=feedback)

    response = client.post(reverse("portal:feedback_satisfied", args=[feedback.code]), follow=True)

    assert "Không thể thực hiện" in response.text


# Rating ----------------------------------------------------------------------------------------


def _rating_url(dossier) -> str:
    return reverse("portal:rating", kwargs={"code": dossier.code})


def _unlock_dossier(client, dossier):
    session = client.session
    request = type("R", (), {"session": session})()
    unlock(request, dossier)
    session.save()


def test_the_rating_page_needs_the_dossier_unlocked(client, world):
    dossier = received(world)

    assert client.get(_rating_url(dossier)).status_code == 404


def test_the_rating_page_offers_radio_groups_and_records_the_rating(client, world):
    dossier = received(world)
    _unlock_dossier(client, dossier)

    page = client.get(_rating_url(dossier))
    assert page.status_code == 200
    assert page.text.count('<fieldset class="radio-group') == 5
    assert "Rất hài lòng" in page.text
    assert "Thái độ của cán bộ" in page.text

    response = client.post(_rating_url(dossier), {"overall": "4", "attitude": "5", "comment": ""})

    assert response.status_code == 302
    rating = SatisfactionRating.objects.get(dossier=dossier)
    assert (rating.overall, rating.attitude, rating.reception) == (4, 5, None)
    page = client.get(_rating_url(dossier))
    assert "Bạn có thể thay đổi đến" in page.text
    assert "Sửa đánh giá" in page.text


def test_the_rating_page_asks_for_the_overall_level(client, world):
    dossier = received(world)
    _unlock_dossier(client, dossier)

    page = client.post(_rating_url(dossier), {"overall": "", "attitude": "5"})

    assert page.status_code == 400
    assert SatisfactionRating.objects.count() == 0


def test_the_rating_is_read_only_once_the_window_has_passed(client, world, settings):
    settings.MOTCUA_RATING_EDIT_HOURS = 0
    dossier = received(world)
    rating_give(dossier=dossier, overall=2)
    _unlock_dossier(client, dossier)

    page = client.get(_rating_url(dossier))
    client.post(_rating_url(dossier), {"overall": "5"})

    assert "Không thể thay đổi đánh giá nữa." in page.text
    assert '<form method="post" novalidate class="rating-form">' not in page.text
    assert SatisfactionRating.objects.get(dossier=dossier).overall == 2


def test_a_dossier_only_submitted_online_cannot_be_rated_yet(client, world):
    dossier = submitted(world)
    _unlock_dossier(client, dossier)

    page = client.get(_rating_url(dossier))

    assert "sau khi Bộ phận Một cửa" in page.text
    assert 'class="rating-form"' not in page.text
