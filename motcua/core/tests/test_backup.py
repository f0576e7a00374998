"""Backup and restore: same rows, same report numbers, valid audit chains, same files."""

import io
import tarfile
from datetime import timedelta

import pytest
from django.core.management import call_command

from motcua.core.backup import BackupError, backup_create, backup_restore, table_counts
from motcua.dossiers.audit import audit_verify
from motcua.dossiers.models import Dossier, DossierFile
from motcua.dossiers.services import dossier_attach_file
from motcua.dossiers.tests.factories import MONDAY, build_world, decided, received, returned
from motcua.reports.exports import report_json
from motcua.reports.periodic import periodic_report

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _report() -> dict:
    report = periodic_report(
        start=MONDAY - timedelta(days=30),
        end=MONDAY + timedelta(days=60),
        at=MONDAY + timedelta(days=60),
        by="agency",
    )
    data = report_json(report)
    data.pop("at")
    return data


@pytest.fixture
def filled(transactional_db):
    world = build_world()
    returned(world)
    decided(world, approved=False)
    dossier = received(world)
    stored = dossier_attach_file(dossier=dossier, name="to-khai.pdf", data=PDF, actor=world.clerk)
    return world, dossier, stored


def test_a_restore_brings_back_rows_report_chains_and_files(filled, tmp_path):
    world, dossier, stored = filled
    rows, report = table_counts(), _report()
    archive = tmp_path / "motcua.tar.gz"
    manifest = backup_create(output=archive)
    assert manifest["tables"] == rows and manifest["media_files"] == 1

    # Life goes on after the backup: a new dossier, a lost file.
    received(world)
    stored.file.delete(save=False)
    assert Dossier.objects.count() == 4

    with pytest.raises(BackupError):
        backup_restore(archive_path=archive)  # holds dossiers: not without confirmation
    backup_restore(archive_path=archive, replace=True)

    assert table_counts() == rows
    assert Dossier.objects.count() == 3
    assert _report() == report
    assert list(audit_verify()) == []
    restored = DossierFile.objects.get(pk=stored.pk)
    with restored.file.open("rb") as handle:
        assert handle.read() == PDF


def test_an_archive_made_with_another_audit_key_is_refused(filled, tmp_path, settings):
    archive = tmp_path / "motcua.tar.gz"
    backup_create(output=archive)
    settings.MOTCUA_AUDIT_KEY = "another key"
    with pytest.raises(BackupError, match="MOTCUA_AUDIT_KEY"):
        backup_restore(archive_path=archive, replace=True)


def test_a_file_that_is_not_a_backup_is_refused(db, tmp_path):
    archive = tmp_path / "other.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        data = b"hello"
        info = tarfile.TarInfo("notes.txt")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    with pytest.raises(BackupError):
        backup_restore(archive_path=archive, replace=True)


def test_the_commands(filled, tmp_path):
    archive = tmp_path / "nightly.tar.gz"
    out = io.StringIO()
    call_command("backup", output=str(archive), stdout=out)
    assert str(archive) in out.getvalue() and archive.exists()
    assert not list(tmp_path.glob("*.partial"))
    out = io.StringIO()
    call_command("restore", str(archive), replace=True, stdout=out)
    assert "row counts match" in out.getvalue()


def test_scans_of_dossiers_are_kept_in_the_archive(filled, tmp_path):
    _, dossier, stored = filled
    archive = tmp_path / "motcua.tar.gz"
    backup_create(output=archive)
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert f"media/{stored.file.name}" in names
    assert "manifest.json" in names
