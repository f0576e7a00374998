"""Work that follows a change is enqueued with it: atomically when the queue is a table."""

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from motcua.dossiers.tests.factories import received

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_queue(settings):
    settings.TASKS = DATABASE_QUEUE


def test_the_notice_is_queued_inside_the_transaction_of_the_change(world, database_queue):
    with transaction.atomic():
        dossier = received(world)
        # Before any commit: the task row is part of the same transaction.
        assert DBTaskResult.objects.filter(args_kwargs__args=[dossier.pk, "receive"]).count() == 1


def test_a_change_rolled_back_leaves_no_task(world, database_queue):
    with pytest.raises(RuntimeError), transaction.atomic():
        received(world)
        raise RuntimeError("the request failed after the reception")

    assert DBTaskResult.objects.count() == 0
