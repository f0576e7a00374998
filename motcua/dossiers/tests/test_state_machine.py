"""Random walks through the services, by the right people and the wrong ones.

Whatever happens, the stored state is one the table allows, nothing is lost from the audit
trail, and a refused action leaves no trace.
"""

from datetime import timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from motcua.accounts.enums import Role
from motcua.accounts.models import User
from motcua.core.errors import DomainError
from motcua.dossiers.audit import audit_verify
from motcua.dossiers.enums import TRANSITIONS, Action, DossierStatus, Phase
from motcua.dossiers.models import Dossier, DossierEvent, DossierStep
from motcua.dossiers.services import (
    Applicant,
    Scan,
    dossier_assign,
    dossier_decide,
    dossier_forward,
    dossier_late_notice,
    dossier_pause,
    dossier_receive,
    dossier_refuse,
    dossier_request_supplement,
    dossier_resume,
    dossier_return_result,
    dossier_send_back,
    dossier_stop,
    dossier_submit_online,
    dossier_supply,
    dossier_transfer,
    dossier_transfer_to_agency,
    dossier_withdraw,
)
from motcua.dossiers.tests.factories import MONDAY, World, application, build_world, citizen

A = Action
S = DossierStatus
ACTIONS = [a for a in Action if a != A.SUBMIT]
ENDS = {A.REFUSE, A.WITHDRAW, A.STOP}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PEOPLE = ["clerk", "head", "officer", "leader", "other_officer", "other_head", "owner", "nobody"]


class DossierMachine(RuleBasedStateMachine):
    """Works on the world and citizen the test builds once; dossiers live in a savepoint."""

    world: World
    owner: User

    def __init__(self):
        super().__init__()
        self._savepoint = transaction.atomic()  # rolled back by teardown: runs stay apart
        self._savepoint.__enter__()
        self.now = MONDAY
        self.pks: list[int] = []
        self.keys = 0

    def teardown(self):
        try:
            # A broken chain stays broken, so checking once at the end of a walk suffices.
            assert list(audit_verify()) == []
        finally:
            transaction.set_rollback(True)
            self._savepoint.__exit__(None, None, None)

    # Who is who ---------------------------------------------------------------------------

    def _person(self, name: str):
        if name == "owner":
            return self.owner
        return None if name == "nobody" else getattr(self.world, name)

    def _staff(self, role: str, agency_id: int | None):
        for name in PEOPLE[:6]:
            user = getattr(self.world, name)
            if user.role == role and user.agency_id == agency_id:
                return user
        return None

    def _right(self, action: str, d: Dossier):
        """Whoever would normally do ``action`` on ``d`` now (if anyone can)."""
        w = self.world
        if action in (A.ASSIGN, A.LATE_NOTICE):
            agency = d.agency_id if action == A.LATE_NOTICE else d.holder_agency_id
            return self._staff(Role.AGENCY_HEAD, agency)
        if action in (A.FORWARD, A.SEND_BACK, A.APPROVE, A.DENY):
            step = d.current_step
            return d.holder or (self._staff(step.role, d.holder_agency_id) if step else None)
        if action in (A.TRANSFER, A.PAUSE_SUPPLEMENT, A.PAUSE_FINANCIAL):
            return self._staff(Role.PROCESSING_OFFICER, d.holder_agency_id)
        if action == A.SUPPLY:
            return self.owner if d.citizen_id else None
        return w.leader if action == A.STOP else w.clerk

    def _call(self, action: str, d: Dossier, actor):
        w, at = self.world, self.now
        officer = self._staff(Role.PROCESSING_OFFICER, d.holder_agency_id) or w.officer
        target = w.other_agency if d.agency_id == w.agency.pk else w.agency
        calls = {
            A.RECEIVE: lambda: dossier_receive(actor=actor, dossier=d, at=at),
            A.REQUEST_SUPPLEMENT: lambda: dossier_request_supplement(
                actor=actor, dossier=d, missing=["Ảnh"], reason="Thiếu", at=at
            ),
            A.REFUSE: lambda: dossier_refuse(actor=actor, dossier=d, reason="Sai", at=at),
            A.TRANSFER_TO_AGENCY: lambda: dossier_transfer_to_agency(dossier=d, actor=actor, at=at),
            A.ASSIGN: lambda: dossier_assign(dossier=d, actor=actor, officer=officer, at=at),
            A.FORWARD: lambda: dossier_forward(dossier=d, actor=actor, at=at),
            A.SEND_BACK: lambda: dossier_send_back(dossier=d, actor=actor, note="Lại", at=at),
            A.TRANSFER: lambda: dossier_transfer(
                dossier=d, actor=actor, to=target, note="Liên thông", at=at
            ),
            A.PAUSE_SUPPLEMENT: lambda: dossier_pause(
                dossier=d, actor=actor, missing=["Ảnh"], reason="Thiếu", at=at
            ),
            A.PAUSE_FINANCIAL: lambda: dossier_pause(
                dossier=d, actor=actor, financial=True, reason="Lệ phí", at=at
            ),
            A.RESUME: lambda: dossier_resume(dossier=d, actor=actor, at=at),
            A.APPROVE: lambda: dossier_decide(
                dossier=d, actor=actor, approved=True, document="GKS", at=at
            ),
            A.DENY: lambda: dossier_decide(
                dossier=d, actor=actor, approved=False, reason="Không đủ", at=at
            ),
            A.RETURN_RESULT: lambda: dossier_return_result(
                dossier=d, actor=actor, returned_to="Công dân", at=at
            ),
            A.SUPPLY: lambda: dossier_supply(
                dossier=d, actor=actor, scans=[Scan("anh.pdf", PDF)], at=at
            ),
            A.WITHDRAW: lambda: dossier_withdraw(dossier=d, actor=actor, reason="Rút", at=at),
            A.STOP: lambda: dossier_stop(dossier=d, actor=actor, reason="Dừng", at=at),
            A.LATE_NOTICE: lambda: dossier_late_notice(
                dossier=d,
                actor=actor,
                reason="Chậm",
                at=at,
                new_due_at=(d.due_at or at) + timedelta(days=3),
            ),
        }
        return calls[action]()

    # Rules ------------------------------------------------------------------------------------

    @precondition(lambda self: len(self.pks) < 3)
    @rule(minutes=st.integers(0, 600))
    def walk_in(self, minutes):
        self.now += timedelta(minutes=minutes)
        dossier = dossier_receive(
            actor=self.world.clerk, application=application(self.world), at=self.now
        )
        self.pks.append(dossier.pk)

    @precondition(lambda self: len(self.pks) < 3)
    @rule(again=st.booleans(), stranger=st.booleans())
    def online(self, again, stranger):
        if not again:
            self.keys += 1
        key = f"key-{self.keys}"
        app = application(self.world)
        if stranger:
            app.applicant = Applicant(
                name="Người khác", id_number="008095007777", phone="0900000001"
            )
        count = Dossier.objects.count()
        try:
            dossier = dossier_submit_online(
                application=app, idempotency_key=key, citizen=self.owner, at=self.now
            )
        except DomainError:
            assert Dossier.objects.count() == count
            return
        if dossier.pk not in self.pks:
            self.pks.append(dossier.pk)
        assert Dossier.objects.count() == len(self.pks)

    def _load(self, index: int, minutes: int) -> Dossier:
        self.now += timedelta(minutes=minutes)
        pk = self.pks[index % len(self.pks)]
        return Dossier.objects.select_related("current_step", "holder").get(pk=pk)

    def _attempt(self, dossier: Dossier, action: str, actor) -> None:
        """Apply ``action``: one more event if it passes, no trace at all if it is refused."""
        before = _snapshot(dossier.pk)
        # Documents supplied while processing is paused resume it: one "resume" event.
        supplied_in_processing = (
            action == A.SUPPLY
            and dossier.status == S.SUPPLEMENT
            and dossier.phase == Phase.PROCESSING
        )
        expected = A.RESUME if supplied_in_processing else action
        try:
            self._call(action, dossier, actor)
        except DomainError as refused:
            event(f"refused: {type(refused).__name__}")
            assert _snapshot(dossier.pk) == before, f"{action} was refused but left a trace"
            return
        after = Dossier.objects.get(pk=dossier.pk)
        event(f"reached status {after.status}")
        assert after.revision == before[0]["revision"] + 1
        assert after.events.order_by("seq").last().action == expected

    @precondition(lambda self: self.pks)
    @rule(index=st.integers(0, 2), minutes=st.integers(0, 2000), data=st.data())
    def act(self, index, minutes, data):
        """Any action, by the right person or by anyone at all."""
        dossier = self._load(index, minutes)
        # Half the time a move the table allows from here that does not end the dossier.
        onward = [a for a in ACTIONS if dossier.status in TRANSITIONS[a][0] and a not in ENDS]
        anything = st.sampled_from(ACTIONS)
        action = data.draw(st.sampled_from(onward) | anything if onward else anything)
        who = data.draw(st.sampled_from(["right"] * 10 + PEOPLE))
        actor = self._right(action, dossier) if who == "right" else self._person(who)
        self._attempt(dossier, action, actor)

    @precondition(lambda self: self.pks)
    @rule(index=st.integers(0, 2), minutes=st.integers(0, 600), approve=st.booleans())
    def advance(self, index, minutes, approve):
        """The next ordinary step of the lifecycle, by whoever does it, so walks go far."""
        dossier = self._load(index, minutes)
        action = _next_action(dossier, approve)
        if action is not None:
            self._attempt(dossier, action, self._right(action, dossier))

    # Invariants -------------------------------------------------------------------------------

    @invariant()
    def every_stored_state_is_one_the_table_allows(self):
        trails: dict[int, list[tuple]] = {pk: [] for pk in self.pks}
        events = DossierEvent.objects.filter(dossier_id__in=self.pks).order_by("dossier_id", "seq")
        for pk, *row in events.values_list(
            "dossier_id", "seq", "action", "from_status", "to_status"
        ):
            trails[pk].append(row)
        stored = Dossier.objects.filter(pk__in=self.pks)
        for pk, status, revision, phase, paused_at in stored.values_list(
            "pk", "status", "revision", "phase", "paused_at"
        ):
            trail = trails[pk]
            assert [seq for seq, *_ in trail] == list(range(1, revision + 1)), "an event is lost"
            previous = None
            for _seq, action, from_status, to_status in trail:
                sources, target = TRANSITIONS[action]
                assert from_status == previous and from_status in sources
                assert to_status == (from_status if target is None else target)
                previous = to_status
            assert status == previous
            _check_phase(status, phase, paused_at)


def _check_phase(status: int, phase: str, paused_at) -> None:
    """A supplement knows its phase; the clock is stopped exactly while the citizen owes us."""
    if status == S.SUPPLEMENT:
        assert phase in (Phase.RECEPTION, Phase.PROCESSING)
    paused = status == S.FINANCIAL or (status == S.SUPPLEMENT and phase == Phase.PROCESSING)
    assert (paused_at is not None) == paused
    if status in (S.RECEIVED, S.PROCESSING):
        assert phase == ""


def _next_action(dossier: Dossier, approve: bool) -> str | None:
    status, step = dossier.status, dossier.current_step
    if status == S.PROCESSING and step is not None:
        if step.role == Role.AGENCY_HEAD:
            return A.ASSIGN
        if step.role == Role.UNIT_LEADER:
            return A.APPROVE if approve else A.DENY
        return A.FORWARD
    if status == S.SUPPLEMENT:
        return A.RECEIVE if dossier.phase == Phase.RECEPTION else A.RESUME
    return {
        S.SUBMITTED: A.RECEIVE,
        S.RECEIVED: A.TRANSFER_TO_AGENCY,
        S.FINANCIAL: A.RESUME,
        S.PROCESSED: A.RETURN_RESULT,
    }.get(status)


def _snapshot(pk: int):
    """The dossier row (its revision and last event hash stand for the trail) and its steps."""
    return (
        Dossier.objects.filter(pk=pk).values().get(),
        list(DossierStep.objects.filter(dossier_id=pk).order_by("order").values()),
    )


@pytest.mark.django_db
def test_random_walks_keep_the_dossiers_consistent():
    DossierMachine.world, DossierMachine.owner = build_world(), citizen()
    run_state_machine_as_test(
        DossierMachine,
        settings=settings(
            max_examples=25,
            stateful_step_count=25,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
