"""The applicant uploads what a supplement request asked for."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.dossiers.enums import Action, DossierStatus, Phase
from motcua.dossiers.services import dossier_pause, dossier_request_supplement
from motcua.dossiers.tests.factories import assigned, reloaded, submitted

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _unlocked(client, dossier):
    client.get("/tra-cuu/", {"code": dossier.code, "secret": dossier.lookup_secret})
    return reverse("portal:dossier_supply", args=[dossier.code])


def _upload(name="bo-sung.pdf", data=PDF):
    return SimpleUploadedFile(name, data, "application/pdf")


def test_supply_at_reception_goes_back_to_the_desk_queue(client, world):
    dossier = dossier_request_supplement(
        actor=world.clerk, dossier=submitted(world), missing=["Ảnh 4x6"], reason="Thiếu ảnh"
    )
    url = _unlocked(client, dossier)
    assert "Ảnh 4x6" in client.get(url).text
    response = client.post(url, {"files": [_upload()], "note": "Đã gửi ảnh"})
    assert response.status_code == 302
    dossier = reloaded(dossier)
    assert (dossier.status, dossier.phase) == (DossierStatus.SUPPLEMENT, Phase.RECEPTION)
    assert dossier.events.order_by("-seq").first().action == Action.SUPPLY
    assert [f.original_name for f in dossier.files.all()] == ["bo-sung.pdf"]
    page = client.get(response.url).text
    assert "giấy tờ bổ sung đã được gửi tới cán bộ" in page
    assert "Người nộp đã bổ sung giấy tờ" in page


def test_supply_during_processing_resumes_the_dossier(client, world):
    dossier = dossier_pause(
        dossier=assigned(world), actor=world.officer, missing=["Ảnh"], reason="Thiếu ảnh"
    )
    client.post(_unlocked(client, dossier), {"files": [_upload()]})
    dossier = reloaded(dossier)
    assert dossier.status == DossierStatus.PROCESSING
    assert dossier.holder == world.officer


def test_supply_refuses_a_bad_file_and_keeps_the_request(client, world):
    dossier = dossier_request_supplement(
        actor=world.clerk, dossier=submitted(world), missing=["Ảnh"], reason="Thiếu"
    )
    page = client.post(_unlocked(client, dossier), {"files": [_upload("a.pdf", b"MZ\0\0")]})
    assert page.status_code == 400
    assert "chỉ chấp nhận tệp PDF, JPEG và PNG" in page.text
    assert not reloaded(dossier).files.exists()
    assert reloaded(dossier).events.order_by("-seq").first().action == Action.REQUEST_SUPPLEMENT


def test_supply_needs_the_lookup(client, world):
    dossier = dossier_request_supplement(
        actor=world.clerk, dossier=submitted(world), missing=["Ảnh"], reason="Thiếu"
    )
    url = reverse("portal:dossier_supply", args=[dossier.code])
    assert client.post(url, {"files": [_upload()]}).status_code == 404
    assert not reloaded(dossier).files.exists()


def test_nothing_to_supply_sends_back_to_the_dossier_page(client, world):
    dossier = submitted(world)
    response = client.post(_unlocked(client, dossier), {"files": [_upload()]})
    assert response.status_code == 302
    assert not reloaded(dossier).files.exists()
