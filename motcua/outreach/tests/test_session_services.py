from datetime import date

import pytest

from motcua.accounts.enums import Role
from motcua.outreach.enums import AudienceKind
from motcua.outreach.models import OutreachSession
from motcua.outreach.session_services import (
    NotARecordKeeper,
    ParticipantsNegative,
    SessionTopicRequired,
    UnitOutsideAgency,
    session_create,
    session_update,
)
from motcua.outreach.tests.factories import district_with_commune
from motcua.outreach.tests.record_factories import (
    agency_of,
    committee,
    member,
    session,
    session_details,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def units():
    return district_with_commune()


@pytest.fixture
def justice(units):
    return agency_of(units[0], "Phòng Tư pháp")


@pytest.fixture
def head(justice):
    return member(justice, Role.AGENCY_HEAD)


def test_session_create_records_the_session_and_who_wrote_it(head, justice, units):
    made = session(
        head,
        title="  Nghiệp vụ chứng thực  ",
        place=" Xã Thử Nghiệm ",
        unit=units[1],
        audience=AudienceKind.MIXED,
        participants=57,
        notes=" Có phiên dịch. ",
    )

    stored = OutreachSession.objects.get(pk=made.pk)
    assert (stored.held_on, stored.title, stored.place, stored.notes) == (
        date(2026, 3, 4),
        "Nghiệp vụ chứng thực",
        "Xã Thử Nghiệm",
        "Có phiên dịch.",
    )
    assert (stored.agency, stored.unit, stored.audience, stored.participants) == (
        justice,
        units[1],
        AudienceKind.MIXED,
        57,
    )
    assert (stored.created_by, stored.updated_by) == (head, head)


def test_session_create_accepts_a_session_nobody_attended(head):
    assert session(head, participants=0).participants == 0


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.UNIT_LEADER])
def test_session_create_lets_unit_wide_keepers_record_for_agencies_below(units, role):
    commune_committee = committee(units[1])
    keeper = member(agency_of(units[0]), role)

    made = session(keeper, commune_committee, unit=units[1])

    assert (made.agency, made.unit) == (commune_committee, units[1])


@pytest.mark.parametrize(
    "role", [Role.DESK_OFFICER, Role.PROCESSING_OFFICER, Role.INSPECTOR, Role.CITIZEN]
)
def test_session_create_refuses_people_who_do_not_keep_records(justice, role):
    person = member(justice, role)

    with pytest.raises(NotARecordKeeper) as refused:
        session_create(actor=person, details=session_details(justice))

    assert str(refused.value) == (
        "Bạn không được ghi nhận buổi tuyên truyền hoặc kết quả rà soát cho Phòng Tư pháp."
    )
    assert not OutreachSession.objects.exists()


def test_session_create_refuses_an_agency_head_recording_for_another_agency(head, units):
    other = agency_of(units[0], "Phòng Nội vụ")

    with pytest.raises(NotARecordKeeper):
        session(head, other)


def test_session_create_refuses_a_commune_leader_recording_for_the_district(units, justice):
    commune_leader = member(committee(units[1]), Role.UNIT_LEADER)

    with pytest.raises(NotARecordKeeper):
        session(commune_leader, justice)


def test_session_create_refuses_a_unit_above_or_beside_the_organiser(units):
    commune_committee = committee(units[1])
    district_admin = member(agency_of(units[0]))
    elsewhere = district_with_commune()[1]

    with pytest.raises(UnitOutsideAgency) as refused:
        session(district_admin, commune_committee, unit=units[0])
    with pytest.raises(UnitOutsideAgency):
        session(district_admin, commune_committee, unit=elsewhere)

    assert str(refused.value) == (
        "Huyện Thử Nghiệm không phải đơn vị hành chính của UBND Xã Thử Nghiệm "
        "hay một đơn vị cấp dưới."
    )
    assert not OutreachSession.objects.exists()


@pytest.mark.parametrize("blank", [{"title": "   "}, {"place": ""}])
def test_session_create_requires_a_topic_and_a_place(head, blank):
    with pytest.raises(SessionTopicRequired) as refused:
        session(head, **blank)

    assert str(refused.value) == "Buổi tuyên truyền, tập huấn cần có chủ đề và địa điểm."


def test_session_create_refuses_a_negative_number_of_participants(head):
    with pytest.raises(ParticipantsNegative) as refused:
        session(head, participants=-1)

    assert str(refused.value) == "Số người tham dự không được là số âm."
    assert not OutreachSession.objects.exists()


def test_session_update_corrects_the_session_and_records_the_editor(units, justice, head):
    made = session(head)
    leader = member(agency_of(units[0]), Role.UNIT_LEADER)

    session_update(
        session=made,
        actor=leader,
        details=session_details(justice, participants=62, unit=units[1], title="Chủ đề mới"),
    )

    stored = OutreachSession.objects.get(pk=made.pk)
    assert (stored.participants, stored.unit, stored.title) == (62, units[1], "Chủ đề mới")
    assert (stored.created_by, stored.updated_by) == (head, leader)


def test_session_update_refuses_a_session_of_another_agency(units, justice, head):
    made = session(member(justice))
    other_head = member(agency_of(units[0], "Phòng Nội vụ"), Role.AGENCY_HEAD)

    with pytest.raises(NotARecordKeeper):
        session_update(session=made, actor=other_head, details=session_details(other_head.agency))
    assert OutreachSession.objects.get(pk=made.pk).agency == justice


def test_session_update_refuses_moving_the_session_out_of_reach(units, justice, head):
    made = session(head)

    with pytest.raises(NotARecordKeeper):
        session_update(session=made, actor=head, details=session_details(agency_of(units[0])))


def test_session_update_leaves_the_session_alone_when_refused(head):
    made = session(head, participants=30)

    with pytest.raises(ParticipantsNegative):
        session_update(
            session=made, actor=head, details=session_details(head.agency, participants=-5)
        )

    assert OutreachSession.objects.get(pk=made.pk).participants == 30
