from datetime import date

import pytest
from django.urls import reverse

from motcua.accounts.enums import Role
from motcua.accounts.tests.factories import UserFactory
from motcua.accounts.tests.otp import login_verified
from motcua.outreach.enums import ReviewAction, ReviewStatus
from motcua.outreach.models import OutreachSession, ProcedureReview
from motcua.outreach.tests.factories import district_with_commune
from motcua.outreach.tests.record_factories import (
    agency_of,
    committee,
    member,
    moved,
    procedure,
    review,
    session,
)

pytestmark = pytest.mark.django_db

A = ReviewAction
NON_KEEPERS = [Role.DESK_OFFICER, Role.PROCESSING_OFFICER, Role.INSPECTOR]


@pytest.fixture
def units():
    return district_with_commune()


@pytest.fixture
def justice(units):
    return agency_of(units[0], "Phòng Tư pháp")


@pytest.fixture
def head(justice):
    return member(justice, Role.AGENCY_HEAD)


def session_form(agency, unit, **overrides) -> dict:
    data = {
        "held_on": "04/03/2026",
        "title": "Tập huấn nghiệp vụ chứng thực",
        "audience": "officials",
        "place": "Hội trường huyện",
        "agency": agency.pk,
        "unit": unit.pk,
        "participants": "45",
        "notes": "",
    }
    data.update(overrides)
    return data


def review_form(agency, **overrides) -> dict:
    data = {
        "procedure": procedure().pk,
        "reviewed_on": "10/04/2026",
        "agency": agency.pk,
        "finding": "cumbersome",
        "proposal": "simplify",
        "description": "Tờ khai hỏi lại thông tin đã có.",
    }
    data.update(overrides)
    return data


# Who may see what --------------------------------------------------------------------------------


def test_outreach_screens_ask_strangers_to_log_in_and_refuse_citizens(client):
    for name in ["backoffice:outreach_list", "backoffice:review_list"]:
        assert client.get(reverse(name))["Location"].startswith(reverse("accounts:login"))
    client.force_login(UserFactory(role=Role.CITIZEN))
    for name in ["backoffice:outreach_list", "backoffice:review_list"]:
        assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("role", NON_KEEPERS)
def test_staff_who_do_not_keep_records_read_but_may_not_write(client, justice, head, role):
    made_session, made_review = session(head), review(head)
    client.force_login(member(justice, role))

    listed = client.get(reverse("backoffice:outreach_list"), {"year": 2026})
    detail = client.get(reverse("backoffice:review_detail", args=[made_review.pk]))

    assert listed.status_code == 200 and "Tập huấn nghiệp vụ hộ tịch" in listed.text
    assert "Ghi nhận buổi tuyên truyền, tập huấn" not in listed.text
    assert detail.status_code == 200
    assert "Không có việc gì bạn cần làm với kết quả rà soát này lúc này." in detail.text
    for url in [
        reverse("backoffice:outreach_create"),
        reverse("backoffice:outreach_edit", args=[made_session.pk]),
        reverse("backoffice:review_create"),
        reverse("backoffice:review_edit", args=[made_review.pk]),
    ]:
        assert client.get(url).status_code == 403, url
    status_url = reverse("backoffice:review_status", args=[made_review.pk])
    assert client.post(status_url, {"action": "submit"}).status_code == 403


def test_nav_links_staff_to_outreach_and_reviews(client, justice):
    url = reverse("backoffice:outreach_list")
    client.force_login(member(justice, Role.PROCESSING_OFFICER))
    staff_page = client.get(reverse("portal:home")).text
    client.force_login(UserFactory(role=Role.CITIZEN))
    citizen_page = client.get(reverse("portal:home")).text

    assert f'href="{url}"' in staff_page and ">Tuyên truyền, rà soát</a>" in staff_page
    assert f'href="{url}"' not in citizen_page


# Sessions ----------------------------------------------------------------------------------------


def test_outreach_list_shows_the_year_with_its_totals(client, units, justice, head):
    session(head, participants=1200, held_on=date(2026, 2, 3), title="Hội nghị toàn huyện")
    session(head, participants=441, audience="mixed", unit=units[1], title="Buổi ở xã")
    session(head, participants=7, held_on=date(2025, 5, 5), title="Buổi năm trước")
    session(member(committee(district_with_commune()[1])), title="Buổi nơi khác")
    client.force_login(head)

    page = client.get(reverse("backoffice:outreach_list"), {"year": "2026"})

    assert page.status_code == 200
    assert "Tuyên truyền, tập huấn 2026" in page.text
    assert "Hội nghị toàn huyện" in page.text and "Buổi ở xã" in page.text
    assert "Buổi năm trước" not in page.text and "Buổi nơi khác" not in page.text
    assert "Số buổi: <strong>2</strong>" in page.text
    assert "Số người tham dự: <strong>1.641</strong>" in page.text
    assert "Cán bộ, công chức: 1 buổi, 1.200 người tham dự" in page.text
    assert "Nhiều đối tượng: 1 buổi, 441 người tham dự" in page.text
    assert "03/02/2026" in page.text


def test_outreach_list_of_an_empty_year_says_so(client, head, time_machine):
    time_machine.move_to("2026-06-01 09:00+07:00")
    client.force_login(head)

    page = client.get(reverse("backoffice:outreach_list"), {"year": "1999"})

    assert "Chưa có buổi tuyên truyền, tập huấn nào được ghi nhận trong năm 2026." in page.text


def test_outreach_create_records_the_session(client, units, justice, head):
    client.force_login(head)

    response = client.post(
        reverse("backoffice:outreach_create"), session_form(justice, units[1], notes="Ghi chú.")
    )

    made = OutreachSession.objects.get()
    assert response["Location"] == reverse("backoffice:outreach_list") + "?year=2026"
    assert (made.held_on, made.unit, made.participants, made.created_by) == (
        date(2026, 3, 4),
        units[1],
        45,
        head,
    )
    listed = client.get(response["Location"])
    assert "Đã lưu buổi tuyên truyền, tập huấn." in listed.text


def test_outreach_create_explains_mistakes_in_vietnamese(client, units, justice, head):
    client.force_login(head)

    response = client.post(
        reverse("backoffice:outreach_create"),
        session_form(justice, units[0], title="", held_on="31/02/2026", participants="-3"),
    )

    assert response.status_code == 400
    assert "Trường này là bắt buộc." in response.text
    assert "Nhập ngày theo dạng dd/mm/yyyy, ví dụ 05/03/2026." in response.text
    assert "Số người tham dự không được là số âm." in response.text
    assert not OutreachSession.objects.exists()


def test_outreach_create_shows_the_rule_a_service_refused(client, units):
    commune_committee = committee(units[1])
    admin = member(agency_of(units[0]))
    login_verified(client, admin)

    response = client.post(
        reverse("backoffice:outreach_create"), session_form(commune_committee, units[0])
    )

    assert response.status_code == 400
    assert "Huyện Thử Nghiệm không phải đơn vị hành chính của UBND Xã Thử Nghiệm" in response.text


def test_outreach_create_offers_only_the_keepers_agencies(client, units, justice, head):
    other = agency_of(units[0], "Phòng Nội vụ")
    client.force_login(head)

    form = client.get(reverse("backoffice:outreach_create"))
    response = client.post(reverse("backoffice:outreach_create"), session_form(other, units[0]))

    assert "Phòng Tư pháp" in form.text and "Phòng Nội vụ" not in form.text
    assert response.status_code == 400
    assert not OutreachSession.objects.exists()


def test_outreach_edit_corrects_the_session(client, units, justice, head):
    made = session(head)
    client.force_login(head)

    form = client.get(reverse("backoffice:outreach_edit", args=[made.pk]))
    response = client.post(
        reverse("backoffice:outreach_edit", args=[made.pk]),
        session_form(justice, units[0], participants="52"),
    )

    assert 'value="04/03/2026"' in form.text and 'value="40"' in form.text
    assert response.status_code == 302
    made.refresh_from_db()
    assert (made.participants, made.title) == (52, "Tập huấn nghiệp vụ chứng thực")


def test_outreach_edit_of_a_session_out_of_reach_is_not_found(client, units, head):
    elsewhere = session(member(agency_of(units[0], "Phòng Nội vụ")))
    client.force_login(head)

    assert client.get(reverse("backoffice:outreach_edit", args=[elsewhere.pk])).status_code == 404


# Reviews -----------------------------------------------------------------------------------------


def test_review_list_shows_the_year_with_counts(client, justice, head):
    moved(review(head), head, A.SUBMIT)
    review(head, finding="overlapping", proposal="abolish")
    review(head, reviewed_on=date(2025, 3, 3), description="Năm trước")
    client.force_login(head)

    page = client.get(reverse("backoffice:review_list"), {"year": "2026"})
    submitted = client.get(reverse("backoffice:review_list"), {"year": 2026, "status": "submitted"})

    assert page.status_code == 200
    assert "Số thủ tục được rà soát: <strong>2</strong>" in page.text
    assert "Chồng chéo: <strong>1</strong>" in page.text
    assert "Rườm rà, phức tạp: <strong>1</strong>" in page.text
    assert "Bãi bỏ: <strong>1</strong>" in page.text
    assert "Đã trình cấp có thẩm quyền: <strong>1</strong>" in page.text
    assert page.text.count("Đăng ký khai sinh") == 2
    assert submitted.text.count("Đăng ký khai sinh") == 1


def test_review_create_records_it_and_shows_its_history(client, justice, head):
    client.force_login(head)

    response = client.post(reverse("backoffice:review_create"), review_form(justice))

    made = ProcedureReview.objects.get()
    assert response["Location"] == reverse("backoffice:review_detail", args=[made.pk])
    page = client.get(response["Location"])
    assert "Đã lưu kết quả rà soát." in page.text
    assert "Ghi nhận kết quả rà soát</strong>" in page.text
    assert "Trình cấp có thẩm quyền" in page.text
    assert (made.status, made.created_by) == (ReviewStatus.PROPOSED, head)


def test_review_create_explains_mistakes_in_vietnamese(client, justice, head):
    client.force_login(head)

    response = client.post(
        reverse("backoffice:review_create"),
        review_form(justice, description="", reviewed_on="2026/13/01"),
    )

    assert response.status_code == 400
    assert "Trường này là bắt buộc." in response.text
    assert "Nhập ngày theo dạng dd/mm/yyyy, ví dụ 05/03/2026." in response.text
    assert not ProcedureReview.objects.exists()


def test_review_status_moves_the_review_and_records_the_note(client, head):
    made = review(head)
    client.force_login(head)

    response = client.post(
        reverse("backoffice:review_status", args=[made.pk]),
        {"action": "submit", "note": "Tờ trình số 15."},
        follow=True,
    )

    assert (
        "Kết quả rà soát đã chuyển sang trạng thái “Đã trình cấp có thẩm quyền”." in response.text
    )
    assert "Đề xuất → Đã trình cấp có thẩm quyền" in response.text
    assert "Tờ trình số 15." in response.text
    assert ProcedureReview.objects.get(pk=made.pk).status == ReviewStatus.SUBMITTED


def test_review_status_refuses_a_rejection_without_reason(client, head):
    made = moved(review(head), head, A.SUBMIT)
    client.force_login(head)

    response = client.post(
        reverse("backoffice:review_status", args=[made.pk]), {"action": "reject", "note": ""}
    )

    assert response.status_code == 400
    assert "Hãy ghi lý do cấp có thẩm quyền không chấp thuận đề xuất." in response.text
    assert ProcedureReview.objects.get(pk=made.pk).status == ReviewStatus.SUBMITTED


def test_review_status_refuses_a_step_no_longer_offered(client, head):
    made = moved(review(head), head, A.SUBMIT)
    client.force_login(head)

    response = client.post(
        reverse("backoffice:review_status", args=[made.pk]), {"action": "submit"}
    )

    assert response.status_code == 400
    assert ProcedureReview.objects.get(pk=made.pk).revision == 2


def test_review_edit_is_offered_while_proposed_and_refused_after(client, justice, head):
    made = review(head)
    client.force_login(head)
    edit_url = reverse("backoffice:review_edit", args=[made.pk])

    before = client.get(reverse("backoffice:review_detail", args=[made.pk]))
    moved(made, head, A.SUBMIT)
    after = client.get(reverse("backoffice:review_detail", args=[made.pk]))
    refused = client.post(edit_url, review_form(justice, description="Sửa muộn"))

    assert f'href="{edit_url}"' in before.text and f'href="{edit_url}"' not in after.text
    assert refused.status_code == 400
    assert "chỉ sửa được khi còn ở trạng thái Đề xuất." in refused.text


def test_review_detail_out_of_reach_is_not_found(client, units, head):
    elsewhere = review(member(agency_of(units[0], "Phòng Nội vụ")))
    client.force_login(head)

    assert client.get(reverse("backoffice:review_detail", args=[elsewhere.pk])).status_code == 404
