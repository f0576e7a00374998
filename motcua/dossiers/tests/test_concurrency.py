"""Real concurrency on PostgreSQL: compare-and-set, daily codes and idempotent submission."""

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.services import (
    DossierChangedMeanwhile,
    dossier_forward,
    dossier_pause,
    dossier_submit_online,
)
from motcua.dossiers.tests.factories import (
    MONDAY,
    application,
    assigned,
    build_world,
    received,
    reloaded,
)

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
    pytest.mark.django_db(transaction=True),
]


def _race(calls: list[Callable[[], object]]) -> list[object]:
    """Run every call on its own thread and connection, all released at the same moment."""
    start = threading.Barrier(len(calls))
    outcomes: list[object] = [None] * len(calls)

    def run(i: int) -> None:
        try:
            start.wait(timeout=10)
            outcomes[i] = calls[i]()
        except Exception as exc:  # the outcome is what the test inspects
            outcomes[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return outcomes


def _winners_and_losers(outcomes):
    won = [o for o in outcomes if isinstance(o, Dossier)]
    lost = [o for o in outcomes if not isinstance(o, Dossier)]
    return won, lost


def test_two_officers_acting_at_once_one_wins_the_other_is_told():
    world = build_world()
    dossier = assigned(world)
    before = dossier.events.count()
    first, second = reloaded(dossier), reloaded(dossier)

    outcomes = _race(
        [
            lambda: dossier_forward(dossier=first, actor=world.officer, at=MONDAY),
            lambda: dossier_pause(
                dossier=second, actor=world.head, missing=["Ảnh"], reason="Thiếu", at=MONDAY
            ),
        ]
    )

    won, lost = _winners_and_losers(outcomes)
    assert len(won) == 1
    assert [type(o) for o in lost] == [DossierChangedMeanwhile]
    assert lost[0].params == {"code": dossier.code}
    stored = reloaded(dossier)
    assert stored.revision == before + 1 == DossierEvent.objects.filter(dossier=dossier).count()
    assert stored.status == won[0].status


@pytest.mark.parametrize("threads", [2, 8])
def test_many_stale_copies_forwarding_at_once_exactly_one_wins(threads):
    world = build_world()
    dossier = assigned(world)
    copies = [reloaded(dossier) for _ in range(threads)]

    outcomes = _race(
        [lambda d=d: dossier_forward(dossier=d, actor=world.officer, at=MONDAY) for d in copies]
    )

    won, lost = _winners_and_losers(outcomes)
    assert len(won) == 1
    assert {type(o) for o in lost} == {DossierChangedMeanwhile}
    stored = reloaded(dossier)
    assert (stored.revision, stored.current_step.order) == (4, 4)
    assert dossier.events.count() == 4
    assert list(dossier.steps.filter(started_at__isnull=False).values_list("order", flat=True)) == [
        1,
        2,
        3,
        4,
    ]


def test_walk_ins_received_at_the_same_moment_get_consecutive_codes():
    world = build_world()
    threads = 12

    outcomes = _race([lambda: received(world, at=MONDAY) for _ in range(threads)])

    assert all(isinstance(o, Dossier) for o in outcomes), outcomes
    prefix = f"{world.desk.identifier}-260302-"
    assert sorted(o.code for o in outcomes) == [f"{prefix}{n:04d}" for n in range(1, threads + 1)]
    assert Dossier.objects.count() == threads


def test_the_same_submission_sent_sixteen_times_at_once_is_stored_once():
    world = build_world()

    outcomes = _race(
        [
            lambda: dossier_submit_online(
                application=application(world), idempotency_key="double-click", at=MONDAY
            )
            for _ in range(16)
        ]
    )

    assert all(isinstance(o, Dossier) for o in outcomes), outcomes
    assert len({o.pk for o in outcomes}) == 1
    assert Dossier.objects.count() == 1
    assert DossierEvent.objects.count() == 1
