"""Handling: every service, every way it can refuse, and the audit row each change leaves."""

from datetime import timedelta

import pytest
from django.db import DatabaseError, transaction

from motcua.accounts.enums import Role
from motcua.accounts.tests.factories import StaffFactory
from motcua.dossiers.tests.factories import MONDAY, vn
from motcua.feedback.enums import FeedbackAction, FeedbackKind, FeedbackStatus
from motcua.feedback.models import Feedback, FeedbackEvent
from motcua.feedback.permissions import allowed_actions
from motcua.feedback.services import (
    AgencyClosed,
    AnswerRequired,
    FeedbackChangedMeanwhile,
    NotYours,
    ReasonRequired,
    SameAgency,
    TransitionNotAllowed,
    feedback_accept,
    feedback_answer,
    feedback_close,
    feedback_publish,
    feedback_reject,
    feedback_reopen,
    feedback_route,
    feedback_unpublish,
)
from motcua.feedback.tests.factories import about_procedure, answered, committee_head, sent

pytestmark = pytest.mark.django_db
S, A = FeedbackStatus, FeedbackAction


def _trail(feedback: Feedback) -> list[tuple]:
    return list(
        feedback.events.order_by("seq").values_list("seq", "action", "from_status", "to_status")
    )


def _mine(world, **overrides) -> Feedback:
    """About the procedure, with Phòng Nội vụ: its head and officer handle it."""
    return about_procedure(world, **overrides)


# Accept -----------------------------------------------------------------------------------------


def test_officer_accepts_feedback_and_the_due_date_stays(world):
    feedback = _mine(world)
    due = feedback.due_at

    feedback = feedback_accept(feedback=feedback, actor=world.other_officer, at=MONDAY)

    assert (feedback.status, feedback.accepted_at, feedback.due_at) == (S.HANDLING, MONDAY, due)
    assert _trail(feedback)[-1] == (2, A.ACCEPT, S.RECEIVED, S.HANDLING)
    assert Feedback.objects.get(pk=feedback.pk).revision == 2


def test_complex_complaint_counts_45_working_days_from_acceptance(world):
    feedback = _mine(world, kind=FeedbackKind.COMPLAINT)

    feedback = feedback_accept(
        feedback=feedback, actor=world.other_head, complex_case=True, at=vn(2026, 3, 9, 9)
    )

    assert feedback.complex_case is True
    assert Feedback.objects.get(pk=feedback.pk).due_at == vn(2026, 5, 14, 9)


def test_staff_of_another_agency_cannot_accept(world):
    feedback = _mine(world)

    with pytest.raises(NotYours, match="Phòng Nội vụ"):
        feedback_accept(feedback=feedback, actor=world.officer)

    assert Feedback.objects.get(pk=feedback.pk).status == S.RECEIVED


@pytest.mark.parametrize("role", [Role.INSPECTOR, Role.DESK_OFFICER])
def test_readers_of_the_competent_agency_cannot_act(world, role):
    feedback = _mine(world)
    reader = StaffFactory(role=role, agency=world.other_agency)

    with pytest.raises(NotYours):
        feedback_accept(feedback=feedback, actor=reader)
    assert allowed_actions(reader, feedback) == []


def test_the_unit_leader_reads_an_agencys_feedback_but_does_not_act_on_it(world):
    feedback = _mine(world)

    with pytest.raises(NotYours):
        feedback_answer(feedback=feedback, actor=world.leader, answer="Không phải việc của tôi")
    assert allowed_actions(world.leader, feedback) == []


def test_the_unit_leader_heads_feedback_addressed_to_the_committee(world):
    feedback = sent(world)  # no procedure, no dossier: the People's Committee

    assert allowed_actions(world.leader, feedback) == [A.ACCEPT, A.ANSWER, A.ROUTE, A.REJECT]
    feedback = feedback_route(
        feedback=feedback, actor=world.leader, to=world.agency, reason="Giao Phòng Tư pháp"
    )
    assert Feedback.objects.get(pk=feedback.pk).agency == world.agency


def test_accept_twice_is_refused(world):
    feedback = feedback_accept(feedback=_mine(world), actor=world.other_officer)

    with pytest.raises(TransitionNotAllowed, match="Đang xử lý"):
        feedback_accept(feedback=feedback, actor=world.other_officer)


# Route ------------------------------------------------------------------------------------------


def test_head_passes_feedback_to_the_competent_agency(world):
    feedback = _mine(world)
    feedback = feedback_accept(feedback=feedback, actor=world.other_officer)

    feedback = feedback_route(
        feedback=feedback, actor=world.other_head, to=world.agency, reason="Thuộc Phòng Tư pháp"
    )

    stored = Feedback.objects.get(pk=feedback.pk)
    assert (stored.agency, stored.status, stored.accepted_at) == (world.agency, S.RECEIVED, None)
    event = stored.events.get(seq=3)
    assert (event.action, event.from_agency, event.to_agency, event.note) == (
        A.ROUTE,
        world.other_agency,
        world.agency,
        "Thuộc Phòng Tư pháp",
    )
    assert allowed_actions(world.other_head, stored) == []
    assert A.ACCEPT in allowed_actions(world.officer, stored)


def test_route_needs_a_reason(world):
    with pytest.raises(ReasonRequired, match="lý do"):
        feedback_route(feedback=_mine(world), actor=world.other_head, to=world.agency, reason=" ")


def test_route_to_the_same_agency_is_refused(world):
    with pytest.raises(SameAgency, match="Phòng Nội vụ"):
        feedback_route(
            feedback=_mine(world), actor=world.other_head, to=world.other_agency, reason="x"
        )


def test_route_to_a_closed_agency_is_refused(world):
    world.agency.is_active = False
    world.agency.save(update_fields=["is_active"])

    with pytest.raises(AgencyClosed, match="không còn tiếp nhận"):
        feedback_route(feedback=_mine(world), actor=world.other_head, to=world.agency, reason="x")


def test_officers_do_not_route(world):
    with pytest.raises(NotYours):
        feedback_route(
            feedback=_mine(world), actor=world.other_officer, to=world.agency, reason="x"
        )


# Answer, publish -------------------------------------------------------------------------------


def test_officer_answers_and_the_citizen_is_mailed_after_commit(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    feedback = _mine(world)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        feedback = feedback_answer(
            feedback=feedback, actor=world.other_officer, answer="  Đã xử lý.  ", at=MONDAY
        )

    assert (feedback.status, feedback.answer, feedback.answered_by) == (
        S.ANSWERED,
        "Đã xử lý.",
        world.other_officer,
    )
    assert feedback.published is False
    (mail,) = mailoutbox
    assert "Chúng tôi đã trả lời phản ánh" in mail.body
    assert feedback.lookup_secret not in mail.body


def test_an_empty_answer_is_refused(world):
    with pytest.raises(AnswerRequired, match="nội dung trả lời"):
        feedback_answer(feedback=_mine(world), actor=world.other_officer, answer="\n")


def test_only_the_head_publishes_with_the_answer(world):
    feedback = _mine(world)

    with pytest.raises(NotYours):
        feedback_answer(
            feedback=feedback, actor=world.other_officer, answer="Đã xử lý.", publish=True
        )

    feedback = feedback_answer(feedback=feedback, actor=world.other_head, answer="Ok", publish=True)
    assert (feedback.published, feedback.published_at is not None) == (True, True)


def test_head_publishes_and_withdraws_an_answer(world):
    feedback = answered(world)
    head = world.head

    feedback = feedback_publish(feedback=feedback, actor=head)
    assert Feedback.objects.get(pk=feedback.pk).published is True
    with pytest.raises(TransitionNotAllowed):
        feedback_publish(feedback=feedback, actor=head)

    feedback = feedback_unpublish(feedback=feedback, actor=head, note="Có thông tin cá nhân")
    assert Feedback.objects.get(pk=feedback.pk).published is False
    assert [e[1] for e in _trail(feedback)][-2:] == [A.PUBLISH, A.UNPUBLISH]
    with pytest.raises(TransitionNotAllowed):
        feedback_unpublish(feedback=feedback, actor=head)


def test_unanswered_feedback_cannot_be_published(world):
    with pytest.raises(TransitionNotAllowed, match="Đã tiếp nhận"):
        feedback_publish(feedback=_mine(world), actor=world.other_head)


def test_officers_do_not_publish(world):
    with pytest.raises(NotYours):
        feedback_publish(feedback=answered(world), actor=world.officer)


# Reject -----------------------------------------------------------------------------------------


def test_head_does_not_accept_feedback_with_a_reason_and_the_citizen_is_told(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    feedback = sent(world)
    head = committee_head(world)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        feedback = feedback_reject(feedback=feedback, actor=head, reason="Nội dung nặc danh")

    assert (feedback.status, feedback.rejection_reason) == (S.REJECTED, "Nội dung nặc danh")
    (mail,) = mailoutbox
    assert "không được thụ lý. Lý do: Nội dung nặc danh." in mail.body
    with pytest.raises(TransitionNotAllowed):
        feedback_answer(feedback=feedback, actor=head, answer="x")


def test_reject_needs_a_reason(world):
    with pytest.raises(ReasonRequired):
        feedback_reject(feedback=sent(world), actor=committee_head(world), reason="")


# The citizen's answer ---------------------------------------------------------------------------


def test_citizen_satisfied_closes_the_feedback(world):
    feedback = feedback_close(feedback=answered(world), at=vn(2026, 3, 5, 10))

    assert (feedback.status, feedback.satisfied, feedback.closed_at) == (
        S.CLOSED,
        True,
        vn(2026, 3, 5, 10),
    )
    assert _trail(feedback)[-1] == (4, A.CLOSE, S.ANSWERED, S.CLOSED)
    with pytest.raises(TransitionNotAllowed):
        feedback_reopen(feedback=feedback, reason="Đổi ý")


def test_citizen_not_satisfied_reopens_with_a_new_due_date(world):
    feedback = answered(world)

    feedback = feedback_reopen(feedback=feedback, reason="Chưa giải quyết", at=vn(2026, 3, 9, 9))

    stored = Feedback.objects.get(pk=feedback.pk)
    assert (stored.status, stored.satisfied, stored.due_at) == (
        S.REOPENED,
        False,
        vn(2026, 3, 30, 9),
    )
    assert stored.events.order_by("seq").last().note == "Chưa giải quyết"
    again = feedback_answer(feedback=stored, actor=world.officer, answer="Đã làm lại.")
    assert (again.status, again.satisfied) == (S.ANSWERED, None)


def test_reopen_needs_a_reason_and_an_answer(world):
    with pytest.raises(ReasonRequired):
        feedback_reopen(feedback=answered(world), reason="")
    with pytest.raises(TransitionNotAllowed):
        feedback_reopen(feedback=sent(world), reason="Chưa trả lời")
    with pytest.raises(TransitionNotAllowed):
        feedback_close(feedback=sent(world))


# Concurrency and the audit trail ----------------------------------------------------------------


def test_a_change_based_on_a_stale_copy_is_refused_and_writes_nothing(world):
    feedback = _mine(world)
    stale = Feedback.objects.get(pk=feedback.pk)
    feedback_accept(feedback=feedback, actor=world.other_officer)

    with pytest.raises(FeedbackChangedMeanwhile, match="vừa được người khác thay đổi"):
        feedback_reject(feedback=stale, actor=world.other_head, reason="Trùng lặp")

    stored = Feedback.objects.get(pk=feedback.pk)
    assert (stored.status, stored.revision, stored.events.count()) == (S.HANDLING, 2, 2)
    assert (stale.status, stale.revision) == (S.RECEIVED, 1)  # the caller's copy is untouched


def test_every_change_leaves_exactly_one_event_in_order(world):
    feedback = answered(world, publish=True)
    feedback = feedback_reopen(feedback=feedback, reason="Chưa rõ")
    feedback = feedback_answer(feedback=feedback, actor=world.officer, answer="Bổ sung")
    feedback = feedback_close(feedback=feedback)

    assert _trail(feedback) == [
        (1, A.SUBMIT, "", S.RECEIVED),
        (2, A.ACCEPT, S.RECEIVED, S.HANDLING),
        (3, A.ANSWER, S.HANDLING, S.ANSWERED),
        (4, A.REOPEN, S.ANSWERED, S.REOPENED),
        (5, A.ANSWER, S.REOPENED, S.ANSWERED),
        (6, A.CLOSE, S.ANSWERED, S.CLOSED),
    ]
    assert feedback.events.get(seq=3).payload == {"published": True}


def test_the_database_refuses_to_change_an_audit_row(world):
    event = sent(world).events.get()

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        FeedbackEvent.objects.filter(pk=event.pk).update(note="rewritten")

    assert FeedbackEvent.objects.get(pk=event.pk).note == ""


def test_the_accepted_at_stays_within_the_answer_time(world):
    feedback = feedback_accept(feedback=_mine(world), actor=world.other_officer, at=MONDAY)

    assert feedback.accepted_at < feedback.due_at - timedelta(days=14)
