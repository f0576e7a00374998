"""No page's query count grows with the data (no query per row, no N+1).

Each page is requested with a few dossiers, then again after many more were added in
every state it lists; the number of queries must be the same. The cache is emptied
before each request so a cached fragment cannot hide a query.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.dossiers.tests.factories import (
    assigned,
    at_signing,
    build_world,
    decided,
    received,
    returned,
    submitted,
    vn,
    with_agency,
)

MAKERS = [submitted, received, with_agency, assigned, at_signing, decided, returned]


def _add(world, rounds: int) -> None:
    for n in range(rounds):
        for i, make in enumerate(MAKERS):
            make(world, at=vn(2026, 3, 2 + (n + i) % 4, 8 + i))


def _count(client, path: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(captured.captured_queries)


PAGES = [
    # (who, path)
    (None, "/"),
    (None, "/thu-tuc/"),
    (None, "/thong-ke/"),
    (None, "/api/v1/procedures"),
    ("clerk", "/staff/"),
    ("clerk", "/staff/tiep-nhan/"),
    ("clerk", "/staff/so-theo-doi/"),
    ("head", "/staff/ho-so/"),
    ("officer", "/staff/ho-so/"),
    ("leader", "/staff/ho-so/"),
    ("leader", "/staff/bang-dieu-khien/"),
    ("leader", "/staff/bao-cao/?from=01/03/2026&to=31/03/2026"),
    ("head", "/api/v1/dossiers"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("who", "path"), PAGES)
def test_the_query_count_of_a_page_does_not_grow_with_the_data(client, who, path, time_machine):
    time_machine.move_to(vn(2026, 3, 9, 10), tick=False)
    world = build_world()
    if who is not None:
        client.force_login(getattr(world, who))
    _add(world, 1)
    _count(client, path)  # the first request of a session does a little more
    few = _count(client, path)
    _add(world, 3)
    many = _count(client, path)
    assert many == few, f"{path}: {few} queries with {len(MAKERS)} dossiers, {many} with more"
