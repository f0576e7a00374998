"""Every answer of the API is JSON, errors included; limits, languages and the OpenAPI document."""

import re
import warnings

import pytest
from django.contrib.staticfiles import finders

from motcua.api.tests.conftest import PDF, assert_error, b64, get_json, post_json
from motcua.dossiers.models import Dossier
from motcua.feedback.models import Feedback

V1 = "/api/v1"


def _dossier(world) -> dict:
    required = world.version.components.get(required=True)
    return {
        "procedure": world.version.procedure.code,
        "agency": world.agency.identifier,
        "applicant": {"name": "Hoàng Thị Lan", "id_number": "008195001122", "phone": "0912345678"},
        "documents": [{"component_id": required.pk, "name": "a.pdf", "content_base64": b64(PDF)}],
        "consent": True,
    }


def _feedback(world) -> dict:
    return {
        "kind": "feedback",
        "topic": "facilities",
        "unit": world.agency.unit.code,
        "title": "Thiếu ghế chờ",
        "description": "Phòng chờ không đủ ghế ngồi.",
        "contact_name": "Trần Thị Bình",
        "contact_phone": "0912345678",
        "consent": True,
    }


# --- Never HTML --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", [f"{V1}/nope", f"{V1}/procedures/1.001193/nope", "/api/other", "/api/", "/api/v2/x"]
)
def test_unknown_addresses_are_json_404s(client, db, path):
    assert_error(client.get(path), 404, "not_found")
    assert_error(client.post(path, {}), 404, "not_found")


@pytest.mark.parametrize(
    ("method", "path"),
    [("delete", "/procedures"), ("put", "/dossiers"), ("get", "/feedback")],
)
def test_a_wrong_method_is_a_json_405(client, db, method, path):
    response = getattr(client, method)(V1 + path)
    assert_error(response, 405)
    assert response["Allow"]


def test_an_unexpected_failure_is_a_json_500_without_details(client, db, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("connection string postgres://secret")

    monkeypatch.setattr("motcua.api.routers.procedures.procedure_list_public", broken)
    response = client.get(f"{V1}/procedures")
    body = assert_error(response, 500, "server_error")
    assert "secret" not in response.content.decode() and "Traceback" not in body["message"]


def test_a_malformed_json_body_is_invalid(client, world, make_token):
    _, text = make_token("write")
    response = post_json(client, f"{V1}/dossiers", '{"procedure": ', token=text, key="bad-json-1")
    assert_error(response, 422, "invalid")
    assert not Dossier.objects.exists()


def test_wrong_types_are_named_field_by_field(client, world, make_token):
    _, text = make_token("write")
    body = {
        "procedure": ["1.001193"],
        "agency": world.agency.identifier,
        "applicant": {"name": "Lan", "kind": "robot"},
        "documents": [{"component_id": "first", "name": "a.pdf"}],
        "consent": "perhaps",
    }
    response = post_json(client, f"{V1}/dossiers", body, token=text, key="types-0001")
    fields = assert_error(response, 422, "invalid")["fields"]
    assert {
        "procedure",
        "applicant.kind",
        "documents.0.component_id",
        "documents.0.content_base64",
        "consent",
    } <= set(fields)
    assert all(isinstance(m, str) and m for messages in fields.values() for m in messages)


def test_a_body_over_the_limit_is_too_large(client, world, make_token, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2_000
    _, text = make_token("write")
    body = {**_feedback(world), "description": "x" * 3_000}
    response = post_json(client, f"{V1}/feedback", body, token=text)
    assert_error(response, 413, "too_large")
    assert not Feedback.objects.exists()


def test_a_document_of_a_size_the_portal_accepts_can_be_submitted(client, world, make_token):
    """The portal takes files up to MOTCUA_MAX_UPLOAD_BYTES (10 MB); in base64 in a JSON body
    the same scan must not be refused as too large."""
    _, text = make_token("write")
    scan = PDF[:-6] + b"\0" * 2_500_000 + PDF[-6:]
    body = _dossier(world)
    body["documents"][0]["content_base64"] = b64(scan)
    response = post_json(client, f"{V1}/dossiers", body, token=text, key="big-scan-01")
    assert response.status_code == 201, response.content[:300]
    assert Dossier.objects.get().files.get().size == len(scan)


@pytest.mark.parametrize("operation", ["submitDossier", "sendFeedback"])
def test_successful_answers_use_no_deprecated_ninja_api(client, world, make_token, operation):
    _, text = make_token("write")
    path, body = {
        "submitDossier": (f"{V1}/dossiers", _dossier(world)),
        "sendFeedback": (f"{V1}/feedback", _feedback(world)),
    }[operation]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        response = post_json(client, path, body, token=text, key="deprecation-1")
    assert [str(w.message) for w in caught if issubclass(w.category, DeprecationWarning)] == []
    assert response.status_code == 201, response.content


# --- Rate limits -------------------------------------------------------------------------


def test_anonymous_callers_are_limited_per_address(client, db, settings):
    settings.MOTCUA_API_REQUESTS_ANONYMOUS = 2
    for _ in range(2):
        assert client.get(f"{V1}/procedures").status_code == 200
    refused = client.get(f"{V1}/procedures")
    assert_error(refused, 429, "rate_limited")
    assert int(refused["Retry-After"]) == settings.MOTCUA_API_WINDOW_SECONDS
    other = client.get(f"{V1}/procedures", REMOTE_ADDR="10.20.30.40")
    assert other.status_code == 200


def test_a_token_is_limited_on_its_own_count(client, db, settings, make_token):
    settings.MOTCUA_API_REQUESTS_TOKEN = 2
    settings.MOTCUA_API_REQUESTS_ANONYMOUS = 100
    _, text = make_token("read")
    _, other = make_token("read", name="Khác")
    for _ in range(2):
        assert get_json(client, f"{V1}/procedures", token=text).status_code == 200
    refused = get_json(client, f"{V1}/procedures", token=text)
    assert_error(refused, 429, "rate_limited")
    assert refused["Retry-After"]
    assert get_json(client, f"{V1}/procedures", token=other).status_code == 200
    assert client.get(f"{V1}/procedures").status_code == 200


# --- Languages ---------------------------------------------------------------------------


def test_the_api_answers_in_english_when_asked(client, db):
    vi = client.get(f"{V1}/procedures/0.0")
    en = client.get(f"{V1}/procedures/0.0", headers={"Accept-Language": "en"})
    assert assert_error(en, 404)["message"] == "Nothing was found at this address."
    assert assert_error(vi, 404)["message"] != "Nothing was found at this address."
    assert vi.json()["code"] == en.json()["code"] == "not_found"
    invalid = get_json(client, f"{V1}/procedures", {"page": 0}, headers={"Accept-Language": "en"})
    assert assert_error(invalid, 422)["fields"] == {"page": ["Enter a value of at least 1."]}


def test_vietnamese_is_the_default_for_the_api(client, db):
    response = get_json(client, f"{V1}/procedures", {"page": "một"})
    assert assert_error(response, 422)["fields"] == {"page": ["Nhập một số nguyên."]}


# An English request and the Vietnamese the same request gets without Accept-Language.
VIETNAMESE = {
    "bad token": (
        "The API token is not valid or was revoked.",
        "Mã truy cập API không hợp lệ hoặc đã bị thu hồi.",
    ),
    "not found": ("Nothing was found at this address.", "Không tìm thấy nội dung tại địa chỉ này."),
    "invalid": ("Some values are not valid.", "Một số giá trị không hợp lệ."),
    "read only": ("This API token may only read.", "Mã truy cập API này chỉ được đọc."),
    "rate limited": (
        "Too many requests. Wait a minute and try again.",
        "Quá nhiều yêu cầu. Vui lòng chờ một phút rồi thử lại.",
    ),
}


@pytest.mark.parametrize("case", sorted(VIETNAMESE))
def test_error_messages_are_vietnamese_unless_english_is_asked(
    client, db, settings, make_token, case
):
    english, vietnamese = VIETNAMESE[case]
    _, reader = make_token("read")
    if case == "rate limited":
        settings.MOTCUA_API_REQUESTS_ANONYMOUS = 0

    def ask(language: str):
        headers = {"Accept-Language": language} if language else {}
        if case == "bad token":
            return get_json(client, f"{V1}/procedures", token="mc_x_y", headers=headers)
        if case == "not found":
            return get_json(client, f"{V1}/procedures/0.0", headers=headers)
        if case == "invalid":
            return get_json(client, f"{V1}/procedures", {"page": 0}, headers=headers)
        if case == "read only":
            body = {"procedure": "x", "agency": "y", "applicant": {"name": "z"}, "consent": True}
            path = f"{V1}/dossiers"
            return post_json(client, path, body, token=reader, key="read-only", headers=headers)
        return get_json(client, f"{V1}/procedures", headers=headers)

    in_english, by_default = ask("en"), ask("")
    assert in_english.json()["message"] == english
    assert by_default.json()["message"] == vietnamese
    assert in_english.json()["code"] == by_default.json()["code"]


def test_a_portal_page_stays_vietnamese_for_an_english_browser(client, db):
    page = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert page.status_code == 200
    assert '<html lang="vi"' in page.text
    assert "Trang chủ" in page.text


# --- The OpenAPI document and the docs page -----------------------------------------------

# What each operation can answer besides its success: a bad token (401) and bad input (422)
# anywhere, too many requests (429) anywhere, and what its rules refuse.
EXPECTED_ERRORS = {
    "searchProcedures": {401, 422, 429},
    "getProcedure": {401, 404, 429},
    "submitDossier": {400, 401, 403, 409, 413, 422, 429},
    "listDossiers": {401, 422, 429},
    "getDossier": {401, 404, 429},
    "actOnDossier": {401, 403, 404, 409, 422, 429},
    "lookupDossier": {401, 404, 422, 429},
    "computeDueDate": {401, 422, 429},
    "sendFeedback": {400, 401, 403, 409, 413, 422, 429},
    "followFeedback": {401, 404, 422, 429},
    "getPeriodicReport": {401, 403, 422, 429},
}


@pytest.fixture
def spec(client, db) -> dict:
    response = client.get(f"{V1}/openapi.json")
    assert response.status_code == 200
    return response.json()


def _operations(spec) -> dict[str, dict]:
    return {
        op["operationId"]: op
        for path in spec["paths"].values()
        for method, op in path.items()
        if method in ("get", "post", "put", "patch", "delete")
    }


def test_every_operation_has_an_operation_id(spec):
    ids = [
        op.get("operationId")
        for path in spec["paths"].values()
        for method, op in path.items()
        if method in ("get", "post", "put", "patch", "delete")
    ]
    assert all(ids) and len(ids) == len(set(ids))
    assert set(ids) == set(EXPECTED_ERRORS)


@pytest.mark.parametrize("operation", sorted(EXPECTED_ERRORS))
def test_every_operation_documents_the_errors_it_can_give(spec, operation):
    op = _operations(spec)[operation]
    documented = {int(status) for status in op["responses"] if status.startswith("4")}
    assert EXPECTED_ERRORS[operation] <= documented
    for status in documented:
        content = op["responses"][str(status)]["content"]["application/json"]["schema"]
        assert content == {"$ref": "#/components/schemas/ErrorOut"}
    error = spec["components"]["schemas"]["ErrorOut"]
    assert set(error["required"]) == {"code", "message", "fields"}


def test_the_docs_page_uses_only_local_files(client, db):
    page = client.get(f"{V1}/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert not re.search(r"https?://", html), re.findall(r"https?://[^\"' ]+", html)
    assert "//" not in " ".join(re.findall(r'(?:src|href)="(//[^"]*)"', html))
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    assert any(a.endswith(".js") for a in assets) and any(a.endswith(".css") for a in assets)
    for asset in assets:
        assert finders.find(asset.removeprefix("/static/")), asset
    assert f"{V1}/openapi.json" in html


def test_a_nul_in_a_page_address_is_answered_with_the_400_page(client, world):
    client.force_login(world.clerk)
    answer = client.get("/staff/tiep-nhan/", {"q": "ab\x00c"})
    assert answer.status_code == 400
    assert "Yêu cầu không hợp lệ" in answer.text
