"""Asking the citizen for a supplement or a payment, and the clock when they answer."""

import pytest

from motcua.dossiers.enums import Action, DossierStatus, Phase
from motcua.dossiers.services import (
    NotYours,
    ReasonRequired,
    SupplementOncePerAgency,
    TransitionNotAllowed,
    dossier_pause,
    dossier_request_supplement,
    dossier_resume,
    dossier_transfer,
)
from motcua.dossiers.tests.factories import (
    MONDAY,
    assigned,
    build_world,
    reloaded,
    submitted,
    vn,
)

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


# Pauses ------------------------------------------------------------------------------------------


def test_pause_for_a_supplement_stops_the_clock(world):
    dossier = _pause(world, assigned(world), at=vn(2026, 3, 2, 10))

    stored = reloaded(dossier)
    assert (stored.status, stored.phase, stored.paused_at) == (
        DossierStatus.SUPPLEMENT,
        Phase.PROCESSING,
        vn(2026, 3, 2, 10),
    )
    assert stored.holder == world.officer
    event = stored.events.order_by("seq").last()
    assert (event.action, event.note, event.payload) == (
        Action.PAUSE_SUPPLEMENT,
        "Thiếu giấy tờ",
        {"missing": ["Bản sao giấy chứng sinh"]},
    )


def test_pause_for_payment_waits_for_the_financial_obligation(world):
    dossier = _pause(world, assigned(world), financial=True)

    assert (reloaded(dossier).status, dossier.events.order_by("seq").last().payload) == (
        DossierStatus.FINANCIAL,
        {"missing": []},
    )


def test_pause_for_a_supplement_is_asked_once_per_agency(world):
    dossier = _pause(world, assigned(world))
    dossier = dossier_resume(dossier=dossier, actor=None, at=vn(2026, 3, 3, 9))

    with pytest.raises(SupplementOncePerAgency) as refused:
        _pause(world, dossier, at=vn(2026, 3, 3, 10))

    assert refused.value.params == {"agency": world.agency, "code": dossier.code}
    assert reloaded(dossier).status == DossierStatus.PROCESSING


def test_pause_for_payment_may_be_asked_again(world):
    dossier = _pause(world, assigned(world), financial=True)
    dossier = dossier_resume(dossier=dossier, actor=world.clerk, at=vn(2026, 3, 3, 9))

    dossier = _pause(world, dossier, financial=True, at=vn(2026, 3, 3, 10))

    assert reloaded(dossier).status == DossierStatus.FINANCIAL


def test_pause_after_liên_thông_lets_the_new_agency_ask_once(world):
    dossier = dossier_resume(dossier=_pause(world, assigned(world)), actor=None, at=MONDAY)
    dossier = dossier_transfer(
        dossier=dossier, actor=world.officer, to=world.other_agency, note="Chuyển"
    )

    dossier = _pause(world, dossier, actor=world.other_head)

    assert reloaded(dossier).status == DossierStatus.SUPPLEMENT


@pytest.mark.parametrize(("missing", "reason"), [([], "Thiếu"), (["Ảnh"], " ")])
def test_pause_for_a_supplement_needs_what_is_missing_and_why(world, missing, reason):
    dossier = assigned(world)

    with pytest.raises(ReasonRequired):
        dossier_pause(dossier=dossier, actor=world.officer, missing=missing, reason=reason)


@pytest.mark.parametrize("who", ["other_officer", "clerk", "leader"])
def test_pause_is_for_the_staff_of_the_agency_holding_it(world, who):
    dossier = assigned(world)

    with pytest.raises(NotYours):
        _pause(world, dossier, actor=getattr(world, who))

    assert reloaded(dossier).status == DossierStatus.PROCESSING


def test_resume_with_the_shift_policy_moves_the_due_date_by_the_paused_time(world):
    dossier = _pause(world, assigned(world), at=vn(2026, 3, 2, 10))

    dossier = dossier_resume(dossier=dossier, actor=world.officer, at=vn(2026, 3, 3, 10))

    stored = reloaded(dossier)
    assert (stored.status, stored.phase, stored.paused_at) == (DossierStatus.PROCESSING, "", None)
    assert stored.due_at == vn(2026, 3, 6, 9)  # one working day later than Thursday 09:00
    assert stored.events.order_by("seq").last().payload == {
        "paused_minutes": 450,
        "policy": "shift",
    }


def test_resume_with_the_restart_policy_counts_the_full_time_again():
    world = build_world(policy="restart")
    dossier = _pause(world, assigned(world), at=vn(2026, 3, 3, 10))

    dossier = dossier_resume(dossier=dossier, actor=None, at=vn(2026, 3, 4, 14))

    stored = reloaded(dossier)
    assert stored.due_at == vn(2026, 3, 9, 14)  # three working days from Wednesday 14:00
    assert stored.events.order_by("seq").last().payload == {
        "paused_minutes": 570,
        "policy": "restart",
    }


def test_resume_after_payment_shifts_the_due_date(world):
    dossier = _pause(world, assigned(world), financial=True, at=vn(2026, 3, 4, 13, 30))

    dossier = dossier_resume(dossier=dossier, actor=None, at=vn(2026, 3, 4, 15))

    assert reloaded(dossier).due_at == vn(2026, 3, 5, 10, 30)


def test_resume_is_for_the_desk_or_the_agency_holding_it(world):
    dossier = _pause(world, assigned(world))

    with pytest.raises(NotYours):
        dossier_resume(dossier=dossier, actor=world.other_officer)

    assert reloaded(dossier).status == DossierStatus.SUPPLEMENT


def test_resume_cannot_answer_a_supplement_asked_at_reception(world):
    dossier = dossier_request_supplement(
        actor=world.clerk, dossier=submitted(world), missing=["Ảnh"], reason="Thiếu ảnh"
    )

    for actor in (None, world.clerk):
        with pytest.raises(TransitionNotAllowed):
            dossier_resume(dossier=dossier, actor=actor)
