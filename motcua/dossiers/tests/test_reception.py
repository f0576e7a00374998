"""Reception at the desk and online: codes, due dates, planned steps, components."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from motcua.accounts.enums import Role
from motcua.catalog.enums import ChannelKind
from motcua.dossiers.enums import Action, DossierStatus
from motcua.dossiers.models import CodeCounter, Dossier, DossierComponent, DossierEvent
from motcua.dossiers.services import (
    Applicant,
    IdempotencyKeyReused,
    ReceivedComponent,
    dossier_receive,
    dossier_submit_online,
)
from motcua.dossiers.services.codes import DailyCodesExhausted
from motcua.dossiers.services.reception import NotOnline
from motcua.dossiers.tests.factories import (
    CASE,
    MONDAY,
    VN,
    application,
    build_world,
    citizen,
    received,
    reloaded,
    submitted,
    vn,
)

pytestmark = pytest.mark.django_db


def _steps(dossier):
    return [
        (s.order, s.name, s.role, s.agency_id, s.due_at.astimezone(VN), s.started_at)
        for s in dossier.steps.order_by("order")
    ]


def _nothing_written():
    return Dossier.objects.count(), DossierEvent.objects.count(), CodeCounter.objects.count()


# Codes -------------------------------------------------------------------------------------------


def test_receive_codes_the_dossier_with_desk_identifier_local_date_and_sequence(world):
    first = received(world, at=MONDAY)
    second = received(world, at=vn(2026, 3, 2, 16, 59))

    assert first.code == f"{world.desk.identifier}-260302-0001"
    assert second.code == f"{world.desk.identifier}-260302-0002"


def test_receive_sequence_restarts_the_next_day(world):
    received(world, at=MONDAY)
    received(world, at=MONDAY)

    tuesday = received(world, at=vn(2026, 3, 3, 8))

    assert tuesday.code == f"{world.desk.identifier}-260303-0001"


def test_receive_sequence_is_kept_per_desk(world):
    received(world, at=MONDAY)
    elsewhere = build_world()

    other = received(elsewhere, at=MONDAY)

    assert other.code == f"{elsewhere.desk.identifier}-260302-0001"
    assert CodeCounter.objects.get(agency=world.desk).last == 1


def test_receive_code_date_is_the_vietnamese_date_near_midnight_utc(world):
    # 16:59 UTC is 23:59 in Hà Nội; 17:00 UTC is already the next day there.
    late_evening = received(world, at=datetime(2026, 3, 2, 16, 59, tzinfo=UTC))
    after_midnight = received(world, at=datetime(2026, 3, 2, 17, 0, tzinfo=UTC))

    assert late_evening.code == f"{world.desk.identifier}-260302-0001"
    assert after_midnight.code == f"{world.desk.identifier}-260303-0001"


def test_receive_refuses_the_ten_thousandth_code_of_a_day(world):
    CodeCounter.objects.create(agency=world.desk, day=MONDAY.date(), last=9999)

    with pytest.raises(DailyCodesExhausted) as refused:
        received(world, at=MONDAY)

    assert refused.value.params == {"agency": world.desk.identifier, "day": "02/03/2026"}
    assert CodeCounter.objects.get(agency=world.desk).last == 9999
    assert Dossier.objects.count() == 0


# What a received dossier holds -------------------------------------------------------------------


def test_receive_records_status_time_holder_and_first_event(world):
    dossier = received(world, at=MONDAY)

    stored = reloaded(dossier)
    assert stored.status == DossierStatus.RECEIVED
    assert stored.revision == 1
    assert stored.channel == ChannelKind.DESK
    assert stored.received_at == MONDAY
    assert stored.desk == world.desk
    assert stored.agency == world.agency
    assert stored.holder_agency == world.desk
    assert stored.holder == world.clerk
    assert stored.current_step.order == 1
    assert stored.content == world.version.name
    assert len(stored.lookup_secret) == 8
    assert list(stored.events.values_list("seq", "action", "from_status", "to_status")) == [
        (1, Action.RECEIVE, None, DossierStatus.RECEIVED)
    ]


def test_receive_due_date_counts_the_procedure_limit_in_working_days(world):
    dossier = received(world, at=MONDAY)  # 3 working days from Monday 09:00

    assert dossier.due_at.astimezone(VN) == vn(2026, 3, 5, 9)


def test_receive_due_date_skips_the_24_november_holiday():
    world = build_world()

    dossier = received(world, at=vn(2026, 11, 23, 9))  # Tuesday 24/11 is not worked

    assert dossier.due_at.astimezone(VN) == vn(2026, 11, 27, 9)


def test_receive_after_hours_counts_from_the_next_opening(world):
    dossier = received(world, at=vn(2026, 3, 6, 18))  # Friday evening

    assert dossier.received_at.astimezone(VN) == vn(2026, 3, 6, 18)
    assert dossier.due_at.astimezone(VN) == vn(2026, 3, 11, 17)


def test_receive_due_date_follows_the_channel_limit():
    world = build_world(amount="3", online_amount="2")
    online = submitted(world, at=MONDAY)

    accepted = dossier_receive(actor=world.clerk, dossier=online, at=MONDAY)
    at_desk = received(world, at=MONDAY)

    assert accepted.due_at.astimezone(VN) == vn(2026, 3, 4, 9)
    assert at_desk.due_at.astimezone(VN) == vn(2026, 3, 5, 9)


def test_receive_due_date_and_steps_follow_the_case():
    world = build_world(with_case=True)

    dossier = received(world, at=MONDAY, case_name=CASE)

    assert dossier.case_name == CASE
    assert dossier.due_at.astimezone(VN) == vn(2026, 3, 23, 9)
    assert [(order, name, agency) for order, name, _r, agency, _d, _s in _steps(dossier)] == [
        (1, "Tiếp nhận hồ sơ nước ngoài", world.desk.pk),
        (2, "Xác minh", world.agency.pk),
        (3, "Ký duyệt", world.committee.pk),
        (4, "Trả kết quả", world.desk.pk),
    ]


def test_receive_plans_every_step_with_its_agency_and_due_time(world):
    dossier = received(world, at=MONDAY)

    assert _steps(dossier) == [
        (1, "Tiếp nhận", Role.DESK_OFFICER, world.desk.pk, vn(2026, 3, 2, 14, 45), MONDAY),
        (2, "Phân công", Role.AGENCY_HEAD, world.agency.pk, vn(2026, 3, 3, 9), None),
        (3, "Thẩm định", Role.PROCESSING_OFFICER, world.agency.pk, vn(2026, 3, 4, 9), None),
        (4, "Ký duyệt", Role.UNIT_LEADER, world.committee.pk, vn(2026, 3, 4, 14, 45), None),
        (5, "Trả kết quả", Role.DESK_OFFICER, world.desk.pk, vn(2026, 3, 5, 9), None),
    ]
    assert dossier.steps.get(order=1).quota == Decimal("0.5")


def test_receive_stores_the_components_received(world):
    components = [
        ReceivedComponent(name="Tờ khai", originals=1),
        ReceivedComponent(name="Văn bản ủy quyền", certified_copies=2, note="Bản chứng thực"),
        ReceivedComponent(name="Giấy chứng sinh", missing=True),
    ]

    dossier = received(world, components=components)

    assert list(
        DossierComponent.objects.filter(dossier=dossier).values_list(
            "name", "originals", "certified_copies", "photocopies", "missing", "note"
        )
    ) == [
        ("Tờ khai", 1, 0, 0, False, ""),
        ("Văn bản ủy quyền", 0, 2, 0, False, "Bản chứng thực"),
        ("Giấy chứng sinh", 0, 0, 0, True, ""),
    ]


def test_receive_cleans_the_applicants_id_and_phone(world):
    person = Applicant(
        name="  Trần Thị Bình ", id_number="008 195-001.234", phone="+84 912 345 678"
    )

    dossier = received(world, applicant=person)

    stored = reloaded(dossier)
    assert (stored.applicant_name, stored.applicant_id_number, stored.applicant_phone) == (
        "Trần Thị Bình",
        "008195001234",
        "0912345678",
    )


# Online submission -------------------------------------------------------------------------------


def test_submit_online_stores_a_submitted_dossier_without_due_date(world):
    owner = citizen()

    dossier = submitted(world, key="abc", at=MONDAY, owner=owner)

    stored = reloaded(dossier)
    assert stored.status == DossierStatus.SUBMITTED
    assert stored.channel == ChannelKind.ONLINE
    assert stored.code == f"{world.desk.identifier}-260302-0001"
    assert (stored.submitted_at, stored.received_at, stored.due_at) == (MONDAY, None, None)
    assert stored.citizen == owner
    assert stored.idempotency_key == "abc"
    assert stored.steps.count() == 0
    event = stored.events.get()
    assert (event.action, event.from_status, event.to_status, event.actor) == (
        Action.SUBMIT,
        None,
        DossierStatus.SUBMITTED,
        owner,
    )


def test_submit_online_twice_with_the_same_key_stores_one_dossier(world):
    first = submitted(world, key="retry-1")

    again = submitted(world, key="retry-1")

    assert again.pk == first.pk
    assert Dossier.objects.count() == 1
    assert DossierEvent.objects.count() == 1
    assert CodeCounter.objects.get(agency=world.desk).last == 1


def test_submit_online_same_key_for_another_applicant_is_refused(world):
    submitted(world, key="shared")
    other = application(
        world,
        applicant=Applicant(name="Lê Văn Cường", id_number="008095009999", phone="0987654321"),
    )

    with pytest.raises(IdempotencyKeyReused):
        dossier_submit_online(application=other, idempotency_key="shared", at=MONDAY)

    assert Dossier.objects.count() == 1


def test_submit_online_same_key_from_another_account_is_refused(world):
    submitted(world, key="a-key", owner=citizen())

    with pytest.raises(IdempotencyKeyReused):
        submitted(world, key="a-key", owner=citizen())


def test_submit_online_procedure_not_offered_online_is_refused():
    world = build_world(online_level="none")

    with pytest.raises(NotOnline) as refused:
        submitted(world)

    assert refused.value.params == {"code": world.version.procedure.code}
    assert _nothing_written() == (0, 0, 0)


def test_receive_accepts_a_submitted_dossier_keeping_its_code(world):
    online = submitted(world, at=MONDAY)

    dossier = dossier_receive(actor=world.clerk, dossier=online, at=vn(2026, 3, 3, 9))

    stored = reloaded(dossier)
    assert stored.code == online.code
    assert stored.status == DossierStatus.RECEIVED
    assert stored.submitted_at == MONDAY
    assert stored.received_at == vn(2026, 3, 3, 9)
    assert stored.due_at == vn(2026, 3, 6, 9)
    assert stored.steps.count() == 5
    assert list(stored.events.values_list("action", flat=True)) == [Action.SUBMIT, Action.RECEIVE]
