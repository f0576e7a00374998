from datetime import date

import pytest

from motcua.accounts.enums import Role
from motcua.accounts.tests.factories import UserFactory
from motcua.outreach.enums import AudienceKind, ReviewAction, ReviewFinding, ReviewProposal
from motcua.outreach.permissions import can_keep_records, record_agencies
from motcua.outreach.record_selectors import (
    record_agency_choices,
    record_years,
    review_events,
    review_list_for_staff,
    session_get_for_staff,
    session_list_for_staff,
    session_unit_choices,
)
from motcua.outreach.summary import outreach_summary, review_summary
from motcua.outreach.tests.factories import district_with_commune
from motcua.outreach.tests.record_factories import (
    agency_of,
    committee,
    member,
    moved,
    review,
    session,
)
from motcua.reports.periods import year_period

pytestmark = pytest.mark.django_db

A = ReviewAction


@pytest.fixture
def tree():
    """A district with its justice bureau and home affairs bureau, a commune committee,
    and another district's committee."""
    district, commune = district_with_commune()
    other_district = district_with_commune()[0]
    return {
        "district": district,
        "commune": commune,
        "justice": agency_of(district, "Phòng Tư pháp"),
        "home": agency_of(district, "Phòng Nội vụ"),
        "commune_committee": committee(commune),
        "elsewhere": committee(other_district),
    }


@pytest.fixture
def sessions(tree):
    """One session per agency of the tree, recorded by its head."""
    return {
        name: session(member(tree[name], Role.AGENCY_HEAD), title=f"Buổi của {name}")
        for name in ["justice", "home", "commune_committee", "elsewhere"]
    }


# Permissions -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "keeps"),
    [
        (Role.ADMINISTRATOR, True),
        (Role.UNIT_LEADER, True),
        (Role.AGENCY_HEAD, True),
        (Role.PROCESSING_OFFICER, False),
        (Role.DESK_OFFICER, False),
        (Role.INSPECTOR, False),
    ],
)
def test_can_keep_records_belongs_to_administrators_leaders_and_heads(tree, role, keeps):
    assert can_keep_records(member(tree["justice"], role)) is keeps


def test_citizens_and_strangers_neither_keep_nor_read_records(tree):
    citizen = UserFactory(role=Role.CITIZEN)

    assert can_keep_records(citizen) is False
    assert not record_agencies(citizen).exists()


@pytest.mark.parametrize(
    ("role", "reads", "writes"),
    [
        (Role.ADMINISTRATOR, {"justice", "home", "commune_committee"}, True),
        (Role.UNIT_LEADER, {"justice", "home", "commune_committee"}, True),
        (Role.AGENCY_HEAD, {"justice"}, True),
        (Role.PROCESSING_OFFICER, {"justice"}, False),
        (Role.DESK_OFFICER, {"justice"}, False),
        (Role.INSPECTOR, {"justice", "home", "commune_committee"}, False),
    ],
)
def test_record_agencies_per_role(tree, role, reads, writes):
    person = member(tree["justice"], role)
    names = {
        agency.pk: name for name, agency in tree.items() if name not in ("district", "commune")
    }

    assert {names[a.pk] for a in record_agencies(person) if a.pk in names} == reads
    assert {names[a.pk] for a in record_agencies(person, write=True) if a.pk in names} == (
        reads if writes else set()
    )


# Sessions ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "seen"),
    [
        (Role.ADMINISTRATOR, {"justice", "home", "commune_committee"}),
        (Role.INSPECTOR, {"justice", "home", "commune_committee"}),
        (Role.AGENCY_HEAD, {"justice"}),
        (Role.PROCESSING_OFFICER, {"justice"}),
    ],
)
def test_session_list_for_staff_covers_the_agencies_the_person_sees(tree, sessions, role, seen):
    person = member(tree["justice"], role)

    assert set(session_list_for_staff(user=person)) == {sessions[name] for name in seen}


def test_session_list_for_staff_of_a_commune_leader_is_the_communes(tree, sessions):
    leader = member(tree["commune_committee"], Role.UNIT_LEADER)

    assert list(session_list_for_staff(user=leader)) == [sessions["commune_committee"]]
    assert session_get_for_staff(user=leader, pk=sessions["justice"].pk) is None
    assert session_get_for_staff(user=leader, pk=sessions["commune_committee"].pk) is not None


def test_session_list_for_staff_filters_a_year_and_puts_the_latest_first(tree):
    head = member(tree["justice"], Role.AGENCY_HEAD)
    march = session(head, held_on=date(2026, 3, 4))
    october = session(head, held_on=date(2026, 10, 1))
    last_year = session(head, held_on=date(2025, 12, 31))

    assert list(session_list_for_staff(user=head, year=2026)) == [october, march]
    assert list(session_list_for_staff(user=head)) == [october, march, last_year]


def test_record_years_lists_years_with_records_and_the_current_one(tree, time_machine):
    time_machine.move_to("2026-06-01 09:00+07:00")
    head = member(tree["justice"], Role.AGENCY_HEAD)
    session(head, held_on=date(2024, 5, 5))
    review(head, reviewed_on=date(2025, 2, 2))
    session(member(tree["elsewhere"]), held_on=date(2023, 1, 1))

    assert record_years(user=head) == [2026, 2025, 2024]


def test_choices_are_the_agencies_and_units_a_keeper_may_record_for(tree):
    admin = member(tree["justice"])
    head = member(tree["justice"], Role.AGENCY_HEAD)
    officer = member(tree["justice"], Role.PROCESSING_OFFICER)
    tree["home"].is_active = False
    tree["home"].save()

    assert set(record_agency_choices(user=admin)) >= {tree["justice"], tree["commune_committee"]}
    assert tree["home"] not in record_agency_choices(user=admin)
    assert list(record_agency_choices(user=head)) == [tree["justice"]]
    assert not record_agency_choices(user=officer).exists()
    assert list(session_unit_choices(user=head)) == [tree["district"], tree["commune"]]
    assert not session_unit_choices(user=officer).exists()


# Reviews -----------------------------------------------------------------------------------------


def test_review_list_for_staff_is_scoped_and_filtered(tree):
    justice_head = member(tree["justice"], Role.AGENCY_HEAD)
    proposed = review(justice_head)
    submitted = moved(review(justice_head, reviewed_on=date(2026, 6, 1)), justice_head, A.SUBMIT)
    old = review(justice_head, reviewed_on=date(2025, 6, 1))
    home = review(member(tree["home"], Role.AGENCY_HEAD))
    inspector = member(tree["home"], Role.INSPECTOR)

    assert list(review_list_for_staff(user=justice_head, year=2026)) == [submitted, proposed]
    assert list(review_list_for_staff(user=justice_head, status="submitted")) == [submitted]
    assert set(review_list_for_staff(user=inspector)) == {proposed, submitted, old, home}
    assert list(review_events(review=submitted).values_list("action", flat=True)) == [
        A.PROPOSE,
        A.SUBMIT,
    ]


# Yearly report -----------------------------------------------------------------------------------


def test_outreach_summary_counts_sessions_and_participants_per_audience(tree):
    head = member(tree["justice"])
    session(head, participants=40, audience=AudienceKind.OFFICIALS, held_on=date(2026, 1, 1))
    session(head, participants=25, audience=AudienceKind.OFFICIALS, held_on=date(2026, 12, 31))
    session(head, participants=70, audience=AudienceKind.CITIZENS, unit=tree["commune"])
    session(head, participants=0, audience=AudienceKind.MIXED)
    session(head, participants=99, held_on=date(2027, 1, 1))
    session(head, participants=99, held_on=date(2025, 12, 31))
    period = year_period(2026)

    summary = outreach_summary(start=period.start, end=period.end)

    assert (summary.sessions, summary.participants) == (4, 135)
    assert {k: (c.sessions, c.participants) for k, c in summary.by_audience.items()} == {
        "officials": (2, 65),
        "citizens": (1, 70),
        "businesses": (0, 0),
        "mixed": (1, 0),
    }
    assert [c.label for c in summary.by_audience.values()] == [
        "Cán bộ, công chức",
        "Người dân",
        "Doanh nghiệp",
        "Nhiều đối tượng",
    ]


def test_outreach_summary_of_a_unit_counts_its_sessions_and_those_below(tree):
    session(member(tree["justice"]), participants=40)
    session(member(tree["justice"]), participants=30, unit=tree["commune"])
    session(member(tree["commune_committee"]), participants=20)
    session(member(tree["elsewhere"]), participants=500)
    dates = {"start": date(2026, 1, 1), "end": date(2027, 1, 1)}

    district = outreach_summary(unit=tree["district"], **dates)
    commune = outreach_summary(unit=tree["commune"], **dates)
    everywhere = outreach_summary(**dates)

    assert (district.sessions, district.participants) == (3, 90)
    assert (commune.sessions, commune.participants) == (2, 50)
    assert (everywhere.sessions, everywhere.participants) == (4, 590)


def test_outreach_summary_of_an_empty_period_is_zero(tree):
    summary = outreach_summary(start=date(2020, 1, 1), end=date(2021, 1, 1))

    assert (summary.sessions, summary.participants) == (0, 0)
    assert all(c.sessions == 0 for c in summary.by_audience.values())


def test_review_summary_counts_per_finding_proposal_and_status(tree):
    head = member(tree["justice"])
    review(head, finding=ReviewFinding.OVERLAPPING, proposal=ReviewProposal.ABOLISH)
    moved(review(head), head, A.SUBMIT, A.ACCEPT, A.IMPLEMENT)
    moved(review(head, finding=ReviewFinding.OUTDATED), head, A.SUBMIT, A.REJECT)
    moved(review(member(tree["commune_committee"])), head, A.SUBMIT)
    review(member(tree["elsewhere"]))
    review(head, reviewed_on=date(2025, 12, 31))
    period = year_period(2026)

    summary = review_summary(unit=tree["district"], start=period.start, end=period.end)

    assert summary.reviews == 4
    assert {k: t.count for k, t in summary.by_finding.items()} == {
        "overlapping": 1,
        "cumbersome": 2,
        "outdated": 1,
        "other": 0,
    }
    assert {k: t.count for k, t in summary.by_proposal.items()} == {
        "abolish": 1,
        "amend": 0,
        "simplify": 3,
        "keep": 0,
    }
    assert {k: t.count for k, t in summary.by_status.items()} == {
        "proposed": 1,
        "submitted": 1,
        "accepted": 0,
        "rejected": 1,
        "implemented": 1,
    }
    assert summary.by_status["submitted"].label == "Đã trình cấp có thẩm quyền"
    assert review_summary(unit=tree["commune"], start=period.start, end=period.end).reviews == 1
    assert review_summary(start=period.start, end=period.end).reviews == 5


def test_summaries_take_one_query_each(tree, django_assert_num_queries):
    head = member(tree["justice"])
    session(head)
    review(head)

    with django_assert_num_queries(1):
        outreach_summary(start=date(2026, 1, 1), end=date(2027, 1, 1))
    with django_assert_num_queries(1):
        review_summary(start=date(2026, 1, 1), end=date(2027, 1, 1))
