"""The public view a lookup answers with is cached until the dossier changes."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.api.tests.conftest import get_json
from motcua.dossiers.services import dossier_request_supplement
from motcua.dossiers.tests.factories import received, submitted

LOOKUP = "/api/v1/lookup"


def _look(client, code, secret, **extra):
    return get_json(client, f"{LOOKUP}/{code}", {"secret": secret}, **extra)


def _queries(client, code, secret, **extra) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        response = _look(client, code, secret, **extra)
    return len(captured.captured_queries), response


def test_a_second_lookup_is_answered_from_the_cache_without_the_database(client, world):
    dossier = received(world)
    first = _look(client, dossier.code, dossier.lookup_secret)
    count, again = _queries(client, dossier.code, dossier.lookup_secret)
    assert again.status_code == 200
    assert again.json() == first.json()
    assert count == 0


def test_a_change_of_the_dossier_is_seen_by_the_next_lookup(client, world):
    dossier = submitted(world)
    assert _look(client, dossier.code, dossier.lookup_secret).json()["asked"] is None
    dossier_request_supplement(
        actor=world.clerk, dossier=dossier, missing=["Sổ hộ khẩu"], reason="Thiếu giấy tờ"
    )
    body = _look(client, dossier.code, dossier.lookup_secret).json()
    assert body["asked"]["missing"] == ["Sổ hộ khẩu"]
    assert body["status"] == dossier.status


def test_a_cached_view_still_needs_the_right_secret(client, world):
    dossier = received(world)  # phone 0912345678
    _look(client, dossier.code, dossier.lookup_secret)
    count, wrong = _queries(client, dossier.code, "ZZZZZZZZ")
    assert wrong.status_code == 404
    assert count == 0
    assert _look(client, dossier.code, "5678").status_code == 200  # the phone's last digits
    assert _look(client, dossier.code, "5679").status_code == 404


def test_a_cached_wrong_secret_counts_against_the_code(client, world, settings):
    settings.MOTCUA_LOOKUP_ATTEMPTS = 3
    dossier = received(world)
    _look(client, dossier.code, dossier.lookup_secret, REMOTE_ADDR="10.0.0.9")
    answers = [
        _look(client, dossier.code, "WRONG123", REMOTE_ADDR=f"10.0.1.{n}").status_code
        for n in range(4)
    ]
    assert answers[:3] == [404, 404, 404]
    assert answers[3] == 429
    refused = _look(client, dossier.code, dossier.lookup_secret, REMOTE_ADDR="10.0.2.1")
    assert refused.status_code == 429  # the code is locked, even with the right secret


def test_each_language_has_its_own_cached_view(client, world):
    dossier = received(world)
    vietnamese = _look(client, dossier.code, dossier.lookup_secret).json()
    english = _look(client, dossier.code, dossier.lookup_secret, HTTP_ACCEPT_LANGUAGE="en")
    assert vietnamese["status_label"] == "Tiếp nhận"
    assert english.json()["status_label"] == "Received"
