"""Decisions, the returned result, withdrawal and stopping."""

import pytest
from django.utils import translation

from motcua.accounts.enums import Role
from motcua.accounts.tests.factories import StaffFactory
from motcua.dossiers.enums import Action, DossierStatus, ResultKind, ReturnMethod
from motcua.dossiers.services import (
    NotYours,
    ReasonRequired,
    dossier_decide,
    dossier_forward,
    dossier_pause,
    dossier_return_result,
    dossier_stop,
    dossier_withdraw,
)
from motcua.dossiers.services.processing import ReceiptRequired
from motcua.dossiers.tests.factories import (
    MONDAY,
    assigned,
    at_signing,
    citizen,
    decided,
    reloaded,
    submitted,
    vn,
)
from motcua.organization.enums import AgencyKind
from motcua.organization.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def _pause(world, dossier, *, at=MONDAY, financial=False, actor=None):
    return dossier_pause(
        dossier=dossier,
        actor=actor or world.officer,
        financial=financial,
        missing=[] if financial else ["Bản sao giấy chứng sinh"],
        reason="Thiếu giấy tờ" if not financial else "Nộp lệ phí",
        at=at,
    )


def _en(exc) -> str:
    with translation.override("en"):
        return str(exc)


# Decisions ---------------------------------------------------------------------------------------


def test_approve_by_the_leader_sends_the_result_to_the_desk(world):
    dossier = at_signing(world)

    dossier = dossier_decide(
        dossier=dossier,
        actor=world.leader,
        approved=True,
        document=" GKS số 12 ",
        at=vn(2026, 3, 3, 9),
    )

    stored = reloaded(dossier)
    assert (stored.status, stored.result, stored.result_document, stored.result_reason) == (
        DossierStatus.PROCESSED,
        ResultKind.APPROVED,
        "GKS số 12",
        "",
    )
    assert stored.decided_at == vn(2026, 3, 3, 9)
    assert (stored.current_step.order, stored.holder_agency, stored.holder) == (5, world.desk, None)
    assert stored.events.order_by("seq").last().note == "GKS số 12"


def test_approve_closes_the_signing_step_and_opens_the_return(world):
    dossier = dossier_decide(
        dossier=at_signing(world),
        actor=world.leader,
        approved=True,
        document="GKS",
        at=vn(2026, 3, 3, 9),
    )

    steps = {s.order: (s.started_at, s.finished_at) for s in dossier.steps.all()}
    assert steps[3] == (MONDAY, MONDAY)
    assert steps[4] == (MONDAY, vn(2026, 3, 3, 9))
    assert steps[5] == (vn(2026, 3, 3, 9), None)


@pytest.mark.parametrize("who", ["officer", "head"])
def test_decide_during_appraisal_is_refused_while_a_signing_step_follows(world, who):
    dossier = assigned(world)

    with pytest.raises(NotYours):
        dossier_decide(dossier=dossier, actor=getattr(world, who), approved=True, document="GKS")

    assert reloaded(dossier).status == DossierStatus.PROCESSING


def test_decide_at_the_last_step_leaves_the_result_with_the_desk(world):
    dossier = dossier_forward(dossier=at_signing(world), actor=world.leader)

    dossier = dossier_decide(dossier=dossier, actor=world.clerk, approved=False, reason="Sai")

    stored = reloaded(dossier)
    assert (stored.status, stored.current_step.order, stored.holder_agency, stored.holder) == (
        DossierStatus.PROCESSED,
        5,
        world.desk,
        None,
    )


def test_deny_records_the_reason(world):
    dossier = decided(world, approved=False)

    stored = reloaded(dossier)
    assert (stored.result, stored.result_reason, stored.result_document) == (
        ResultKind.DENIED,
        "Không đủ điều kiện",
        "",
    )
    assert stored.events.order_by("seq").last().action == Action.DENY


def test_approve_needs_the_document_and_deny_a_reason(world):
    dossier = at_signing(world)

    with pytest.raises(ReasonRequired) as approving:
        dossier_decide(dossier=dossier, actor=world.leader, approved=True, document=" ")
    with pytest.raises(ReasonRequired) as denying:
        dossier_decide(dossier=dossier, actor=world.leader, approved=False, reason="")

    assert (_en(approving.value), _en(denying.value)) == (
        "Name the document issued.",
        "Give a reason.",
    )
    assert reloaded(dossier).status == DossierStatus.PROCESSING


@pytest.mark.parametrize("who", ["officer", "head", "clerk"])
def test_decide_is_for_the_performer_of_the_current_step(world, who):
    dossier = at_signing(world)

    with pytest.raises(NotYours):
        dossier_decide(dossier=dossier, actor=getattr(world, who), approved=True, document="GKS")


# Returning the result ----------------------------------------------------------------------------


def test_return_result_records_who_received_it(world):
    dossier = decided(world)

    dossier = dossier_return_result(
        dossier=dossier,
        actor=world.clerk,
        method=ReturnMethod.POST,
        returned_to=" Bưu điện ",
        at=vn(2026, 3, 4, 15),
    )

    stored = reloaded(dossier)
    assert (stored.status, stored.return_method, stored.returned_to, stored.holder) == (
        DossierStatus.RETURNED,
        ReturnMethod.POST,
        "Bưu điện",
        None,
    )
    assert stored.returned_at == vn(2026, 3, 4, 15)
    assert (stored.current_step, stored.holder_agency) == (None, None)
    assert stored.steps.get(order=5).finished_at == vn(2026, 3, 4, 15)


def test_return_result_needs_to_know_who_received_it(world):
    with pytest.raises(ReasonRequired) as refused:
        dossier_return_result(dossier=decided(world), actor=world.clerk, returned_to="  ")

    assert _en(refused.value) == "Say who received the result."


def test_return_result_with_fees_needs_the_receipt(world):
    dossier = decided(world, fee_amount=1_250_000)

    with pytest.raises(ReceiptRequired) as refused:
        dossier_return_result(dossier=dossier, actor=world.clerk, returned_to="An")
    dossier = dossier_return_result(
        dossier=dossier, actor=world.clerk, returned_to="An", fee_receipt=" BL-0042 "
    )

    assert refused.value.params == {"amount": "1.250.000"}
    assert (reloaded(dossier).status, reloaded(dossier).fee_receipt) == (
        DossierStatus.RETURNED,
        "BL-0042",
    )


@pytest.mark.parametrize("who", ["officer", "leader"])
def test_return_result_is_for_the_desk(world, who):
    with pytest.raises(NotYours):
        dossier_return_result(dossier=decided(world), actor=getattr(world, who), returned_to="An")


# Withdrawal and stop -----------------------------------------------------------------------------


def test_withdraw_at_the_desk_clears_the_holder_and_the_pause(world):
    dossier = _pause(world, assigned(world))

    dossier = dossier_withdraw(dossier=dossier, actor=world.clerk, reason=" Không cần nữa ")

    stored = reloaded(dossier)
    assert (stored.status, stored.holder, stored.paused_at) == (DossierStatus.WITHDRAWN, None, None)
    assert stored.events.order_by("seq").last().note == "Không cần nữa"


def test_withdraw_by_the_citizen_who_submitted_it(world):
    owner = citizen()
    dossier = submitted(world, owner=owner)

    dossier = dossier_withdraw(dossier=dossier, actor=owner, reason="Nộp nhầm")

    assert reloaded(dossier).status == DossierStatus.WITHDRAWN


@pytest.mark.parametrize("who", ["stranger", "officer"])
def test_withdraw_by_someone_else_is_refused(world, who):
    owner = citizen()
    dossier = submitted(world, owner=owner)
    actor = citizen() if who == "stranger" else world.officer

    with pytest.raises(NotYours):
        dossier_withdraw(dossier=dossier, actor=actor, reason="Rút")

    assert reloaded(dossier).status == DossierStatus.SUBMITTED


def test_withdraw_and_stop_need_a_reason(world):
    dossier = assigned(world)

    with pytest.raises(ReasonRequired):
        dossier_withdraw(dossier=dossier, actor=world.clerk, reason="")
    with pytest.raises(ReasonRequired):
        dossier_stop(dossier=dossier, actor=world.head, reason=" ")


@pytest.mark.parametrize("who", ["head", "leader"])
def test_stop_by_the_head_holding_it_or_the_units_leader(world, who):
    dossier = _pause(world, assigned(world))

    dossier = dossier_stop(dossier=dossier, actor=getattr(world, who), reason="Giả mạo giấy tờ")

    stored = reloaded(dossier)
    assert (stored.status, stored.holder, stored.paused_at) == (DossierStatus.STOPPED, None, None)


@pytest.mark.parametrize("who", ["officer", "other_head", "clerk", "foreign_leader"])
def test_stop_by_anyone_else_is_refused(world, who):
    dossier = assigned(world)
    if who == "foreign_leader":
        actor = StaffFactory(
            role=Role.UNIT_LEADER, agency=AgencyFactory(kind=AgencyKind.PEOPLES_COMMITTEE)
        )
    else:
        actor = getattr(world, who)

    with pytest.raises(NotYours):
        dossier_stop(dossier=dossier, actor=actor, reason="Dừng")

    assert reloaded(dossier).status == DossierStatus.PROCESSING
