"""The audit trail: every action appends exactly one event, chained to the one before."""

import pytest

from motcua.dossiers.audit import audit_verify, event_hash
from motcua.dossiers.enums import Action, DossierStatus
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import (
    dossier_late_notice,
    dossier_pause,
    dossier_receive,
    dossier_refuse,
    dossier_request_supplement,
    dossier_resume,
    dossier_send_back,
    dossier_stop,
    dossier_submit_online,
    dossier_transfer,
)
from motcua.dossiers.tests.factories import (
    MONDAY,
    application,
    assigned,
    build_world,
    citizen,
    reloaded,
    returned,
    vn,
)
from motcua.dossiers.tests.scenarios import CALLS, SITUATIONS, perform

pytestmark = pytest.mark.django_db
S = DossierStatus


def _trail(dossier):
    return [
        (
            e.seq,
            e.action,
            e.from_status,
            e.to_status,
            e.from_step,
            e.to_step,
            e.from_agency_id,
            e.to_agency_id,
            e.actor,
        )
        for e in dossier.events.order_by("seq")
    ]


def test_each_action_of_a_full_lifecycle_appends_one_event(world):
    dossier = returned(world)
    desk, agency, committee = world.desk.pk, world.agency.pk, world.committee.pk

    assert _trail(dossier) == [
        (1, Action.RECEIVE, None, S.RECEIVED, "", "Tiếp nhận", desk, desk, world.clerk),
        (
            2,
            Action.TRANSFER_TO_AGENCY,
            S.RECEIVED,
            S.PROCESSING,
            "Tiếp nhận",
            "Phân công",
            desk,
            agency,
            world.clerk,
        ),
        (
            3,
            Action.ASSIGN,
            S.PROCESSING,
            S.PROCESSING,
            "Phân công",
            "Thẩm định",
            agency,
            agency,
            world.head,
        ),
        (
            4,
            Action.FORWARD,
            S.PROCESSING,
            S.PROCESSING,
            "Thẩm định",
            "Ký duyệt",
            agency,
            committee,
            world.officer,
        ),
        (
            5,
            Action.APPROVE,
            S.PROCESSING,
            S.PROCESSED,
            "Ký duyệt",
            "Trả kết quả",
            committee,
            desk,
            world.leader,
        ),
        (
            6,
            Action.RETURN_RESULT,
            S.PROCESSED,
            S.RETURNED,
            "Trả kết quả",
            "",  # a returned dossier is at no step and with no agency any more
            desk,
            None,
            world.clerk,
        ),
    ]
    assert reloaded(dossier).revision == 6
    assert list(audit_verify()) == []


def test_each_detour_appends_one_event(world):
    other = world.other_agency.pk
    agency = world.agency.pk
    dossier = assigned(world)
    dossier = dossier_pause(dossier=dossier, actor=world.officer, missing=["Ảnh"], reason="Thiếu")
    dossier = dossier_resume(dossier=dossier, actor=None)
    dossier = dossier_send_back(dossier=dossier, actor=world.officer, note="Phân công lại")
    dossier = dossier_transfer(
        dossier=dossier, actor=world.head, to=world.other_agency, note="Liên thông"
    )
    dossier = dossier_late_notice(
        dossier=dossier,
        actor=world.other_head,
        reason="Chậm",
        new_due_at=vn(2026, 3, 20),
        at=MONDAY,
    )
    dossier = dossier_stop(dossier=dossier, actor=world.other_head, reason="Dừng")

    assert _trail(dossier)[3:] == [
        (
            4,
            Action.PAUSE_SUPPLEMENT,
            S.PROCESSING,
            S.SUPPLEMENT,
            "Thẩm định",
            "Thẩm định",
            agency,
            agency,
            world.officer,
        ),
        (
            5,
            Action.RESUME,
            S.SUPPLEMENT,
            S.PROCESSING,
            "Thẩm định",
            "Thẩm định",
            agency,
            agency,
            None,
        ),
        (
            6,
            Action.SEND_BACK,
            S.PROCESSING,
            S.PROCESSING,
            "Thẩm định",
            "Phân công",
            agency,
            agency,
            world.officer,
        ),
        (
            7,
            Action.TRANSFER,
            S.PROCESSING,
            S.PROCESSING,
            "Phân công",
            "Phân công",
            agency,
            other,
            world.head,
        ),
        (
            8,
            Action.LATE_NOTICE,
            S.PROCESSING,
            S.PROCESSING,
            "Phân công",
            "Phân công",
            other,
            other,
            world.other_head,
        ),
        (
            9,
            Action.STOP,
            S.PROCESSING,
            S.STOPPED,
            "Phân công",
            "Phân công",
            other,
            other,
            world.other_head,
        ),
    ]
    assert list(audit_verify()) == []


def test_events_chain_each_hash_to_the_previous_one(world):
    dossier = returned(world)

    events = list(dossier.events.order_by("seq"))
    assert [e.prev_hash for e in events] == [""] + [e.hash for e in events[:-1]]
    assert all(e.hash == event_hash(e, code=dossier.code, prev_hash=e.prev_hash) for e in events)
    assert reloaded(dossier).last_event_hash == events[-1].hash


# Where each action is ordinarily taken from.
FROM = {
    Action.RECEIVE: "submitted",
    Action.REQUEST_SUPPLEMENT: "submitted",
    Action.REFUSE: "submitted",
    Action.TRANSFER_TO_AGENCY: "received",
    Action.ASSIGN: "with_agency",
    Action.FORWARD: "processing",
    Action.SEND_BACK: "processing",
    Action.TRANSFER: "processing",
    Action.PAUSE_SUPPLEMENT: "processing",
    Action.PAUSE_FINANCIAL: "processing",
    Action.RESUME: "supplement_in_processing",
    Action.APPROVE: "at_signing",
    Action.DENY: "at_signing",
    Action.RETURN_RESULT: "processed",
    Action.WITHDRAW: "processing",
    Action.STOP: "processing",
    Action.LATE_NOTICE: "processing",
}


def _position(dossier: Dossier):
    step = dossier.current_step
    return dossier.status, step.name if step else "", dossier.holder_agency_id


@pytest.mark.parametrize("action", FROM)
def test_each_action_appends_exactly_one_event_recording_the_move(action):
    world = build_world()
    before = reloaded(SITUATIONS[FROM[action]][1](world))
    was, revision, last_hash = _position(before), before.revision, before.last_event_hash

    perform(action, world, reloaded(before))

    after = reloaded(before)
    events = list(after.events.order_by("seq"))
    assert len(events) == revision + 1 == after.revision
    event = events[-1]
    actor = getattr(world, CALLS[action][0])
    assert (event.seq, event.action, event.prev_hash, after.last_event_hash) == (
        revision + 1,
        action,
        last_hash,
        event.hash,
    )
    assert (event.from_status, event.from_step, event.from_agency_id) == was
    assert (event.to_status, event.to_step, event.to_agency_id) == _position(after)
    assert (event.actor, event.actor_name) == (actor, str(actor))
    assert list(audit_verify()) == []


@pytest.mark.parametrize("how", ["submit", "receive", "request_supplement", "refuse"])
def test_a_new_dossier_starts_its_trail_with_one_event_from_nowhere(how):
    world = build_world()
    owner = citizen()
    app = application(world)
    calls = {
        "submit": lambda: dossier_submit_online(
            application=app, idempotency_key="k", citizen=owner
        ),
        "receive": lambda: dossier_receive(actor=world.clerk, application=app),
        "request_supplement": lambda: dossier_request_supplement(
            actor=world.clerk, application=app, missing=["Ảnh"], reason="Thiếu"
        ),
        "refuse": lambda: dossier_refuse(actor=world.clerk, application=app, reason="Sai"),
    }

    dossier = reloaded(calls[how]())

    event = dossier.events.get()
    expected_step = "Tiếp nhận" if how == "receive" else ""
    assert (event.seq, event.action, event.prev_hash, event.hash) == (
        1,
        how,
        "",
        dossier.last_event_hash,
    )
    assert (event.from_status, event.from_step, event.to_status, event.to_step) == (
        None,
        "",
        dossier.status,
        expected_step,
    )
    # The desk holds a new dossier from its first moment, so "from" already names it.
    assert (event.from_agency, event.to_agency) == (world.desk, world.desk)
    assert event.actor == (owner if how == "submit" else world.clerk)
