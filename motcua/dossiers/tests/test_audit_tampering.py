"""Tampering as a database superuser would: the guard refuses it, the verifier notices it."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import translation

from motcua.dossiers.audit import BrokenLink, audit_verify, event_hash
from motcua.dossiers.enums import Action, DossierStatus
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.tests.factories import received, returned

pytestmark = pytest.mark.django_db
S = DossierStatus


# Tampering as a database superuser would, behind the application's back --------------------------


def _drop_guard():
    """What a superuser does first: take the append-only trigger away (undone by the rollback)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Django's foreign keys are deferred: fire their pending checks, or ALTER refuses.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                "ALTER TABLE dossiers_dossierevent DISABLE TRIGGER dossiers_event_append_only"
            )
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            cursor.execute("DROP TRIGGER dossiers_event_append_only")


def _sql(statement: str, *params):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


@pytest.fixture
def trail(world):
    """Two dossiers with clean trails; the first one (6 events) is tampered with."""
    dossier, bystander = returned(world), received(world)
    assert list(audit_verify()) == []
    _drop_guard()
    return dossier, bystander


def _broken(dossier, seq, reason):
    with translation.override("en"):
        return [(b.code, b.seq, b.reason) for b in audit_verify()] == [(dossier.code, seq, reason)]


CHANGED = "the event was changed after it was written"
LINK = "the link to the previous event is broken"
GAP = "an event is missing or out of order"
CUT = "events were removed from the end of the trail"


def test_verify_names_an_edited_note(trail):
    dossier, _ = trail
    _sql(
        "UPDATE dossiers_dossierevent SET note = 'sửa' WHERE dossier_id = %s AND seq = 3",
        dossier.pk,
    )

    assert _broken(dossier, 3, CHANGED)


def test_verify_names_an_edited_actor(trail, world):
    dossier, _ = trail
    _sql(
        "UPDATE dossiers_dossierevent SET actor_id = %s WHERE dossier_id = %s AND seq = 5",
        world.officer.pk,
        dossier.pk,
    )

    assert _broken(dossier, 5, CHANGED)


def test_verify_names_the_row_after_a_deleted_middle_row(trail):
    dossier, _ = trail
    _sql("DELETE FROM dossiers_dossierevent WHERE dossier_id = %s AND seq = 3", dossier.pk)

    assert _broken(dossier, 4, GAP)


def test_verify_names_the_first_of_two_swapped_rows(trail):
    dossier, _ = trail
    for old, new in ((2, 100), (3, 2), (100, 3)):
        _sql(
            "UPDATE dossiers_dossierevent SET seq = %s WHERE dossier_id = %s AND seq = %s",
            new,
            dossier.pk,
            old,
        )

    assert _broken(dossier, 2, LINK)


def _forge(dossier, seq, *, sign: bool):
    """Insert a forged event at ``seq``, moving the later ones up by one."""
    for later in range(dossier.revision, seq - 1, -1):
        _sql(
            "UPDATE dossiers_dossierevent SET seq = %s WHERE dossier_id = %s AND seq = %s",
            later + 1,
            dossier.pk,
            later,
        )
    previous = dossier.events.get(seq=seq - 1)
    forged = DossierEvent(
        dossier=dossier,
        seq=seq,
        action=Action.APPROVE,
        at=previous.at,
        actor=previous.actor,
        from_status=S.PROCESSING,
        to_status=S.PROCESSED,
        note="duyệt khống",
        prev_hash=previous.hash,
        hash="0" * 64,
    )
    if sign:
        forged.hash = event_hash(forged, code=dossier.code, prev_hash=previous.hash)
    forged.save(force_insert=True)


def test_verify_names_an_inserted_forged_row(trail):
    dossier, _ = trail
    _forge(dossier, 3, sign=False)

    assert _broken(dossier, 3, CHANGED)


def test_verify_names_the_row_after_a_correctly_hashed_forged_row(trail):
    dossier, _ = trail
    _forge(dossier, 3, sign=True)

    assert _broken(dossier, 4, LINK)


def test_verify_notices_a_truncated_last_row(trail):
    dossier, _ = trail
    _sql("DELETE FROM dossiers_dossierevent WHERE dossier_id = %s AND seq = 6", dossier.pk)

    assert _broken(dossier, None, CUT)


def test_verify_notices_a_forged_row_appended_at_the_end(trail):
    dossier, _ = trail
    last = dossier.events.get(seq=6)
    forged = DossierEvent(
        dossier=dossier,
        seq=7,
        action=Action.WITHDRAW,
        at=last.at,
        from_status=S.RETURNED,
        to_status=S.WITHDRAWN,
        prev_hash=last.hash,
    )
    forged.hash = event_hash(forged, code=dossier.code, prev_hash=last.hash)
    forged.save(force_insert=True)

    assert _broken(dossier, None, CUT)


def test_verify_notices_a_status_changed_without_an_event(trail):
    dossier, _ = trail
    _sql("UPDATE dossiers_dossier SET status = %s WHERE id = %s", S.PROCESSING, dossier.pk)

    assert _broken(dossier, None, "the status was changed without an event")


def test_verify_notices_a_rewritten_and_rehashed_chain(trail, settings):
    """A superuser who recomputes the whole chain still lacks the key kept outside the database."""
    dossier, _ = trail
    real_key = settings.MOTCUA_AUDIT_KEY
    settings.MOTCUA_AUDIT_KEY = "the key an attacker guessed"
    prev = ""
    for event in dossier.events.order_by("seq"):
        if event.seq == 3:
            event.note = "viết lại"
        event.prev_hash, event.hash = prev, event_hash(event, code=dossier.code, prev_hash=prev)
        _sql(
            "UPDATE dossiers_dossierevent SET note = %s, prev_hash = %s, hash = %s WHERE id = %s",
            event.note,
            event.prev_hash,
            event.hash,
            event.pk,
        )
        prev = event.hash
    Dossier.objects.filter(pk=dossier.pk).update(last_event_hash=prev)
    settings.MOTCUA_AUDIT_KEY = real_key

    assert _broken(dossier, 1, CHANGED)  # not one hash in the chain carries the real key


# The command and the database guard --------------------------------------------------------------


def test_verify_audit_command_reports_an_intact_trail(world):
    returned(world)
    out = StringIO()

    call_command("verify_audit", stdout=out)

    assert out.getvalue() == "Audit trail intact.\n"


def test_verify_audit_command_fails_and_names_the_broken_rows(trail):
    dossier, bystander = trail
    _sql(
        "UPDATE dossiers_dossierevent SET note = 'x' WHERE dossier_id = %s AND seq = 4", dossier.pk
    )
    _sql("DELETE FROM dossiers_dossierevent WHERE dossier_id = %s", bystander.pk)
    out = StringIO()

    with translation.override("en"), pytest.raises(CommandError) as failed:
        call_command("verify_audit", stdout=out)

    assert str(failed.value) == "2 dossier(s) have a broken audit trail."
    assert out.getvalue().splitlines() == [
        f"BROKEN {dossier.code}#4: {CHANGED}",
        f"BROKEN {bystander.code}: {CUT}",
    ]


def test_broken_link_reads_code_hash_seq():
    assert str(BrokenLink("000.00.98.H98-260302-0001", 3, "x")) == "000.00.98.H98-260302-0001#3: x"


def test_database_refuses_to_update_an_event(world):
    dossier = received(world)

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        DossierEvent.objects.filter(dossier=dossier).update(note="sửa")

    assert dossier.events.get().note == ""
    assert list(audit_verify()) == []


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite keeps deletes for the test flush"
)
def test_database_refuses_to_delete_an_event(world):
    dossier = received(world)

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        _sql("DELETE FROM dossiers_dossierevent WHERE dossier_id = %s", dossier.pk)

    assert dossier.events.count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="processes side by side: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_processes_side_by_side_name_the_same_links_in_the_same_order(world):
    """Committed dossiers (the processes see only what is committed), tampered with at both
    ends, checked by 1 and by 3 processes, and by the command."""
    dossiers = [received(world) for _ in range(7)]
    first, last = dossiers[0], dossiers[-1]
    with connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE dossiers_dossierevent DISABLE TRIGGER dossiers_event_append_only"
        )
        try:
            cursor.execute(
                "UPDATE dossiers_dossierevent SET note = 'x' WHERE dossier_id = %s", [first.pk]
            )
            cursor.execute("DELETE FROM dossiers_dossierevent WHERE dossier_id = %s", [last.pk])
        finally:
            cursor.execute(
                "ALTER TABLE dossiers_dossierevent ENABLE TRIGGER dossiers_event_append_only"
            )
    with translation.override("en"):
        alone = [str(link) for link in audit_verify(jobs=1)]
        side_by_side = [str(link) for link in audit_verify(jobs=3)]
        out = StringIO()
        with pytest.raises(CommandError):
            call_command("verify_audit", "--jobs", "2", stdout=out)
    assert alone == [f"{first.code}#1: {CHANGED}", f"{last.code}: {CUT}"]
    assert side_by_side == alone
    assert out.getvalue().splitlines() == [f"BROKEN {link}" for link in alone]
