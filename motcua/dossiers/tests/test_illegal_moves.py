"""Every move the TRANSITIONS table forbids is refused, by the writer and by every service."""

import pytest
from django.utils import translation

from motcua.core.errors import DomainError
from motcua.dossiers.enums import NEW, TRANSITIONS, Action, DossierStatus
from motcua.dossiers.models import Dossier, DossierStep
from motcua.dossiers.services import TransitionNotAllowed, dossier_transition
from motcua.dossiers.tests.factories import build_world, reloaded, returned
from motcua.dossiers.tests.scenarios import SITUATIONS, perform

pytestmark = pytest.mark.django_db
S = DossierStatus


# Moves the table allows by status that the phase of a supplement forbids.
PHASE_FORBIDS = {
    "supplement_at_reception": {Action.RESUME, Action.LATE_NOTICE},
    "supplement_in_processing": {Action.RECEIVE, Action.REFUSE},
}
# Refused earlier, with a more precise reason than the table's (tested in test_reception_refusals).
MORE_PRECISE = {("supplement_at_reception", Action.REQUEST_SUPPLEMENT)}


def _forbidden(situation: str) -> list[str]:
    status = SITUATIONS[situation][0]
    table = [a for a, (sources, _target) in TRANSITIONS.items() if status not in sources]
    return [a for a in Action if a in table or a in PHASE_FORBIDS.get(situation, ())]


def _snapshot(dossier: Dossier):
    steps = DossierStep.objects.filter(dossier=dossier).order_by("order")
    return (
        Dossier.objects.filter(pk=dossier.pk).values().get(),
        list(steps.values()),
        dossier.events.count(),
    )


# The writer sees statuses only: one situation per status is enough.
ONE_PER_STATUS = {status: name for name, (status, _make) in reversed(SITUATIONS.items())}


@pytest.mark.parametrize("situation", sorted(ONE_PER_STATUS.values()))
def test_writer_refuses_every_move_the_table_forbids(situation):
    world = build_world()
    dossier = SITUATIONS[situation][1](world)
    status = SITUATIONS[situation][0]
    before = _snapshot(dossier)

    refused = {}
    for action in Action:
        if status in TRANSITIONS[action][0]:
            continue
        with pytest.raises(TransitionNotAllowed) as caught:
            dossier_transition(dossier=reloaded(dossier), action=action, actor=world.clerk)
        refused[action] = caught.value.params

    assert refused == {
        a: {"action": Action(a).label, "status": DossierStatus(status).label}
        for a in Action
        if status not in TRANSITIONS[a][0]
    }
    assert _snapshot(dossier) == before


def test_writer_refuses_to_create_a_dossier_by_any_move_but_the_first(db):
    world = build_world()
    firsts = {a for a, (sources, _target) in TRANSITIONS.items() if NEW in sources}

    for action in set(Action) - firsts:
        unsaved = Dossier(code="X", desk=world.desk, agency=world.agency)
        with pytest.raises(TransitionNotAllowed) as caught:
            dossier_transition(dossier=unsaved, action=action, actor=world.clerk)
        with translation.override("en"):
            assert str(caught.value.params["status"]) == "new"

    assert firsts == {Action.SUBMIT, Action.RECEIVE, Action.REQUEST_SUPPLEMENT, Action.REFUSE}
    assert Dossier.objects.count() == 0


@pytest.mark.parametrize("situation", SITUATIONS)
def test_every_service_refuses_every_move_the_table_forbids(situation):
    world = build_world()
    dossier = SITUATIONS[situation][1](world)
    before = _snapshot(dossier)

    outcomes = {}
    for action in _forbidden(situation):
        if (situation, action) in MORE_PRECISE or action == Action.SUBMIT:
            continue
        try:
            perform(action, world, reloaded(dossier))
        except DomainError as refused:
            outcomes[action] = type(refused).__name__
        else:
            outcomes[action] = "accepted"

    assert outcomes == dict.fromkeys(outcomes, "TransitionNotAllowed")
    assert len(outcomes) >= 5
    assert _snapshot(dossier) == before


def test_late_notice_on_a_reception_supplement_is_refused_by_the_table():
    world = build_world()
    dossier = SITUATIONS["supplement_at_reception"][1](world)

    with pytest.raises(TransitionNotAllowed):
        perform(Action.LATE_NOTICE, world, dossier)


def test_transition_not_allowed_names_the_action_and_the_status_in_english(db):
    world = build_world()
    dossier = returned(world)

    with pytest.raises(TransitionNotAllowed) as refused:
        perform(Action.APPROVE, world, dossier)

    with translation.override("en"):
        assert (
            str(refused.value)
            == "“Approve” is not possible for a dossier that is “Result returned”."
        )


def test_transition_not_allowed_reads_in_vietnamese(db):
    world = build_world()
    dossier = returned(world)
    with pytest.raises(TransitionNotAllowed) as refused:
        perform(Action.APPROVE, world, dossier)

    with translation.override("vi"):
        text = str(refused.value)

    assert text == "Không thể thực hiện “Phê duyệt” đối với hồ sơ ở trạng thái “Đã trả kết quả”."
