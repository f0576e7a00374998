import pytest

from motcua.dossiers.models import DossierFile
from motcua.dossiers.services import FileRefused, dossier_attach_file, dossier_receive
from motcua.dossiers.tests.factories import application, build_world

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def dossier(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    return dossier_receive(actor=world.clerk, application=application(world)), world


def test_attach_stores_a_pdf_under_a_random_name_with_a_clean_display_name(dossier, tmp_path):
    dossier, world = dossier

    stored = dossier_attach_file(
        dossier=dossier, name="../../etc/Tờ khai\x07.exe.pdf", data=PDF, actor=world.clerk
    )

    assert stored.original_name == "Tờ khai.exe.pdf"
    assert stored.content_type == "application/pdf"
    assert stored.size == len(PDF)
    assert stored.file.name == f"dossiers/{dossier.pk}/{stored.token}"
    assert (tmp_path / stored.file.name).read_bytes() == PDF


def test_attach_takes_the_extension_from_the_content_not_the_name(dossier):
    dossier, world = dossier

    stored = dossier_attach_file(dossier=dossier, name="scan.pdf", data=PNG, actor=world.clerk)

    assert (stored.content_type, stored.original_name) == ("image/png", "scan.png")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"MZ\x90\x00 not a document", "PDF, JPEG"),
        (b"", "tệp rỗng"),
        (b"%PDF-1.4 truncated", "bị hỏng"),
        (b"PK\x03\x04zip bomb", "PDF, JPEG"),
    ],
)
def test_attach_refuses_files_that_are_not_what_they_claim(dossier, data, reason):
    dossier, world = dossier

    with pytest.raises(FileRefused, match=reason):
        dossier_attach_file(dossier=dossier, name="a.pdf", data=data, actor=world.clerk)

    assert DossierFile.objects.count() == 0


def test_attach_refuses_a_file_over_the_size_limit(dossier, settings):
    dossier, world = dossier
    settings.MOTCUA_MAX_UPLOAD_BYTES = 100

    with pytest.raises(FileRefused):
        dossier_attach_file(
            dossier=dossier, name="big.pdf", data=PDF + b" " * 200, actor=world.clerk
        )

    assert DossierFile.objects.count() == 0
