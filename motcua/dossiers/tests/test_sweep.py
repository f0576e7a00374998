"""Files left in storage without their row (a worker killed mid-submission) are swept."""

import os
from datetime import timedelta
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from motcua.dossiers.models import DossierFile
from motcua.dossiers.services import Scan, dossier_submit_online
from motcua.dossiers.services.sweep import dossier_uploads_sweep
from motcua.dossiers.tests.factories import MONDAY, application, build_world
from motcua.feedback.models import FeedbackFile
from motcua.feedback.services import Upload
from motcua.feedback.services.sweep import feedback_uploads_sweep
from motcua.feedback.tests.factories import sent

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _left_behind(storage, path: str, *, age: timedelta) -> str:
    """A file written by a process that died before its row was committed, ``age`` ago."""
    name = storage.save(path, ContentFile(PDF))
    stamp = (timezone.now() - age).timestamp()
    os.utime(storage.path(name), (stamp, stamp))
    return name


def _submitted_with_a_file():
    world = build_world()
    required = world.version.components.get(required=True)
    scans = [Scan(name="to-khai.pdf", data=PDF, component_id=required.pk)]
    app = application(world)
    return dossier_submit_online(application=app, idempotency_key="k-1", scans=scans, at=MONDAY)


def test_sweeping_deletes_old_files_without_a_row_and_keeps_everything_else():
    dossier = _submitted_with_a_file()
    kept = DossierFile.objects.get(dossier=dossier)
    storage = kept.file.storage
    stale_beside = _left_behind(storage, f"dossiers/{dossier.pk}/orphan1", age=timedelta(hours=2))
    stale_alone = _left_behind(storage, "dossiers/999999/orphan2", age=timedelta(hours=2))
    recent = _left_behind(storage, f"dossiers/{dossier.pk}/orphan3", age=timedelta(minutes=5))

    assert dossier_uploads_sweep(older_than=timedelta(hours=1)) == 2

    assert not storage.exists(stale_beside) and not storage.exists(stale_alone)
    assert storage.exists(recent)  # its transaction may still be running
    assert storage.exists(kept.file.name)
    with storage.open(kept.file.name) as stored:
        assert stored.read() == PDF


def test_feedback_attachments_without_a_row_are_swept_too():
    feedback = sent(build_world(), files=[Upload("biên bản.pdf", PDF)])
    kept = FeedbackFile.objects.get(feedback=feedback)
    storage = kept.file.storage
    stale = _left_behind(storage, f"feedback/{feedback.pk}/orphan", age=timedelta(hours=2))
    recent = _left_behind(storage, f"feedback/{feedback.pk}/fresh", age=timedelta(minutes=5))

    assert feedback_uploads_sweep(older_than=timedelta(hours=1)) == 1

    assert not storage.exists(stale)
    assert storage.exists(recent) and storage.exists(kept.file.name)


def test_the_command_reports_what_it_deleted(settings):
    settings.LANGUAGE_CODE = "vi"
    dossier = _submitted_with_a_file()
    storage = DossierFile.objects.get(dossier=dossier).file.storage
    _left_behind(storage, f"dossiers/{dossier.pk}/orphan", age=timedelta(minutes=90))
    _left_behind(storage, "feedback/424242/orphan", age=timedelta(minutes=90))
    out = StringIO()

    call_command("sweep_uploads", "--older-than-minutes", "60", stdout=out)

    assert out.getvalue() == "Đã xóa 2 tệp không có bản ghi.\n"


def test_sweeping_an_empty_storage_deletes_nothing():
    assert dossier_uploads_sweep() == 0
