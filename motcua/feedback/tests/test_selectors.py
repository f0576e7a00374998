"""Reads: who sees which feedback, the public list and lookup, and the report figures."""

from datetime import timedelta

import pytest

from motcua.accounts.enums import Role
from motcua.accounts.tests.factories import StaffFactory, UserFactory
from motcua.dossiers.tests.factories import MONDAY, received, vn
from motcua.feedback.enums import FeedbackChannel, FeedbackKind, FeedbackStatus
from motcua.feedback.selectors import (
    feedback_counts_for_officer,
    feedback_find_public,
    feedback_get_for_officer,
    feedback_list_for_officer,
    feedback_list_public,
    feedback_summary,
    rating_summary,
)
from motcua.feedback.services import (
    feedback_accept,
    feedback_answer,
    feedback_submit,
    rating_give,
)
from motcua.feedback.tests.factories import about_procedure, answered, sent, submission
from motcua.organization.tests.factories import AgencyFactory, UnitFactory

pytestmark = pytest.mark.django_db


def _codes(rows) -> set[str]:
    return {f.code for f in rows}


def test_an_officer_never_sees_another_agencys_feedback(world):
    theirs = about_procedure(world)  # with Phòng Nội vụ
    ours = answered(world)  # with Phòng Tư pháp

    assert _codes(feedback_list_for_officer(user=world.officer)) == {ours.code}
    assert _codes(feedback_list_for_officer(user=world.other_officer)) == {theirs.code}
    assert feedback_get_for_officer(user=world.officer, code=theirs.code) is None


def test_leaders_and_inspectors_see_their_whole_unit(world):
    inspector = StaffFactory(role=Role.INSPECTOR, agency=world.committee)
    every = {about_procedure(world).code, answered(world).code, sent(world).code}

    assert _codes(feedback_list_for_officer(user=world.leader)) == every
    assert _codes(feedback_list_for_officer(user=inspector)) == every


def test_a_unit_leader_does_not_see_another_units_feedback(world):
    other_unit = UnitFactory()
    stranger = StaffFactory(
        role=Role.UNIT_LEADER, agency=AgencyFactory(unit=other_unit, kind="committee")
    )
    sent(world)

    assert list(feedback_list_for_officer(user=stranger)) == []


def test_citizens_and_anonymous_visitors_see_no_feedback_list(world):
    sent(world)

    assert list(feedback_list_for_officer(user=UserFactory(role=Role.CITIZEN))) == []


def test_the_desk_sees_what_it_recorded_after_it_went_to_the_agency(world):
    recorded = feedback_submit(
        submission=submission(world, channel=FeedbackChannel.DESK), recorded_by=world.clerk
    )
    sent(world)

    assert _codes(feedback_list_for_officer(user=world.clerk)) == {recorded.code}


def test_filters_by_status_kind_and_time(world):
    now = vn(2026, 4, 1, 9)
    late = sent(world, at=MONDAY)  # due 23/03
    soon = sent(world, at=vn(2026, 3, 12, 9), kind=FeedbackKind.RECOMMENDATION)  # due 02/04
    fresh = sent(world, at=now)
    head = StaffFactory(role=Role.AGENCY_HEAD, agency=world.committee)
    list_ = lambda **f: _codes(feedback_list_for_officer(user=head, at=now, **f))  # noqa: E731

    assert list_(due="overdue") == {late.code}
    assert list_(due="due_soon") == {soon.code}
    assert list_(kind=FeedbackKind.RECOMMENDATION) == {soon.code}
    assert list_(status=FeedbackStatus.RECEIVED) == {late.code, soon.code, fresh.code}
    assert list_(status=FeedbackStatus.CLOSED) == set()


def test_open_feedback_comes_first_the_most_urgent_first(world):
    done = answered(world, at=MONDAY - timedelta(days=60))
    later = sent(world, at=MONDAY)
    earlier = sent(world, at=MONDAY - timedelta(days=7))

    codes = [f.code for f in feedback_list_for_officer(user=world.leader)]

    assert codes == [earlier.code, later.code, done.code]


def test_counts_per_status_in_the_scope(world):
    answered(world)
    sent(world)
    sent(world)

    assert feedback_counts_for_officer(user=world.leader) == {
        FeedbackStatus.ANSWERED: 1,
        FeedbackStatus.RECEIVED: 2,
    }
    assert feedback_counts_for_officer(user=world.officer) == {FeedbackStatus.ANSWERED: 1}


def test_the_public_list_shows_only_published_answers_newest_first(world):
    first = answered(world, publish=True)
    answered(world)  # not published
    sent(world)
    second = answered(world, publish=True)

    assert [f.code for f in feedback_list_public()] == [second.code, first.code]
    assert list(feedback_list_public(kind=FeedbackKind.COMPLAINT)) == []


def test_public_lookup_answers_the_same_for_unknown_code_and_wrong_secret(world):
    feedback = sent(world)

    assert feedback_find_public(code=feedback.code, secret=feedback.lookup_secret) == feedback
    assert (
        feedback_find_public(
            code=feedback.code.lower(), secret=" " + feedback.lookup_secret.lower()
        )
        == feedback
    )
    assert feedback_find_public(code=feedback.code, secret="WRONG123") is None
    assert feedback_find_public(code="PA-000000-XXXX", secret=feedback.lookup_secret) is None
    assert feedback_find_public(code=feedback.code, secret="") is None
    assert feedback_find_public(code=feedback.code, secret="mã sai có dấu") is None


def _rated(world, *, at, **levels):
    dossier = received(world, at=at)
    return rating_give(dossier=dossier, at=at, **levels)


def test_rating_summary_counts_and_averages_per_criterion_and_level(world):
    _rated(world, at=MONDAY, overall=5, reception=5, attitude=4)
    _rated(world, at=MONDAY, overall=4, reception=3)
    _rated(world, at=MONDAY, overall=1)

    summary = rating_summary(agencies=[world.agency.pk])

    assert (summary.levels, summary.count) == (5, 3)
    overall, reception, attitude, timeliness, _publicity = summary.criteria
    assert (overall.average, overall.counts) == (3.33, {5: 1, 4: 1, 3: 0, 2: 0, 1: 1})
    assert (overall.satisfied, overall.satisfied_percent) == (2, 66.7)
    assert (reception.answered, reception.average) == (2, 4.0)
    assert (attitude.answered, attitude.counts[4]) == (1, 1)
    assert (timeliness.answered, timeliness.average, timeliness.satisfied_percent) == (
        0,
        None,
        None,
    )
    assert str(summary.overall.label) == "Đánh giá chung"


def test_rating_summary_keeps_to_the_agencies_and_the_period(world):
    _rated(world, at=vn(2026, 2, 27), overall=2)
    _rated(world, at=MONDAY, overall=5)

    assert rating_summary(agencies=[world.other_agency.pk]).count == 0
    assert rating_summary(since=MONDAY - timedelta(hours=1)).count == 1
    assert rating_summary(until=MONDAY - timedelta(hours=1)).overall.average == 2.0
    assert rating_summary(levels=3).count == 0  # never mixes scales


def test_feedback_summary_counts_kinds_statuses_and_timeliness(world):
    answered(world, at=MONDAY)
    sent(world, at=vn(2025, 12, 1), kind=FeedbackKind.COMPLAINT)  # due in January
    feedback = sent(world, at=MONDAY)
    feedback_accept(
        feedback=feedback, actor=StaffFactory(role=Role.AGENCY_HEAD, agency=world.committee)
    )

    found = feedback_summary(at=MONDAY + timedelta(days=1))

    assert found.total == 3
    assert found.by_kind == {"feedback": 2, "recommendation": 0, "complaint": 1}
    assert found.by_status["handling"] == 1
    assert (found.answered_on_time, found.answered_late, found.open_overdue) == (1, 0, 1)


def test_feedback_summary_counts_late_answers(world):
    feedback = about_procedure(world, at=MONDAY)
    feedback_answer(
        feedback=feedback, actor=world.other_officer, answer="Muộn", at=MONDAY + timedelta(days=40)
    )

    found = feedback_summary(agencies=[world.other_agency.pk])

    assert (found.answered_on_time, found.answered_late) == (0, 1)
