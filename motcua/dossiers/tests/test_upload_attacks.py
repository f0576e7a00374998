"""Hostile files sent where citizens upload: every one refused, nothing stored.

Each attack goes through the three doors a file comes in by — the online submission page,
the supplement page and the API's base64 documents — and each time the answer names the
file with a translated reason, no row is written and MEDIA_ROOT stays empty.
"""

import base64
import io
import json
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from motcua.accounts.services import api_token_create
from motcua.dossiers.models import Dossier, DossierEvent, DossierFile
from motcua.dossiers.services import (
    FileRefused,
    dossier_attach_file,
    dossier_request_supplement,
)
from motcua.dossiers.services.file_checks import MAX_PDF_INFLATED, check_content
from motcua.dossiers.services.files import check_upload
from motcua.dossiers.tests.factories import received, reloaded, submitted

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _image(kind: str, size=(8, 8)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "white").save(out, kind)
    return out.getvalue()


JPEG, PNG = _image("JPEG"), _image("PNG")


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data).to_bytes(4, "big")
    return len(data).to_bytes(4, "big") + kind + data + crc


def _png_declaring(width: int, height: int) -> bytes:
    """A valid PNG header for a huge image, with a few bytes of image data."""
    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + b"\x08\x02\0\0\0"
    idat = zlib.compress(b"\0" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", idat)
        + _png_chunk(b"IEND", b"")
    )


def _jpeg_declaring(width: int, height: int) -> bytes:
    """A real JPEG whose frame header is rewritten to announce a huge size."""
    data = bytearray(JPEG)
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = height.to_bytes(2, "big") + width.to_bytes(2, "big")
    return bytes(data)


def _with_jpeg_comment(text: bytes) -> bytes:
    segment = b"\xff\xfe" + (len(text) + 2).to_bytes(2, "big") + text
    return JPEG[:2] + segment + JPEG[2:]


def _pdf(*objects: bytes) -> bytes:
    body = b"%PDF-1.7\n"
    for number, obj in enumerate(objects, start=1):
        body += b"%d 0 obj\n" % number + obj + b"\nendobj\n"
    return body + b"trailer\n<</Root 1 0 R>>\n%%EOF\n"


def _stream(dictionary: bytes, data: bytes) -> bytes:
    return b"<<%s/Length %d>>stream\n%s\nendstream" % (dictionary, len(data), data)


def _flate_bomb(size: int) -> bytes:
    packer, parts, zeros = zlib.compressobj(9), [], b"\0" * (1 << 20)
    for _ in range(size >> 20):
        parts.append(packer.compress(zeros))
    return b"".join(parts) + packer.flush()


BOMB = _flate_bomb(300 << 20)  # 300 MB of zeros in 300 KB
SCRIPT = b"<html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\0" * 64
ELF = b"\x7fELF\x02\x01\x01" + b"\0" * 64
ZIP = _zip({"a.txt": b"hello"})
DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
# 130 KB of archive that unpacks to 128 MB: never unpacked, refused for what it is.
ZIP_BOMB = _zip({f"{n}.bin": b"\0" * (1 << 24) for n in range(8)})
ACTIVE = "scripts, actions or embedded files"

# (what, file name, declared type, bytes, the reason shown in Vietnamese)
ATTACKS = [
    ("exe renamed .pdf", "don.pdf", "application/pdf", EXE, "chỉ chấp nhận tệp PDF"),
    ("elf renamed .jpg", "anh.jpg", "image/jpeg", ELF, "chỉ chấp nhận tệp PDF"),
    ("html renamed .pdf", "to-khai.pdf", "application/pdf", SCRIPT, "chỉ chấp nhận tệp PDF"),
    ("svg renamed .jpg", "anh.jpg", "image/jpeg", SVG, "chỉ chấp nhận tệp PDF"),
    ("svg as image/png", "anh.png", "image/png", SVG, "chỉ chấp nhận tệp PDF"),
    ("zip renamed .pdf", "ho-so.pdf", "application/pdf", ZIP, "chỉ chấp nhận tệp PDF"),
    ("office document", "don.docx", "application/msword", DOCX, "chỉ chấp nhận tệp PDF"),
    ("zip bomb", "anh.zip", "application/zip", ZIP_BOMB, "chỉ chấp nhận tệp PDF"),
    ("truncated pdf", "don.pdf", "application/pdf", PDF[:30], "bị hỏng"),
    ("empty file", "don.pdf", "application/pdf", b"", "tệp rỗng"),
    ("png bomb 50000²", "anh.png", "image/png", _png_declaring(50_000, 50_000), "quá lớn"),
    ("png of 100 Mpx", "anh.png", "image/png", _png_declaring(10_000, 10_000), "quá lớn"),
    ("jpeg bomb 65000²", "anh.jpg", "image/jpeg", _jpeg_declaring(65_000, 65_000), "quá lớn"),
    ("jpeg + html", "anh.jpg", "image/jpeg", JPEG + SCRIPT, "trang web hoặc mã lệnh"),
    ("jpeg + zip", "anh.jpg", "image/jpeg", JPEG + ZIP, "tệp nén (ZIP)"),
    ("jpeg comment script", "a.jpg", "image/jpeg", _with_jpeg_comment(SCRIPT), "mã lệnh"),
    ("png + html", "anh.png", "image/png", PNG + SCRIPT, "trang web hoặc mã lệnh"),
    ("png + zip", "anh.png", "image/png", PNG + DOCX, "tệp nén (ZIP)"),
    (
        "png text chunk script",
        "anh.png",
        "image/png",
        PNG[:33] + _png_chunk(b"tEXt", b"Comment\0" + SVG) + PNG[33:],
        "trang web hoặc mã lệnh",
    ),
    ("pdf + zip", "don.pdf", "application/pdf", PDF + ZIP, "tệp nén (ZIP)"),
    (
        "pdf javascript",
        "don.pdf",
        "application/pdf",
        _pdf(b"<</Type/Catalog/OpenAction<</S/JavaScript/JS(app.alert(1))>>>>"),
        "mã lệnh, hành động hoặc tệp đính kèm",
    ),
    (
        "pdf escaped name",
        "don.pdf",
        "application/pdf",
        _pdf(b"<</Type/Catalog/OpenAction<</S/J#61va#53cript/J#53 (x)>>>>"),
        "mã lệnh, hành động hoặc tệp đính kèm",
    ),
    (
        "pdf launch",
        "don.pdf",
        "application/pdf",
        _pdf(b"<</Type/Catalog/OpenAction<</S/Launch/F(cmd.exe)>>>>"),
        "mã lệnh, hành động hoặc tệp đính kèm",
    ),
    (
        "pdf embedded file",
        "don.pdf",
        "application/pdf",
        _pdf(
            b"<</Type/Catalog/Names<</EmbeddedFiles 2 0 R>>>>",
            _stream(b"/Type/EmbeddedFile", EXE),
        ),
        "mã lệnh, hành động hoặc tệp đính kèm",
    ),
    (
        "pdf javascript inside a compressed object stream",
        "don.pdf",
        "application/pdf",
        _pdf(
            b"<</Type/Catalog>>",
            _stream(
                b"/Type/ObjStm/N 1/First 4/Filter/FlateDecode",
                zlib.compress(b"3 0 <</S/JavaScript/JS(app.alert(1))>>"),
            ),
        ),
        "mã lệnh, hành động hoặc tệp đính kèm",
    ),
    (
        "pdf object stream with a filter we do not read",
        "don.pdf",
        "application/pdf",
        _pdf(b"<</Type/Catalog>>", _stream(b"/Type/ObjStm/Filter/ASCIIHexDecode", b"2F4A53>")),
        "không kiểm tra được",
    ),
    (
        "pdf flate bomb",
        "don.pdf",
        "application/pdf",
        _pdf(b"<</Type/Catalog>>", _stream(b"/Filter/FlateDecode", BOMB)),
        "giải nén ra dung lượng quá lớn",
    ),
    (
        "pdf with a stream hidden in a string",
        "don.pdf",
        "application/pdf",
        _pdf(b"<</Type/Catalog/Title(<</Length 99>>stream\n)/AA<</O<</JS(x)>>>>>>"),
        "mã lệnh, hành động hoặc tệp đính kèm",
    ),
]
IDS = [what for what, *_ in ATTACKS]
CASES = [case for _, *case in ATTACKS]


def _stored(settings) -> list:
    root = settings.MEDIA_ROOT
    return sorted(p for p in root.rglob("*") if p.is_file())


def _counts() -> tuple[int, int, int]:
    return Dossier.objects.count(), DossierEvent.objects.count(), DossierFile.objects.count()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def _submission(world, upload) -> dict:
    required = world.version.components.get(required=True)
    return {
        "agency": world.agency.pk,
        "applicant_kind": "person",
        "name": "Hoàng Thị Lan",
        "id_number": "008195001122",
        "phone": "0912345678",
        "address": "Xã Năng Khả",
        "declaration": "on",
        "consent": "on",
        "token": "t-1",
        f"component_{required.pk}": SimpleUploadedFile("to-khai.pdf", PDF, "application/pdf"),
        "other_files": upload,
    }


@pytest.mark.parametrize(("name", "declared", "data", "reason"), CASES, ids=IDS)
def test_online_submission_refuses_the_attack(
    client, world, settings, name, declared, data, reason
):
    url = reverse("portal:online_submit", args=[world.version.procedure.code])

    page = client.post(url, _submission(world, SimpleUploadedFile(name, data, declared)))

    assert page.status_code == 400
    assert f"Không chấp nhận tệp “{name}”" in page.text
    assert reason in page.text
    assert _counts() == (0, 0, 0)
    assert _stored(settings) == []


@pytest.mark.parametrize(("name", "declared", "data", "reason"), CASES, ids=IDS)
def test_supplement_page_refuses_the_attack(client, world, settings, name, declared, data, reason):
    dossier = dossier_request_supplement(
        actor=world.clerk, dossier=submitted(world), missing=["Ảnh"], reason="Thiếu ảnh"
    )
    client.get("/tra-cuu/", {"code": dossier.code, "secret": dossier.lookup_secret})
    before = _counts()

    page = client.post(
        reverse("portal:dossier_supply", args=[dossier.code]),
        {"files": [SimpleUploadedFile(name, data, declared)], "note": "Bổ sung"},
    )

    assert page.status_code == 400
    assert f"Không chấp nhận tệp “{name}”" in page.text
    assert reason in page.text
    assert _counts() == before
    assert reloaded(dossier).revision == dossier.revision
    assert _stored(settings) == []


@pytest.mark.parametrize(("name", "declared", "data", "reason"), CASES, ids=IDS)
def test_api_submission_refuses_the_attack(client, world, settings, name, declared, data, reason):
    _, token = api_token_create(name="Cổng dịch vụ công quốc gia", scope="write")
    required = world.version.components.get(required=True)
    body = {
        "procedure": world.version.procedure.code,
        "agency": world.agency.identifier,
        "applicant": {"name": "Hoàng Thị Lan", "id_number": "008195001122", "phone": "0912345678"},
        "documents": [
            {"component_id": required.pk, "name": "to-khai.pdf", "content_base64": _b64(PDF)},
            {"component_id": None, "name": name, "content_base64": _b64(data)},
        ],
        "consent": True,
    }

    response = client.post(
        "/api/v1/dossiers",
        json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "attack-0001"},
    )

    answer = response.json()
    if not data:  # the schema itself asks for content
        assert (response.status_code, list(answer["fields"])) == (
            422,
            ["documents.1.content_base64"],
        )
        assert _counts() == (0, 0, 0)
        return
    assert response.status_code == 400, response.content[:300]
    assert answer["code"] == "file_refused"
    assert f"Không chấp nhận tệp “{name}”" in answer["message"]
    assert reason in answer["message"]
    assert _counts() == (0, 0, 0)
    assert _stored(settings) == []


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


# Names: never a path on our disk, whatever the citizen's file was called -------------------


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("/etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\Windows\\win.ini.pdf", "win.ini.pdf"),
        ("C:\\Users\\a\\to-khai.pdf", "to-khai.pdf"),
        ("to\0khai.pdf", "tokhai.pdf"),
        ("CON.pdf", "CON.pdf"),
        ("\u202efdp.exe", "fdp.pdf"),
        ("a" * 5000 + ".pdf", "a" * 80 + ".pdf"),
        ("....pdf", "tep.pdf"),
    ],
)
def test_a_hostile_name_is_only_a_label_and_the_file_lands_under_a_random_token(
    world, media, name, shown
):
    dossier = received(world)

    stored = dossier_attach_file(dossier=dossier, name=name, data=PDF, actor=world.clerk)

    assert stored.original_name == shown
    assert stored.file.name == f"dossiers/{dossier.pk}/{stored.token}"
    assert _stored_paths(media) == [media / "dossiers" / str(dossier.pk) / stored.token]


def _stored_paths(media):
    return sorted(p for p in media.rglob("*") if p.is_file())


def test_hostile_names_through_the_page_are_labels_only(client, world, media):
    url = reverse("portal:online_submit", args=[world.version.procedure.code])
    upload = SimpleUploadedFile("../../../../tmp/x\0y.pdf", PDF, "application/pdf")

    page = client.post(url, _submission(world, upload))

    assert page.status_code == 302
    names = sorted(DossierFile.objects.values_list("original_name", flat=True))
    assert names == ["to-khai.pdf", "xy.pdf"]
    dossier = Dossier.objects.get()
    assert {p.parent for p in _stored_paths(media)} == {media / "dossiers" / str(dossier.pk)}


# Oversize: refused by the size the upload declares, before its content is read ------------


def test_an_oversized_file_is_refused_on_the_page_and_nothing_is_stored(client, world, settings):
    settings.MOTCUA_MAX_UPLOAD_BYTES = 2_000_000
    big = PDF[:-6] + b" " * 2_000_000 + b"%%EOF\n"
    url = reverse("portal:online_submit", args=[world.version.procedure.code])

    page = client.post(url, _submission(world, SimpleUploadedFile("lon.pdf", big)))

    assert page.status_code == 400
    assert "Không chấp nhận tệp “lon.pdf”: tệp lớn hơn 2 MB." in page.text
    assert _counts() == (0, 0, 0)
    assert _stored(settings) == []


def test_an_oversized_api_body_is_refused_before_it_is_parsed(client, world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000_000
    _, token = api_token_create(name="Cổng", scope="write")

    response = client.post(
        "/api/v1/dossiers",
        b'{"documents": [{"content_base64": "' + b"A" * 2_000_000 + b'"}]}',
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "big-0001"},
    )

    assert response.status_code in (400, 413)
    assert _counts() == (0, 0, 0)
    assert _stored(settings) == []


# What is still accepted, so the checks do not refuse real scans -----------------------------


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        ("image/jpeg", JPEG),
        ("image/png", PNG),
        ("image/jpeg", _image("JPEG", (2480, 3508))),  # an A4 page at 300 dpi
        ("application/pdf", PDF),
        (
            "application/pdf",
            _pdf(
                b"<</Type/Catalog/Pages 2 0 R/URI<</Base(https://dichvucong.gov.vn/)>>>>",
                _stream(b"/Filter/FlateDecode", zlib.compress(b"BT /F1 12 Tf (Hello) Tj ET")),
                _stream(
                    b"/Type/ObjStm/N 1/First 4/Filter/FlateDecode",
                    zlib.compress(b"4 0 <</Type/Font/Subtype/Type1/BaseFont/Helvetica>>"),
                ),
            ),
        ),
    ],
)
def test_ordinary_documents_pass_the_content_checks(kind, data):
    assert check_content(kind, data) is None
    assert check_upload("tep", data)[0] == kind


def test_the_pdf_bomb_is_stopped_at_the_budget_not_unpacked_whole():
    bomb = _pdf(b"<</Type/Catalog>>", _stream(b"/Filter/FlateDecode", BOMB))

    with pytest.raises(FileRefused, match="giải nén ra dung lượng quá lớn"):
        check_upload("bom.pdf", bomb)

    assert len(bomb) < 1_000_000 < MAX_PDF_INFLATED
