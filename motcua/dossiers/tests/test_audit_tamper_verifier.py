"""The verifier's own text of an event is the one the services signed, whatever it holds.

The verifier writes the signed text field by field (on PostgreSQL the database writes the
part around the payload) instead of ``json.dumps`` of a dict: these properties hold it to
the original definition, through a real database round trip, and check that streaming in
chunks still names the first bad row.
"""

import json
from contextlib import closing
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from motcua.dossiers.audit import audit_verify, event_content, event_hash
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.tests.factories import received

pytestmark = pytest.mark.django_db
PROPERTY = settings(
    max_examples=50,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# What a text column takes on both databases (PostgreSQL refuses NUL).
TEXT = st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)))
NUMBER = st.none() | st.integers(0, 2**31 - 1)
SCALARS = st.none() | st.booleans() | st.integers(-(2**53), 2**53) | TEXT
PAYLOAD = st.dictionaries(
    TEXT,
    st.recursive(SCALARS, lambda inner: st.lists(inner) | st.dictionaries(TEXT, inner)),
    max_size=4,
)
# hypothesis takes naive bounds and adds the zone itself
AT = st.datetimes(
    min_value=datetime(2000, 1, 1),  # noqa: DTZ001
    max_value=datetime(2100, 1, 1),  # noqa: DTZ001
    timezones=st.just(UTC),
)


def _reference(**fields) -> str:
    """The definition: the event as JSON, sorted keys, no spaces, UTF-8 as is."""
    fields["at"] = fields["at"].isoformat()
    return json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


@PROPERTY
@given(
    code=TEXT,
    seq=st.integers(1, 10**6),
    action=TEXT,
    at=AT,
    actor=NUMBER,
    actor_name=TEXT,
    from_status=NUMBER,
    to_status=st.integers(0, 100),
    from_step=TEXT,
    to_step=TEXT,
    from_agency=NUMBER,
    to_agency=NUMBER,
    note=TEXT,
    payload=PAYLOAD,
)
def test_the_written_text_is_the_sorted_json_of_the_event(**fields):
    assert event_content(**fields) == _reference(**fields)


@PROPERTY
@given(note=TEXT, step=TEXT, name=TEXT, payload=PAYLOAD, at=AT)
def test_any_stored_event_verifies_and_an_edit_of_it_is_named(world, note, step, name, payload, at):
    dossier = _with_event(world, note=note, step=step, name=name, payload=payload, at=at)

    assert list(audit_verify()) == []

    _without_guard(
        "UPDATE dossiers_dossierevent SET note = %s WHERE dossier_id = %s AND seq = 2",
        [note + "!", dossier.pk],
    )
    assert [(b.code, b.seq) for b in audit_verify()] == [(dossier.code, 2)]
    _without_guard(
        "UPDATE dossiers_dossierevent SET note = %s WHERE dossier_id = %s AND seq = 2",
        [note, dossier.pk],
    )


def _with_event(world, *, note, step, name, payload, at):
    """A received dossier with a second event holding exactly these values."""
    dossier = Dossier.objects.filter(agency=world.agency).first() or received(world)
    DossierEvent.objects.filter(dossier=dossier, seq=2).exists() and _without_guard(
        "DELETE FROM dossiers_dossierevent WHERE dossier_id = %s AND seq = 2", [dossier.pk]
    )
    first = dossier.events.get(seq=1)
    event = DossierEvent(
        dossier=dossier,
        seq=2,
        action="forward",
        at=at,
        actor=world.officer,
        actor_name=name,
        from_status=first.to_status,
        to_status=first.to_status,
        from_step=step,
        to_step=step,
        from_agency=world.agency,
        note=note,
        payload=payload,
        prev_hash=first.hash,
    )
    event.hash = event_hash(event, code=dossier.code, prev_hash=first.hash)
    event.save(force_insert=True)
    Dossier.objects.filter(pk=dossier.pk).update(revision=2, last_event_hash=event.hash)
    return dossier


def _without_guard(statement: str, params: list) -> None:
    """What only a superuser can do: write past the append-only trigger."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                "ALTER TABLE dossiers_dossierevent DISABLE TRIGGER dossiers_event_append_only"
            )
            cursor.execute(statement, params)
            cursor.execute(
                "ALTER TABLE dossiers_dossierevent ENABLE TRIGGER dossiers_event_append_only"
            )
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS dossiers_event_append_only")
            cursor.execute(statement, params)


def test_streaming_in_small_chunks_names_the_first_bad_row_of_each_dossier(world):
    dossiers = [received(world, at=world_time(n)) for n in range(5)]
    third, fifth = dossiers[2], dossiers[4]
    _without_guard(
        "UPDATE dossiers_dossierevent SET actor_name = 'x' WHERE dossier_id IN (%s, %s)",
        [third.pk, fifth.pk],
    )

    found = [(b.code, b.seq) for b in audit_verify(chunk=1)]

    assert found == [(third.code, 1), (fifth.code, 1)]


def test_stopping_early_leaves_the_connection_usable(world):
    for n in range(4):
        received(world, at=world_time(n))
    _without_guard("UPDATE dossiers_dossierevent SET note = 'x'", [])

    with closing(audit_verify(chunk=1)) as links:
        first = next(links)

    assert first.seq == 1
    assert Dossier.objects.count() == 4  # the cursor and its reading thread are gone


def world_time(n: int) -> datetime:
    return datetime(2026, 3, 2, 2, tzinfo=UTC) + timedelta(minutes=n)
