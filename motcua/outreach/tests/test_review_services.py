from datetime import date

import pytest

from motcua.accounts.enums import Role
from motcua.outreach.enums import ReviewAction, ReviewFinding, ReviewProposal, ReviewStatus
from motcua.outreach.models import ProcedureReview, ProcedureReviewEvent
from motcua.outreach.review_services import (
    RejectionReasonRequired,
    ReviewChangedMeanwhile,
    ReviewDescriptionRequired,
    ReviewLocked,
    ReviewTransitionNotAllowed,
    review_transition,
    review_update,
)
from motcua.outreach.session_services import NotARecordKeeper
from motcua.outreach.tests.factories import district_with_commune, vn
from motcua.outreach.tests.record_factories import (
    agency_of,
    member,
    moved,
    procedure,
    review,
    review_details,
)

pytestmark = pytest.mark.django_db

A = ReviewAction


@pytest.fixture
def justice():
    return agency_of(district_with_commune()[0], "Phòng Tư pháp")


@pytest.fixture
def head(justice):
    return member(justice, Role.AGENCY_HEAD)


def history(item: ProcedureReview) -> list[tuple]:
    events = ProcedureReviewEvent.objects.filter(review=item).order_by("seq")
    return [(e.seq, e.action, e.from_status, e.to_status, e.note) for e in events]


def test_review_create_stores_a_proposed_review_with_its_first_event(head, justice):
    made = review(head, description="  Tờ khai trùng thông tin.  ")

    stored = ProcedureReview.objects.get(pk=made.pk)
    assert (stored.procedure.code, stored.reviewed_on, stored.agency) == (
        "1.001193",
        date(2026, 4, 10),
        justice,
    )
    assert (stored.finding, stored.proposal, stored.description) == (
        ReviewFinding.CUMBERSOME,
        ReviewProposal.SIMPLIFY,
        "Tờ khai trùng thông tin.",
    )
    assert (stored.status, stored.revision, stored.status_changed_at) == (
        ReviewStatus.PROPOSED,
        1,
        vn(2026, 4, 10),
    )
    event = stored.events.get()
    assert (event.actor, event.actor_name, event.at) == (head, str(head), vn(2026, 4, 10))
    assert history(stored) == [(1, A.PROPOSE, "", ReviewStatus.PROPOSED, "")]


@pytest.mark.parametrize("role", [Role.DESK_OFFICER, Role.PROCESSING_OFFICER, Role.INSPECTOR])
def test_review_create_refuses_people_who_do_not_keep_records(justice, role):
    with pytest.raises(NotARecordKeeper):
        review(member(justice, role))

    assert not ProcedureReview.objects.exists()
    assert not ProcedureReviewEvent.objects.exists()


def test_review_create_requires_a_description(head):
    with pytest.raises(ReviewDescriptionRequired) as refused:
        review(head, description="  ")

    assert str(refused.value) == "Hãy mô tả vấn đề phát hiện khi rà soát."
    assert not ProcedureReview.objects.exists()


def test_review_update_corrects_a_proposed_review(head, justice):
    made = review(head)
    other = procedure("2.000930", "Thôi làm hòa giải viên")

    review_update(
        review=made,
        actor=head,
        details=review_details(
            justice,
            procedure=other,
            finding=ReviewFinding.OUTDATED,
            proposal=ReviewProposal.ABOLISH,
        ),
    )

    stored = ProcedureReview.objects.get(pk=made.pk)
    assert (stored.procedure, stored.finding, stored.proposal) == (
        other,
        ReviewFinding.OUTDATED,
        ReviewProposal.ABOLISH,
    )
    assert (stored.status, stored.revision, stored.updated_by) == (ReviewStatus.PROPOSED, 1, head)
    assert len(history(stored)) == 1


def test_review_update_refuses_a_review_once_submitted(head, justice):
    made = moved(review(head), head, A.SUBMIT)

    with pytest.raises(ReviewLocked) as refused:
        review_update(review=made, actor=head, details=review_details(justice, description="Mới"))

    assert str(refused.value) == (
        "Kết quả rà soát đang ở trạng thái “Đã trình cấp có thẩm quyền”: "
        "chỉ sửa được khi còn ở trạng thái Đề xuất."
    )


def test_review_update_refuses_a_page_that_missed_the_submission(head, justice):
    made = review(head)
    stale = ProcedureReview.objects.get(pk=made.pk)
    moved(made, head, A.SUBMIT)

    with pytest.raises(ReviewChangedMeanwhile):
        review_update(review=stale, actor=head, details=review_details(justice, description="Mới"))

    assert ProcedureReview.objects.get(pk=made.pk).description != "Mới"


def test_review_update_refuses_a_keeper_of_another_agency(head, justice):
    made = review(head)
    other_head = member(agency_of(justice.unit, "Phòng Nội vụ"), Role.AGENCY_HEAD)

    with pytest.raises(NotARecordKeeper):
        review_update(review=made, actor=other_head, details=review_details(other_head.agency))


def test_review_transition_follows_a_review_to_implementation(head):
    made = review(head)

    review_transition(review=made, action=A.SUBMIT, actor=head, note="Tờ trình số 12.")
    review_transition(review=made, action=A.ACCEPT, actor=head, at=vn(2026, 5, 20))
    review_transition(review=made, action=A.IMPLEMENT, actor=head, note="  Đã sửa tờ khai. ")

    stored = ProcedureReview.objects.get(pk=made.pk)
    assert (stored.status, stored.revision) == (ReviewStatus.IMPLEMENTED, 4)
    assert history(stored) == [
        (1, A.PROPOSE, "", ReviewStatus.PROPOSED, ""),
        (2, A.SUBMIT, ReviewStatus.PROPOSED, ReviewStatus.SUBMITTED, "Tờ trình số 12."),
        (3, A.ACCEPT, ReviewStatus.SUBMITTED, ReviewStatus.ACCEPTED, ""),
        (4, A.IMPLEMENT, ReviewStatus.ACCEPTED, ReviewStatus.IMPLEMENTED, "Đã sửa tờ khai."),
    ]
    assert stored.events.get(seq=3).at == vn(2026, 5, 20)


def test_review_transition_records_a_rejection_with_its_reason(head):
    made = moved(review(head), head, A.SUBMIT, A.REJECT, note="Cần giữ để quản lý.")

    assert ProcedureReview.objects.get(pk=made.pk).status == ReviewStatus.REJECTED
    assert history(made)[-1] == (
        3,
        A.REJECT,
        ReviewStatus.SUBMITTED,
        ReviewStatus.REJECTED,
        "Cần giữ để quản lý.",
    )


def test_review_transition_requires_the_reason_of_a_rejection(head):
    made = moved(review(head), head, A.SUBMIT)

    with pytest.raises(RejectionReasonRequired) as refused:
        review_transition(review=made, action=A.REJECT, actor=head, note="  ")

    assert str(refused.value) == "Hãy ghi lý do cấp có thẩm quyền không chấp thuận đề xuất."
    assert ProcedureReview.objects.get(pk=made.pk).status == ReviewStatus.SUBMITTED


@pytest.mark.parametrize(
    ("done", "action"),
    [
        ((), A.ACCEPT),
        ((), A.IMPLEMENT),
        ((A.SUBMIT,), A.IMPLEMENT),
        ((A.SUBMIT,), A.PROPOSE),
        ((A.SUBMIT, A.REJECT), A.SUBMIT),
        ((A.SUBMIT, A.ACCEPT, A.IMPLEMENT), A.REJECT),
    ],
)
def test_review_transition_refuses_moves_outside_the_table(head, done, action):
    made = moved(review(head), head, *done)

    with pytest.raises(ReviewTransitionNotAllowed):
        review_transition(review=made, action=action, actor=head, note="Ghi chú")

    assert len(history(made)) == 1 + len(done)


def test_review_transition_explains_the_refusal_in_vietnamese(head):
    made = moved(review(head), head, A.SUBMIT)

    with pytest.raises(ReviewTransitionNotAllowed) as refused:
        review_transition(review=made, action=A.IMPLEMENT, actor=head)

    assert str(refused.value) == (
        "Không thể “Ghi nhận đã thực hiện” khi kết quả rà soát đang ở trạng thái "
        "“Đã trình cấp có thẩm quyền”."
    )


def test_review_transition_changes_the_status_once_when_two_pages_race(head):
    made = review(head)
    other_page = ProcedureReview.objects.get(pk=made.pk)
    review_transition(review=made, action=A.SUBMIT, actor=head)

    with pytest.raises(ReviewChangedMeanwhile) as refused:
        review_transition(review=other_page, action=A.SUBMIT, actor=head)

    assert "vừa được người khác thay đổi" in str(refused.value)
    assert (other_page.status, other_page.revision) == (ReviewStatus.PROPOSED, 1)
    assert len(history(made)) == 2


@pytest.mark.parametrize("role", [Role.INSPECTOR, Role.PROCESSING_OFFICER])
def test_review_transition_refuses_people_who_do_not_keep_records(head, justice, role):
    made = review(head)

    with pytest.raises(NotARecordKeeper):
        review_transition(review=made, action=A.SUBMIT, actor=member(justice, role))

    assert ProcedureReview.objects.get(pk=made.pk).status == ReviewStatus.PROPOSED


def test_review_transition_refuses_a_head_of_another_agency(head, justice):
    made = review(head)
    other_head = member(agency_of(justice.unit, "Phòng Nội vụ"), Role.AGENCY_HEAD)

    with pytest.raises(NotARecordKeeper):
        review_transition(review=made, action=A.SUBMIT, actor=other_head)


def test_review_transition_proposes_only_a_review_not_stored_yet(head):
    made = review(head)

    with pytest.raises(ReviewTransitionNotAllowed):
        review_transition(review=made, action=A.PROPOSE, actor=head)

    assert ProcedureReview.objects.count() == 1
