"""Through the agency: pass it on, assign, forward, send back, liên thông (another agency)."""

import pytest
from django.utils import translation

from motcua.accounts.enums import Role
from motcua.accounts.tests.factories import StaffFactory
from motcua.dossiers.enums import Action, DossierStatus
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import (
    DossierChangedMeanwhile,
    NotYours,
    ReasonRequired,
    dossier_assign,
    dossier_decide,
    dossier_forward,
    dossier_send_back,
    dossier_transfer,
    dossier_transfer_to_agency,
)
from motcua.dossiers.services.processing import NoStep, NotProcessingAgency, WrongOfficer
from motcua.dossiers.tests.factories import (
    CASE,
    MONDAY,
    VN,
    assigned,
    at_signing,
    build_world,
    received,
    reloaded,
    vn,
    with_agency,
)

pytestmark = pytest.mark.django_db
TUESDAY = vn(2026, 3, 3, 9)


def _where(dossier: Dossier):
    stored = reloaded(dossier)
    step = stored.current_step
    return stored.status, step.order if step else None, stored.holder_agency, stored.holder


def _last_event(dossier: Dossier):
    return dossier.events.order_by("seq").last()


# The desk passes the dossier to the agency -------------------------------------------------------


def test_transfer_to_agency_moves_to_the_heads_step(world):
    dossier = received(world, at=MONDAY)

    dossier = dossier_transfer_to_agency(dossier=dossier, actor=world.clerk, at=TUESDAY)

    assert _where(dossier) == (DossierStatus.PROCESSING, 2, world.agency, None)
    steps = {s.order: s for s in dossier.steps.all()}
    assert (steps[1].started_at, steps[1].finished_at) == (MONDAY, TUESDAY)
    assert (steps[2].started_at, steps[2].finished_at) == (TUESDAY, None)


@pytest.mark.parametrize("who", ["officer", "head", "other_desk_clerk"])
def test_transfer_to_agency_is_for_the_dossiers_desk_only(world, who):
    dossier = received(world)
    actor = build_world().clerk if who == "other_desk_clerk" else getattr(world, who)

    with pytest.raises(NotYours):
        dossier_transfer_to_agency(dossier=dossier, actor=actor)

    assert _where(dossier) == (DossierStatus.RECEIVED, 1, world.desk, world.clerk)
    assert dossier.steps.get(order=1).finished_at is None


# The head assigns --------------------------------------------------------------------------------


def test_assign_gives_the_dossier_to_the_officer_and_opens_appraisal(world):
    dossier = with_agency(world)

    dossier = dossier_assign(dossier=dossier, actor=world.head, officer=world.officer, note="Gấp")

    assert _where(dossier) == (DossierStatus.PROCESSING, 3, world.agency, world.officer)
    event = _last_event(dossier)
    assert (event.action, event.note, event.payload) == (
        Action.ASSIGN,
        "Gấp",
        {"officer": world.officer.pk, "officer_name": "Chuyên viên"},
    )


def test_assign_again_during_appraisal_changes_only_the_officer(world):
    dossier = assigned(world)
    colleague = StaffFactory(role=Role.PROCESSING_OFFICER, agency=world.agency)

    dossier = dossier_assign(dossier=dossier, actor=world.head, officer=colleague)

    assert _where(dossier) == (DossierStatus.PROCESSING, 3, world.agency, colleague)


@pytest.mark.parametrize("who", ["officer", "other_head", "clerk", "leader"])
def test_assign_is_for_the_head_of_the_agency_holding_it(world, who):
    dossier = with_agency(world)

    with pytest.raises(NotYours):
        dossier_assign(dossier=dossier, actor=getattr(world, who), officer=world.officer)

    assert _where(dossier) == (DossierStatus.PROCESSING, 2, world.agency, None)


@pytest.mark.parametrize("who", ["other_officer", "clerk"])
def test_assign_to_someone_outside_the_agency_is_refused(world, who):
    dossier = with_agency(world)

    with pytest.raises(WrongOfficer) as refused:
        dossier_assign(dossier=dossier, actor=world.head, officer=getattr(world, who))

    assert refused.value.params == {"officer": getattr(world, who), "agency": world.agency}
    assert reloaded(dossier).revision == dossier.revision


# Forward and send back ---------------------------------------------------------------------------


def test_forward_by_the_assigned_officer_goes_to_the_committee(world):
    dossier = assigned(world)

    dossier = dossier_forward(dossier=dossier, actor=world.officer, note="Đủ điều kiện")

    assert _where(dossier) == (DossierStatus.PROCESSING, 4, world.committee, None)
    assert _last_event(dossier).note == "Đủ điều kiện"


def test_forward_of_an_officers_step_may_be_done_by_the_head(world):
    dossier = assigned(world)

    dossier = dossier_forward(dossier=dossier, actor=world.head)

    assert _where(dossier)[1] == 4


def test_forward_by_the_leader_brings_the_result_step_to_the_desk(world):
    dossier = at_signing(world)

    dossier = dossier_forward(dossier=dossier, actor=world.leader)

    assert _where(dossier) == (DossierStatus.PROCESSING, 5, world.desk, None)


@pytest.mark.parametrize("who", ["other_officer", "clerk", "leader"])
def test_forward_is_for_the_performer_of_the_current_step(world, who):
    dossier = assigned(world)

    with pytest.raises(NotYours) as refused:
        dossier_forward(dossier=dossier, actor=getattr(world, who))

    assert refused.value.params == {
        "code": dossier.code,
        "agency": world.agency,
        "step": "Thẩm định",
    }
    assert _where(dossier) == (DossierStatus.PROCESSING, 3, world.agency, world.officer)


def test_forward_from_the_last_step_has_nowhere_to_go(world):
    dossier = dossier_forward(dossier=at_signing(world), actor=world.leader)

    with pytest.raises(NoStep) as refused:
        dossier_forward(dossier=dossier, actor=world.clerk)

    with translation.override("en"):
        assert str(refused.value) == f"Dossier {dossier.code} has no next step."


def test_send_back_returns_to_the_previous_step_with_the_note(world):
    dossier = assigned(world)

    dossier = dossier_send_back(
        dossier=dossier, actor=world.officer, note="  Cần phân công lại ", at=TUESDAY
    )

    assert _where(dossier) == (DossierStatus.PROCESSING, 2, world.agency, None)
    assert _last_event(dossier).note == "Cần phân công lại"
    steps = {s.order: s for s in dossier.steps.all()}
    assert (steps[3].started_at, steps[3].finished_at) == (MONDAY, TUESDAY)
    assert (steps[2].started_at, steps[2].finished_at) == (TUESDAY, None)


def test_send_back_needs_a_note(world):
    dossier = assigned(world)

    with pytest.raises(ReasonRequired):
        dossier_send_back(dossier=dossier, actor=world.officer, note=" ")

    assert reloaded(dossier).revision == dossier.revision


def test_send_back_is_for_the_performer_of_the_current_step(world):
    dossier = assigned(world)

    with pytest.raises(NotYours):
        dossier_send_back(dossier=dossier, actor=world.other_officer, note="Sai")


def test_send_back_from_the_first_step_has_nowhere_to_go(world):
    dossier = dossier_send_back(dossier=with_agency(world), actor=world.head, note="Thiếu hồ sơ")
    assert _where(dossier) == (DossierStatus.PROCESSING, 1, world.desk, None)

    with pytest.raises(NoStep) as refused:
        dossier_send_back(dossier=dossier, actor=world.clerk, note="Không thể lùi")

    with translation.override("en"):
        assert str(refused.value) == f"Dossier {dossier.code} has no previous step."


# A stale page ------------------------------------------------------------------------------------


def test_acting_on_a_stale_copy_is_refused_and_writes_nothing(world):
    dossier = assigned(world)
    stale = reloaded(dossier)
    dossier_forward(dossier=dossier, actor=world.officer, at=TUESDAY)
    before = list(dossier.steps.values_list("order", "started_at", "finished_at"))

    with pytest.raises(DossierChangedMeanwhile) as refused:
        dossier_send_back(dossier=stale, actor=world.officer, note="Lại", at=TUESDAY)

    assert refused.value.params == {"code": dossier.code}
    with translation.override("en"):
        assert str(refused.value).startswith(f"Dossier {dossier.code} was changed by someone else")
    assert _where(dossier) == (DossierStatus.PROCESSING, 4, world.committee, None)
    assert list(dossier.steps.values_list("order", "started_at", "finished_at")) == before
    assert dossier.events.count() == 4


# Liên thông: another agency takes over -----------------------------------------------------------


def test_transfer_hands_the_dossier_to_another_agency_keeping_its_identity(world):
    dossier = assigned(world)
    code, pk = dossier.code, dossier.pk

    dossier = dossier_transfer(
        dossier=dossier,
        actor=world.officer,
        to=world.other_agency,
        note="Thuộc thẩm quyền NV",
        at=TUESDAY,
    )

    stored = reloaded(dossier)
    assert (stored.pk, stored.code, Dossier.objects.count()) == (pk, code, 1)
    assert stored.agency == world.other_agency
    assert _where(dossier) == (DossierStatus.PROCESSING, 4, world.other_agency, None)
    assert list(stored.steps.values_list("order", "name", "agency")) == [
        (1, "Tiếp nhận", world.desk.pk),
        (2, "Phân công", world.agency.pk),
        (3, "Thẩm định", world.agency.pk),
        (4, "Phân công", world.other_agency.pk),
        (5, "Thẩm định", world.other_agency.pk),
        (6, "Ký duyệt", stored.steps.get(order=6).agency_id),
        (7, "Trả kết quả", world.desk.pk),
    ]
    assert stored.steps.get(order=4).due_at.astimezone(VN) == vn(2026, 3, 3, 14, 45)
    event = _last_event(dossier)
    assert (event.action, event.from_agency, event.to_agency, event.payload) == (
        Action.TRANSFER,
        world.agency,
        world.other_agency,
        {"from_agency": world.agency.pk, "to_agency": world.other_agency.pk},
    )


def test_transfer_then_the_new_agency_works_on_it(world):
    dossier = dossier_transfer(
        dossier=assigned(world), actor=world.head, to=world.other_agency, note="Chuyển"
    )

    dossier = dossier_assign(dossier=dossier, actor=world.other_head, officer=world.other_officer)

    assert _where(dossier) == (DossierStatus.PROCESSING, 5, world.other_agency, world.other_officer)


def test_transfer_keeps_the_signing_step_with_the_peoples_committee(world):
    dossier = dossier_transfer(
        dossier=assigned(world), actor=world.officer, to=world.other_agency, note="Chuyển"
    )

    assert dossier.steps.get(order=6).agency == world.committee


def test_transfer_then_the_unit_leader_can_still_sign_the_result(world):
    dossier = dossier_transfer(
        dossier=assigned(world), actor=world.officer, to=world.other_agency, note="Chuyển"
    )
    dossier = dossier_assign(dossier=dossier, actor=world.other_head, officer=world.other_officer)
    dossier = dossier_forward(dossier=dossier, actor=world.other_officer)

    dossier = dossier_decide(dossier=dossier, actor=world.leader, approved=True, document="GKS")

    assert reloaded(dossier).status == DossierStatus.PROCESSED


def test_transfer_of_a_dossier_with_a_case_follows_the_cases_process():
    world = build_world(with_case=True)
    dossier = received(world, case_name=CASE)
    dossier = dossier_transfer_to_agency(dossier=dossier, actor=world.clerk)

    dossier = dossier_transfer(
        dossier=dossier, actor=world.officer, to=world.other_agency, note="Chuyển"
    )

    # The receiving agency follows the case's own process after its reception step.
    names = list(dossier.steps.filter(order__gt=2).values_list("name", flat=True))
    assert names == ["Xác minh", "Ký duyệt", "Trả kết quả"]


def test_transfer_needs_a_note(world):
    with pytest.raises(ReasonRequired):
        dossier_transfer(
            dossier=assigned(world), actor=world.officer, to=world.other_agency, note=""
        )


def test_transfer_to_an_agency_that_does_not_handle_the_procedure_is_refused(world):
    dossier = assigned(world)

    with pytest.raises(NotProcessingAgency) as refused:
        dossier_transfer(dossier=dossier, actor=world.officer, to=world.committee, note="Chuyển")

    assert refused.value.params == {"agency": world.committee}
    assert dossier.steps.count() == 5
    assert reloaded(dossier).agency == world.agency


@pytest.mark.parametrize("who", ["other_officer", "clerk", "leader"])
def test_transfer_is_for_the_staff_of_the_agency_holding_it(world, who):
    dossier = assigned(world)

    with pytest.raises(NotYours):
        dossier_transfer(
            dossier=dossier, actor=getattr(world, who), to=world.other_agency, note="Chuyển"
        )

    assert dossier.steps.count() == 5
