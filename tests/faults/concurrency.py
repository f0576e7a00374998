"""Scenario 1: real concurrency through the services, in separate processes on PostgreSQL.

Run by tests/faults/run.py in a process of its own (DATABASE_URL names a migrated, empty
throw-away database); prints its figures as JSON on the last line.

- 16 client processes send 10,000 online submissions sharing 1,000 idempotency keys
  (ten sends of each key, roughly at the same moment) → exactly 1,000 dossiers, one per
  key, unique codes, one audit event each;
- 50 processes run legal transitions on the same 4 dossiers (forward, send back, ask for
  payment, resume; each one reads the dossier, thinks a moment, acts) while some of them
  receive walk-ins at the same desk (daily codes) → every transition applied or refused
  with ``DossierChangedMeanwhile`` (applied + refused = tried), one event per applied
  transition, every event a legal move, no duplicate code, every audit chain verifies;
- 16 processes update one dossier from the same stale copy at once → exactly 1 wins, 15
  get the conflict with its translated message.
"""

import json
import multiprocessing
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path
from queue import Empty

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import django  # noqa: E402

from tests.faults.common import Figures, check  # noqa: E402

CLIENTS, SUBMISSIONS, KEYS = 16, int(os.environ.get("FAULTS_SUBMISSIONS", "10000")), 1_000
HAMMERS, HAMMER_SECONDS, HAMMERED = 50, float(os.environ.get("FAULTS_HAMMER_SECONDS", "8")), 4
RACERS = 16
WORLD = None  # set before the processes are forked; they inherit it


def _first_line(exc: Exception) -> str:
    return f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"[:200]


def _fork():
    from django.db import connections

    connections.close_all()  # a forked child must open its own connection
    return multiprocessing.get_context("fork")


def _run(ctx, target, count: int, *args) -> list:
    queue = ctx.Queue()
    processes = [
        ctx.Process(target=target, args=(i, queue, *args), daemon=True) for i in range(count)
    ]
    for process in processes:
        process.start()
    results = []
    while len(results) < count:
        try:
            results.append(queue.get(timeout=1))
        except Empty:
            if not any(p.is_alive() for p in processes):
                check(False, f"{count - len(results)} of {count} processes died without a report")
    for process in processes:
        process.join(timeout=30)
    check(all(p.exitcode == 0 for p in processes), f"all {count} processes ended cleanly")
    return results


def _submitter(i: int, queue) -> None:
    from django.db import connection

    from motcua.dossiers.services import dossier_submit_online
    from motcua.dossiers.tests.factories import application

    acknowledged, errors = [], Counter()
    try:
        for j in range(SUBMISSIONS // CLIENTS):
            key = (j * CLIENTS + i) * KEYS // SUBMISSIONS  # neighbours send the same key
            try:
                dossier = dossier_submit_online(
                    application=application(WORLD), idempotency_key=f"faults-{key:04d}"
                )
                acknowledged.append((key, dossier.pk, dossier.code))
            except Exception as exc:  # noqa: BLE001 - counted and reported
                errors[_first_line(exc)] += 1
    finally:
        connection.close()
    queue.put((acknowledged, dict(errors)))


def submissions(figures: Figures) -> None:
    from motcua.dossiers.models import Dossier, DossierEvent

    started = time.monotonic()
    results = _run(_fork(), _submitter, CLIENTS)
    acknowledged = [a for result, _ in results for a in result]
    errors = Counter()
    for _, counted in results:
        errors.update(counted)
    figures.add(requests=SUBMISSIONS, acknowledged=len(acknowledged))
    check(not errors, f"{SUBMISSIONS} submissions: none failed {dict(errors) or ''}")
    check(len(acknowledged) == SUBMISSIONS, f"{len(acknowledged)} acknowledged")
    per_key: dict[int, set] = {}
    for key, pk, _code in acknowledged:
        per_key.setdefault(key, set()).add(pk)
    stored = Dossier.objects.filter(idempotency_key__startswith="faults-")
    keys_stored = set(stored.values_list("idempotency_key", flat=True))
    lost = sum(1 for key in per_key if f"faults-{key:04d}" not in keys_stored)
    duplicates = sum(len(pks) - 1 for pks in per_key.values())
    figures.add(lost=lost, duplicates=duplicates)
    check(len(per_key) == KEYS and duplicates == 0, f"{KEYS} keys, each answered by one dossier")
    check(stored.count() == KEYS and lost == 0, f"exactly {KEYS} dossiers stored, none lost")
    codes = list(stored.values_list("code", flat=True))
    check(len(set(codes)) == KEYS, "their codes are unique")
    events = DossierEvent.objects.filter(dossier__in=stored)
    check(events.count() == KEYS, "one audit event (submit) per dossier")
    figures.notes.append(
        f"submissions: {SUBMISSIONS} by {CLIENTS} processes in "
        f"{time.monotonic() - started:.1f} s → {stored.count()} dossiers"
    )


def _next_move(dossier, rng):
    """A legal move for the dossier as read, with who may make it."""
    from motcua.dossiers.enums import DossierStatus
    from motcua.dossiers.services import dossier_forward, dossier_pause, dossier_resume
    from motcua.dossiers.services import dossier_send_back as back

    if dossier.status == DossierStatus.FINANCIAL:
        return lambda: dossier_resume(dossier=dossier, actor=WORLD.officer)
    if dossier.status != DossierStatus.PROCESSING:
        return None
    if dossier.current_step.order == 4:
        return lambda: back(dossier=dossier, actor=WORLD.leader, note="Bổ sung thẩm định")
    if rng.random() < 0.5:
        return lambda: dossier_forward(dossier=dossier, actor=WORLD.officer)
    return lambda: dossier_pause(
        dossier=dossier, actor=WORLD.officer, financial=True, reason="Nộp lệ phí"
    )


def _hammer(i: int, queue, pks: list[int], start_at: float) -> None:
    from django.db import connection
    from django.utils import timezone

    from motcua.dossiers.models import Dossier
    from motcua.dossiers.services import DossierChangedMeanwhile
    from motcua.dossiers.tests.factories import received

    rng, counts, applied, codes = random.Random(i), Counter(), Counter(), []
    time.sleep(max(0.0, start_at - time.time()))
    try:
        while time.time() < start_at + HAMMER_SECONDS:
            if i % 5 == 0 and rng.random() < 0.5:  # a desk receiving walk-ins: a new code
                try:
                    codes.append(received(WORLD, at=timezone.now()).code)
                except Exception as exc:  # noqa: BLE001
                    counts["receive failed: " + _first_line(exc)] += 1
                continue
            pk = rng.choice(pks)
            dossier = Dossier.objects.select_related("current_step").get(pk=pk)
            move = _next_move(dossier, rng)
            counts["tried"] += 1
            if move is None:
                counts[f"illegal state {dossier.status}"] += 1
                continue
            time.sleep(rng.random() * 0.004)  # the officer reads the page, then acts
            try:
                move()
                counts["applied"] += 1
                applied[pk] += 1
            except DossierChangedMeanwhile:
                counts["refused"] += 1
            except Exception as exc:  # noqa: BLE001 - any other outcome is a failure
                counts[_first_line(exc)] += 1
    finally:
        connection.close()
    queue.put((dict(counts), dict(applied), codes))


def _legal_walk(dossier) -> bool:
    from motcua.dossiers.enums import TRANSITIONS

    previous = None
    for event in dossier.events.order_by("seq"):
        sources, target = TRANSITIONS[event.action]
        if event.seq > 1 and (event.from_status != previous or event.from_status not in sources):
            return False
        if target is not None and event.to_status != target:
            return False
        previous = event.to_status
    return True


def transitions(figures: Figures) -> None:
    from motcua.dossiers.audit import audit_verify
    from motcua.dossiers.enums import DossierStatus
    from motcua.dossiers.models import Dossier
    from motcua.dossiers.tests.factories import assigned

    hammered = [assigned(WORLD) for _ in range(HAMMERED)]
    before = {d.pk: d.revision for d in hammered}
    codes_before = Dossier.objects.count()
    results = _run(_fork(), _hammer, HAMMERS, list(before), time.time() + 2)
    counts, applied, codes = Counter(), Counter(), []
    for counted, per_dossier, made in results:
        counts.update(counted)
        applied.update(per_dossier)
        codes.extend(made)
    tried, done, refused = (
        counts.pop("tried", 0),
        counts.pop("applied", 0),
        counts.pop("refused", 0),
    )
    figures.add(requests=tried + len(codes))
    figures.notes.append(
        f"transitions: {HAMMERS} processes, {tried} tried = {done} applied + {refused} "
        f"refused as changed meanwhile; {len(codes)} walk-ins received at the same desk"
    )
    check(not counts, f"every transition applied or refused as a conflict {dict(counts) or ''}")
    check(done + refused == tried and done > 0 and refused > 0, "applied + refused = tried")
    for pk, revision in before.items():
        dossier = Dossier.objects.get(pk=pk)
        check(
            dossier.revision - revision == applied[pk] == dossier.events.count() - revision,
            f"{dossier.code}: {applied[pk]} applied transitions, as many new events",
        )
        check(
            dossier.status in (DossierStatus.PROCESSING, DossierStatus.FINANCIAL)
            and _legal_walk(dossier),
            f"{dossier.code}: final state legal, every event a legal move",
        )
    stored = list(Dossier.objects.values_list("code", flat=True))
    check(len(stored) == codes_before + len(codes), "every walk-in stored once")
    duplicates = len(stored) - len(set(stored))
    figures.add(duplicates=duplicates)
    check(duplicates == 0 and len(set(codes)) == len(codes), "no duplicate dossier code")
    broken = [str(link) for link in audit_verify()]
    check(not broken, f"all {len(stored)} audit chains verify {broken[:3] or ''}")
    figures.add(chains=len(stored))


def _racer(i: int, queue, pk: int, barrier) -> None:
    from django.db import connection
    from django.utils import translation

    from motcua.dossiers.models import Dossier
    from motcua.dossiers.services import DossierChangedMeanwhile, dossier_forward

    stale = Dossier.objects.select_related("current_step").get(pk=pk)
    barrier.wait(timeout=60)
    try:
        dossier_forward(dossier=stale, actor=WORLD.officer)
        outcome = "won"
    except DossierChangedMeanwhile as exc:
        with translation.override("vi"):
            outcome = str(exc)
    except Exception as exc:  # noqa: BLE001
        outcome = f"{type(exc).__name__}: {exc}"
    finally:
        connection.close()
    queue.put(outcome)


def one_dossier_sixteen_updates(figures: Figures) -> None:
    from motcua.dossiers.tests.factories import assigned

    dossier = assigned(WORLD)
    ctx = _fork()
    outcomes = _run(ctx, _racer, RACERS, dossier.pk, ctx.Barrier(RACERS))
    figures.add(requests=RACERS)
    expected = f"Hồ sơ {dossier.code} vừa được người khác thay đổi"
    lost = [o for o in outcomes if o != "won"]
    check(outcomes.count("won") == 1, f"{RACERS} concurrent updates of one dossier: 1 wins")
    check(
        len(lost) == RACERS - 1 and all(o.startswith(expected) for o in lost),
        f"the {RACERS - 1} others are told: “{lost[0] if lost else ''}”",
    )
    dossier.refresh_from_db()
    check(dossier.events.count() == dossier.revision == 4, "one event for the one update")


def main() -> int:
    global WORLD
    django.setup()
    from motcua.dossiers.tests.factories import build_world

    WORLD = build_world()
    figures = Figures()
    for phase in (submissions, transitions, one_dossier_sixteen_updates):
        started = time.monotonic()
        phase(figures)
        print(f"      ({phase.__name__}: {time.monotonic() - started:.1f} s)", flush=True)
    print(json.dumps(figures.__dict__, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
