"""The inbox filter by the step of the internal process a dossier is at."""

import pytest

from motcua.dossiers.tests.factories import assigned, build_world, with_agency

pytestmark = pytest.mark.django_db


def test_inbox_filters_by_current_step(client):
    world = build_world()
    waiting = with_agency(world)  # at the head's assignment step
    appraised = assigned(world)  # at the officer's appraisal step
    client.force_login(world.head)
    page = client.get("/staff/ho-so/").text
    step_of = {d.code: d.current_step.name for d in (waiting, appraised)}
    for name in step_of.values():
        assert f'<option value="{name}">{name}</option>' in page
    filtered = client.get("/staff/ho-so/", {"step": step_of[appraised.code]}).text
    assert appraised.code in filtered
    assert waiting.code not in filtered


def test_an_unknown_step_is_ignored_with_the_other_filters(client):
    world = build_world()
    dossier = assigned(world)
    client.force_login(world.head)
    page = client.get("/staff/ho-so/", {"step": "Không có bước này"})
    assert page.status_code == 200
    assert dossier.code in page.text
