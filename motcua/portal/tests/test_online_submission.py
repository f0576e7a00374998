"""A citizen submits a dossier from the procedure's page, with files."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.dossiers.enums import Action, DossierStatus
from motcua.dossiers.models import Dossier, DossierEvent, DossierFile
from motcua.dossiers.tests.factories import build_world, citizen

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def _url(world):
    return reverse("portal:online_submit", args=[world.version.procedure.code])


def _form_data(world, token="t-1", **changes):  # noqa: S107 - a form token
    required = world.version.components.get(required=True)
    data = {
        "agency": world.agency.pk,
        "applicant_kind": "person",
        "name": "Hoàng Thị Lan",
        "id_number": "008195001122",
        "phone": "0912 345 678",
        "email": "lan@example.org",
        "address": "Xã Năng Khả",
        "content": "Đăng ký khai sinh cho con",
        "declaration": "on",
        "consent": "on",
        "token": token,
        f"component_{required.pk}": SimpleUploadedFile("to-khai.pdf", PDF, "application/pdf"),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_procedure_page_offers_online_submission(client, world):
    page = client.get(reverse("portal:procedure_detail", args=[world.version.procedure.code]))
    assert _url(world) in page.text
    assert "Nộp hồ sơ trực tuyến" in page.text


def test_procedure_not_online_has_no_submission_page(client, db):
    world = build_world(online_level="none")
    page = client.get(reverse("portal:procedure_detail", args=[world.version.procedure.code]))
    assert _url(world) not in page.text
    assert client.get(_url(world)).status_code == 404


def test_form_lists_one_file_input_per_document(client, world):
    page = client.get(_url(world))
    assert page.status_code == 200
    for component in world.version.components.all():
        assert f'name="component_{component.pk}"' in page.text
        assert component.name in page.text
    assert 'enctype="multipart/form-data"' in page.text
    assert "Thông báo về xử lý dữ liệu cá nhân" in page.text


def test_guest_submission_creates_the_dossier_and_shows_code_and_time(client, world):
    response = client.post(_url(world), _form_data(world))
    dossier = Dossier.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("portal:submitted", args=[dossier.code])
    assert (dossier.status, dossier.channel, dossier.citizen) == (
        DossierStatus.SUBMITTED,
        "online",
        None,
    )
    assert dossier.applicant_phone == "0912345678"
    assert [f.original_name for f in dossier.files.all()] == ["to-khai.pdf"]
    page = client.get(response.url)
    assert dossier.code in page.text
    assert dossier.lookup_secret in page.text
    assert "Thời điểm tiếp nhận chính thức" in page.text


def test_confirmation_is_mailed_with_the_lookup_code(
    client, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(world), _form_data(world))
    dossier = Dossier.objects.get()
    (message,) = mail.outbox
    assert message.to == ["lan@example.org"]
    assert dossier.code in message.body
    assert f"Mã tra cứu: {dossier.lookup_secret}." in message.body


def test_confirmation_page_is_not_shown_to_another_browser(client, world):
    client.post(_url(world), _form_data(world))
    dossier = Dossier.objects.get()
    client.cookies.clear()
    assert client.get(reverse("portal:submitted", args=[dossier.code])).status_code == 404


def test_sending_the_same_form_twice_creates_one_dossier(client, world):
    first = client.post(_url(world), _form_data(world, token="same"))
    second = client.post(_url(world), _form_data(world, token="same"))
    assert Dossier.objects.count() == 1
    assert first.url == second.url
    assert DossierFile.objects.count() == 1


def test_reusing_a_sent_form_for_other_data_is_refused_with_a_new_token(client, world):
    client.post(_url(world), _form_data(world, token="used"))
    page = client.post(_url(world), _form_data(world, token="used", name="Người Khác"))
    assert page.status_code == 400
    assert "Biểu mẫu này đã được gửi cho một hồ sơ khác" in page.text
    assert 'value="used"' not in page.text
    assert Dossier.objects.count() == 1


def test_missing_required_document_and_consent_are_reported(client, world):
    required = world.version.components.get(required=True)
    data = _form_data(world, consent=None, **{f"component_{required.pk}": None})
    page = client.post(_url(world), data)
    assert page.status_code == 400
    assert "Trường này là bắt buộc." in page.text
    assert not Dossier.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("anh.gif", b"GIF89a" + b"\0" * 20, "chỉ chấp nhận tệp PDF, JPEG và PNG"),
        ("to-khai.pdf", b"MZ\x90\x00" + b"\0" * 60, "chỉ chấp nhận tệp PDF, JPEG và PNG"),
        ("rong.pdf", b"", "tệp rỗng"),
        ("../../etc/passwd.pdf", b"root:x:0:0", "chỉ chấp nhận tệp PDF, JPEG và PNG"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_written(
    client, world, settings, name, content, message
):
    required = world.version.components.get(required=True)
    upload = SimpleUploadedFile(name, content)
    page = client.post(_url(world), _form_data(world, **{f"component_{required.pk}": upload}))
    assert page.status_code == 400
    assert message in page.text
    assert not Dossier.objects.exists()
    assert not DossierEvent.objects.exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not [p for p in media.rglob("*") if p.is_file()]


def test_oversized_file_is_refused_before_reading(client, world, settings):
    settings.MOTCUA_MAX_UPLOAD_BYTES = 1_000_000
    required = world.version.components.get(required=True)
    big = SimpleUploadedFile("lon.pdf", PDF[:-6] + b"\0" * 1_000_001 + b"%%EOF\n")
    page = client.post(_url(world), _form_data(world, **{f"component_{required.pk}": big}))
    assert page.status_code == 400
    assert "lớn hơn 1 MB" in page.text
    assert not Dossier.objects.exists()


def test_path_traversal_name_is_stored_as_a_plain_name(client, world):
    required = world.version.components.get(required=True)
    upload = SimpleUploadedFile("../../../tmp/to khai.pdf", PDF)
    client.post(_url(world), _form_data(world, **{f"component_{required.pk}": upload}))
    stored = DossierFile.objects.get()
    assert stored.original_name == "to khai.pdf"
    assert stored.file.name == f"dossiers/{stored.dossier_id}/{stored.token}"


def test_logged_in_citizen_owns_the_dossier_and_sees_it_in_my_dossiers(client, world):
    owner = citizen(username="lan", full_name="Hoàng Thị Lan", email="lan@example.org")
    client.force_login(owner)
    assert 'value="Hoàng Thị Lan"' in client.get(_url(world)).text
    client.post(_url(world), _form_data(world))
    dossier = Dossier.objects.get()
    assert dossier.citizen == owner
    mine = client.get(reverse("portal:my_dossiers"))
    assert dossier.code in mine.text
    first = dossier.events.get()
    assert (first.action, first.actor) == (Action.SUBMIT, owner)
