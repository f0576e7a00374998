"""Two officers acting on one dossier lock it in the same order: the dossier row first.

Forwarding (step 3 → 4) writes step 3 then step 4; sending back (4 → 3) writes step 4 then
step 3. Had each written its steps before touching the dossier row, an officer acting on
a copy read a moment earlier and another acting on the current one could each hold one
step and wait for the other's: PostgreSQL then kills one of them with "deadlock
detected", a server error instead of the clear "changed meanwhile". ``make test-faults``
found it with 50 processes; this is the same situation, made deterministic.
"""

import threading
import time

import pytest
from django.db import connection, transaction

from motcua.dossiers.models import DossierStep
from motcua.dossiers.services import DossierChangedMeanwhile, dossier_forward, dossier_send_back
from motcua.dossiers.tests.factories import MONDAY, assigned, build_world, reloaded

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
    pytest.mark.django_db(transaction=True),
]


def _statement_waiting_for_a_lock(seconds: float = 10) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT query FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            waiting = cursor.fetchall()
        if waiting:
            return waiting[0][0]
        time.sleep(0.05)
    return ""


def test_an_officer_on_a_stale_copy_waits_for_the_dossier_row_not_for_a_step():
    world = build_world()
    dossier = assigned(world)  # step 3, appraisal
    stale = reloaded(dossier)
    dossier_forward(dossier=reloaded(dossier), actor=world.officer, at=MONDAY)  # step 4
    holding, release, outcome = threading.Event(), threading.Event(), {}

    def leader_sends_it_back() -> None:  # holds the dossier until released
        try:
            with transaction.atomic():
                current = reloaded(dossier)
                dossier_send_back(dossier=current, actor=world.leader, note="Xem lại", at=MONDAY)
                holding.set()
                release.wait(10)
        finally:
            connection.close()

    def officer_forwards_the_stale_copy() -> None:
        try:
            outcome["officer"] = dossier_forward(dossier=stale, actor=world.officer, at=MONDAY)
        except Exception as exc:  # the outcome is what the test inspects
            outcome["officer"] = exc
        finally:
            connection.close()

    leader = threading.Thread(target=leader_sends_it_back)
    leader.start()
    assert holding.wait(10)
    officer = threading.Thread(target=officer_forwards_the_stale_copy)
    officer.start()
    waiting = _statement_waiting_for_a_lock()
    release.set()
    leader.join(10)
    officer.join(10)

    assert "FOR UPDATE" in waiting and '"dossiers_dossier"' in waiting, waiting
    assert type(outcome["officer"]) is DossierChangedMeanwhile
    stored = reloaded(dossier)
    assert (stored.revision, stored.current_step.order) == (5, 3)
    started = DossierStep.objects.filter(dossier=dossier, started_at__isnull=False)
    assert sorted(started.values_list("order", flat=True)) == [1, 2, 3, 4]
