"""The late notice (Mẫu 04): apologise once, a working day ahead, with a later date."""

from datetime import timedelta

import pytest
from django.utils import translation

from motcua.core.errors import DomainError
from motcua.dossiers.enums import Action, DossierStatus
from motcua.dossiers.services import (
    LateNoticeRefused,
    NotYours,
    ReasonRequired,
    TransitionNotAllowed,
    dossier_late_notice,
    dossier_pause,
    dossier_request_supplement,
)
from motcua.dossiers.tests.factories import (
    MONDAY,
    assigned,
    at_signing,
    received,
    reloaded,
    submitted,
    vn,
)

pytestmark = pytest.mark.django_db
THURSDAY_DUE = vn(2026, 3, 5, 9)  # due date of a dossier received on MONDAY


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


# Late notice (Mẫu 04) ----------------------------------------------------------------------------


NEW_DUE = vn(2026, 3, 10, 9)


def _late(world, dossier, *, at, new_due_at=NEW_DUE, actor=None, reason="Chờ xác minh"):
    return dossier_late_notice(
        dossier=dossier, actor=actor or world.head, reason=reason, new_due_at=new_due_at, at=at
    )


def test_late_notice_sets_one_new_appointment_and_keeps_the_original(world):
    dossier = reloaded(assigned(world))  # as a page would load it: times in UTC

    dossier = _late(world, dossier, at=vn(2026, 3, 4, 9))  # exactly one working day before

    stored = reloaded(dossier)
    assert (stored.due_at, stored.original_due_at, stored.status) == (
        vn(2026, 3, 10, 9),
        THURSDAY_DUE,
        DossierStatus.PROCESSING,
    )
    event = stored.events.order_by("seq").last()
    assert (event.action, event.note, event.actor) == (
        Action.LATE_NOTICE,
        "Chờ xác minh",
        world.head,
    )
    assert event.payload == {
        "new_due_at": "2026-03-10T09:00:00+07:00",
        "original_due_at": "2026-03-05T02:00:00+00:00",
    }


def test_late_notice_by_the_competent_head_while_the_committee_holds_it(world):
    dossier = _late(world, at_signing(world), at=MONDAY)

    assert reloaded(dossier).original_due_at == THURSDAY_DUE


def test_late_notice_while_the_citizen_is_asked_for_a_supplement(world):
    dossier = _pause(world, assigned(world))

    dossier = _late(world, dossier, at=MONDAY)

    stored = reloaded(dossier)
    assert (stored.status, stored.due_at, stored.original_due_at) == (
        DossierStatus.SUPPLEMENT,
        NEW_DUE,
        THURSDAY_DUE,
    )


def test_late_notice_only_once(world):
    dossier = _late(world, assigned(world), at=MONDAY)

    with pytest.raises(DomainError):
        _late(world, dossier, at=MONDAY, new_due_at=vn(2026, 3, 20, 9))

    assert reloaded(dossier).due_at == vn(2026, 3, 10, 9)
    assert dossier.events.filter(action=Action.LATE_NOTICE).count() == 1


def test_late_notice_a_second_time_says_it_can_be_re_set_only_once(world):
    dossier = _late(world, assigned(world), at=MONDAY)

    with pytest.raises(LateNoticeRefused) as refused:
        _late(world, dossier, at=MONDAY, new_due_at=vn(2026, 3, 20, 9))

    assert _en(refused.value) == "The appointment can be re-set only once."


def test_late_notice_less_than_a_working_day_before_due_is_refused(world):
    dossier = assigned(world)

    with pytest.raises(LateNoticeRefused) as refused:
        _late(world, dossier, at=vn(2026, 3, 4, 9, 1))

    assert _en(refused.value) == (
        "The apology must be sent at least one working day before the appointment."
    )
    assert reloaded(dossier).original_due_at is None


@pytest.mark.parametrize("later", [timedelta(0), -timedelta(days=1)])
def test_late_notice_new_date_must_be_later(world, later):
    with pytest.raises(LateNoticeRefused) as refused:
        _late(world, assigned(world), at=MONDAY, new_due_at=THURSDAY_DUE + later)

    assert _en(refused.value) == "The new appointment must be later than the current one."


@pytest.mark.parametrize("who", ["officer", "other_head", "leader", "clerk"])
def test_late_notice_is_for_the_head_of_the_competent_agency(world, who):
    with pytest.raises(NotYours):
        _late(world, assigned(world), at=MONDAY, actor=getattr(world, who))


def test_late_notice_needs_a_reason(world):
    with pytest.raises(ReasonRequired):
        _late(world, assigned(world), at=MONDAY, reason=" ")


def test_late_notice_on_a_supplement_asked_at_reception_is_not_allowed(world):
    dossier = dossier_request_supplement(
        actor=world.clerk, dossier=submitted(world), missing=["Ảnh"], reason="Thiếu ảnh"
    )

    with pytest.raises(TransitionNotAllowed):
        _late(world, dossier, at=MONDAY)


def test_a_dossier_received_on_monday_is_due_on_thursday(world):
    assert received(world).due_at == THURSDAY_DUE
