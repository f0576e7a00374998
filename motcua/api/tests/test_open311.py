"""Open311 GeoReport v2: every endpoint in JSON and XML, checked against the standard's schemas.

The schemas are the standard's own files, kept with these tests (``open311_schemas``); XML
answers are turned into the JSON shapes and checked against the same schemas.
"""

import json
import re
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
import xmltodict
from django.conf import settings
from django.test import Client
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from motcua.accounts.services import api_token_create, api_token_revoke
from motcua.dossiers.tests.factories import MONDAY, World, build_world, vn
from motcua.feedback.enums import FeedbackAction, FeedbackChannel, FeedbackKind, Topic
from motcua.feedback.models import Feedback, FeedbackEvent
from motcua.feedback.services import feedback_reject
from motcua.feedback.tests.factories import answered, sent
from motcua.organization.enums import AgencyKind, UnitLevel
from motcua.organization.tests.factories import AgencyFactory, UnitFactory

pytestmark = pytest.mark.django_db

# The standard's own schemas, kept with the tests (see the README there).
SCHEMAS = Path(__file__).resolve().parent / "open311_schemas"
BASE = "/open311/v2"
NOW = vn(2026, 3, 9, 10)  # a week after the world's Monday
FORMATS = ["json", "xml"]
LISTS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
}
BOOLEANS = {"metadata", "variable", "required"}
REQUEST_FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]
# Shapes the standard describes on its wiki but ships no JSON Schema for.
ERRORS_SCHEMA = {
    "type": "array",
    "minItems": 1,
    "items": {
        "type": "object",
        "required": ["code", "description"],
        "additionalProperties": False,
        "properties": {"code": {"type": "integer"}, "description": {"type": "string"}},
    },
}
DISCOVERY_SCHEMA = {
    "type": "object",
    "required": ["changeset", "contact", "key_service", "endpoints"],
    "properties": {
        "changeset": {"type": "string", "format": "date-time"},
        "contact": {"type": "string"},
        "key_service": {"type": "string"},
        "endpoints": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["specification", "url", "changeset", "type", "formats"],
                "properties": {
                    "specification": {"const": "http://wiki.open311.org/GeoReport_v2"},
                    "url": {"type": "string", "format": "uri"},
                    "changeset": {"type": "string", "format": "date-time"},
                    "type": {"enum": ["production", "test"]},
                    "formats": {
                        "type": "array",
                        "items": {"enum": ["application/json", "text/xml"]},
                    },
                },
            },
        },
    },
}

_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
FORMAT_CHECKER = FormatChecker(formats=())


@FORMAT_CHECKER.checks("date-time", raises=ValueError)
def _date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    datetime.fromisoformat(value)
    return bool(_RFC3339.match(value))


@FORMAT_CHECKER.checks("uri")
def _uri(value: object) -> bool:
    return not isinstance(value, str) or re.match(r"^[a-z][a-z0-9+.-]*://\S+$", value) is not None


def _nullable(definition: dict) -> dict:
    """A Swagger 2.0 definition with its optional properties nullable (as the JSON Schemas)."""
    properties = {
        name: prop
        if name in definition.get("required", [])
        else {"anyOf": [prop, {"type": "null"}]}
        for name, prop in definition["properties"].items()
    }
    return {"type": "object", **definition, "properties": properties}


def _load_schemas() -> dict:
    if not SCHEMAS.is_dir():
        pytest.fail(
            f"The Open311 GeoReport v2 schemas are missing: expected them in {SCHEMAS} "
            "(request.json, requests.json, service.json, services.json, "
            "service-definition.json, swagger.json)."
        )
    contents = {path.name: json.loads(path.read_text()) for path in SCHEMAS.glob("*.json")}
    swagger = contents.pop("swagger.json")
    registry = Registry().with_resources(
        (name, Resource.from_contents(schema, default_specification=DRAFT202012))
        for name, schema in contents.items()
    )
    schemas = {name.removesuffix(".json"): schema for name, schema in contents.items()}
    schemas["created"] = {
        "type": "array",
        "items": _nullable(swagger["definitions"]["RequestResponse"]),
    }
    schemas["errors"] = ERRORS_SCHEMA
    schemas["discovery"] = DISCOVERY_SCHEMA
    return {"registry": registry, "schemas": schemas}


_LOADED: dict = {}


def valid(data: object, schema: str) -> object:
    """``data``, after checking it against the standard's schema called ``schema``."""
    if not _LOADED:
        _LOADED.update(_load_schemas())
    validator = Draft202012Validator(
        _LOADED["schemas"][schema], registry=_LOADED["registry"], format_checker=FORMAT_CHECKER
    )
    validator.validate(data)
    return data


def _plain(tag: str, value: object, parent: str = "") -> object:
    """An element parsed by xmltodict in the JSON shape: lists, numbers, booleans, null."""
    if tag in LISTS:
        items = value.get(LISTS[tag], []) if isinstance(value, dict) else []
        items = items if isinstance(items, list) else [items]
        return [_plain(LISTS[tag], item, tag) for item in items]
    if isinstance(value, dict):
        return {key: _plain(key, item, tag) for key, item in value.items()}
    if value is None:
        return None
    if tag in BOOLEANS:
        return {"true": True, "false": False}[value]
    if tag == "order" or (tag == "code" and parent == "error"):
        return int(value)
    if tag in ("lat", "long"):
        return float(value)
    return value


def body(response, schema: str, fmt: str) -> object:
    """The answer in the JSON shape, checked against ``schema`` (XML converted first)."""
    content_type = "application/json" if fmt == "json" else "text/xml"
    assert response["Content-Type"] == f"{content_type}; charset=utf-8"
    if fmt == "json":
        return valid(json.loads(response.content), schema)
    parsed = xmltodict.parse(response.content)
    ((root, value),) = parsed.items()
    return valid(_plain(root, value), schema)


def error_descriptions(response, fmt: str, status: int) -> list[str]:
    assert response.status_code == status, response.content
    errors = body(response, "errors", fmt)
    assert {error["code"] for error in errors} == {status}
    return [error["description"] for error in errors]


@pytest.fixture
def world(settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path
    return build_world()


@pytest.fixture
def now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture
def writer(world) -> str:
    return api_token_create(name="Ứng dụng phản ánh", scope="write")[1]


def published(world: World, **overrides) -> Feedback:
    feedback = answered(world, publish=True)
    Feedback.objects.filter(pk=feedback.pk).update(**overrides)
    feedback.refresh_from_db()
    return feedback


def private(world: World, **overrides) -> Feedback:
    """Not published, with everything personal a sender gives."""
    values = {
        "title": "Xin hỏi về hồ sơ của tôi",
        "description": "Hồ sơ của tôi, Trần Thị Bình, ở số 12 phố Chợ, chưa có kết quả.",
        "address": "Số 12 phố Chợ",
        "latitude": Decimal("22.15"),
        "longitude": Decimal("105.39"),
    }
    return sent(world, **{**values, **overrides})


W3C = "Hãy ghi ngày giờ theo W3C, ví dụ 2026-03-02T08:00:00+07:00."
PERSONAL = ["Trần Thị Bình", "0912345678", "binh@example.org", "Số 12 phố Chợ", "22.15", "105.39"]


def post(client: Client, fmt: str, data: dict, **headers):
    return client.post(f"{BASE}/requests.{fmt}", data, headers=headers)


def form(token: str, **overrides) -> dict:
    values = {
        "api_key": token,
        "service_code": "service_quality",
        "lat": "22.155",
        "long": "105.3921",
        "description": "Máy lấy số thứ tự hỏng cả buổi sáng.\nNgười dân phải chờ lâu.",
        "first_name": "Văn An",
        "last_name": "Nguyễn",
        "phone": "0912 345 678",
        "email": "an@example.org",
    }
    values.update(overrides)
    return {key: value for key, value in values.items() if value is not None}


# Discovery and services


@pytest.mark.parametrize("fmt", FORMATS)
def test_discovery_names_the_endpoint_and_its_formats(client, fmt):
    response = client.get(f"{BASE}/discovery.{fmt}")

    data = body(response, "discovery", fmt)
    (endpoint,) = data["endpoints"]
    assert endpoint["url"] == f"{settings.SITE_URL}/open311/v2"
    assert (endpoint["type"], endpoint["formats"]) == (
        "production",
        ["application/json", "text/xml"],
    )
    assert data["key_service"].startswith("Khóa API do ban quản trị")


@pytest.mark.parametrize("fmt", FORMATS)
def test_services_are_the_feedback_topics_in_vietnamese(client, fmt):
    data = body(client.get(f"{BASE}/services.{fmt}"), "services", fmt)

    assert [service["service_code"] for service in data] == Topic.values
    assert data[0] == {
        "service_code": "procedure",
        "service_name": "Thủ tục hành chính",
        "description": data[0]["description"],
        "metadata": True,
        "type": "realtime",
        "keywords": data[0]["keywords"],
        "group": "Phản ánh, kiến nghị, khiếu nại",
    }


def test_services_speak_english_when_asked(client):
    response = client.get(f"{BASE}/services.json", headers={"Accept-Language": "en"})

    assert body(response, "services", "json")[0]["service_name"] == "Administrative procedure"


@pytest.mark.parametrize("fmt", FORMATS)
def test_service_definition_offers_kind_unit_and_title(client, world, fmt):
    district = world.committee.unit

    data = body(client.get(f"{BASE}/services/facilities.{fmt}"), "service-definition", fmt)

    kind, unit, title = data["attributes"]
    assert data["service_code"] == "facilities"
    assert (kind["code"], kind["datatype"], kind["required"]) == ("kind", "singlevaluelist", False)
    assert kind["values"] == [
        {"key": "feedback", "name": "Phản ánh"},
        {"key": "recommendation", "name": "Kiến nghị"},
        {"key": "complaint", "name": "Khiếu nại"},
    ]
    # One root unit: it is the default, so the unit is not required.
    assert (unit["code"], unit["required"]) == ("unit", False)
    assert unit["values"] == [{"key": district.code, "name": district.name}]
    assert (title["code"], title["datatype"], title["required"]) == ("title", "string", False)
    assert [a["order"] for a in data["attributes"]] == [1, 2, 3]


def test_service_definition_requires_the_unit_when_several_roots_take_feedback(client, world):
    other = UnitFactory(level=UnitLevel.DISTRICT, name="Huyện Khác")
    AgencyFactory(unit=other, kind=AgencyKind.PEOPLES_COMMITTEE)

    data = body(client.get(f"{BASE}/services/other.json"), "service-definition", "json")

    unit = data["attributes"][1]
    assert unit["required"] is True
    assert [value["name"] for value in unit["values"]] == ["Huyện Khác", world.agency.unit.name]


@pytest.mark.parametrize("fmt", FORMATS)
def test_unknown_service_is_404_in_the_open311_format(client, fmt):
    response = client.get(f"{BASE}/services/potholes.{fmt}")

    assert error_descriptions(response, fmt, 404) == [
        "service_code: Không có dịch vụ nào có mã “potholes”."
    ]


# Reading requests


@pytest.mark.parametrize("fmt", FORMATS)
def test_request_list_shows_published_answers_with_the_portal_fields_only(client, world, now, fmt):
    public = published(world, title="Chờ lâu ở Bộ phận Một cửa")
    private(world)

    response = client.get(f"{BASE}/requests.{fmt}")

    (item,) = body(response, "requests", fmt)
    assert list(item) == REQUEST_FIELDS
    assert item == {
        **dict.fromkeys(REQUEST_FIELDS),
        "service_request_id": public.code,
        "status": "closed",
        "status_notes": "Đã chấn chỉnh, xin lỗi ông/bà.",
        "service_name": "Chất lượng phục vụ",
        "service_code": "service_quality",
        "description": "Chờ lâu ở Bộ phận Một cửa",
        "agency_responsible": "Phòng Tư pháp",
        "requested_datetime": "2026-03-02T09:00:00+07:00",
        "updated_datetime": "2026-03-02T09:00:00+07:00",
        "expected_datetime": item["expected_datetime"],
    }
    assert item["expected_datetime"] > item["requested_datetime"]
    assert not [text for text in PERSONAL if text.encode() in response.content]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("path", ["requests", "request"])
def test_an_unpublished_request_shows_its_status_and_dates_only(client, world, now, fmt, path):
    feedback = private(world)

    response = client.get(f"{BASE}/{path}/{feedback.code}.{fmt}")

    (item,) = body(response, "requests", fmt)
    assert item == {
        **dict.fromkeys(REQUEST_FIELDS),
        "service_request_id": feedback.code,
        "status": "open",
        "service_name": "Chất lượng phục vụ",
        "service_code": "service_quality",
        "agency_responsible": "UBND huyện",
        "requested_datetime": "2026-03-02T09:00:00+07:00",
        "updated_datetime": "2026-03-02T09:00:00+07:00",
        "expected_datetime": item["expected_datetime"],
    }
    assert not [text for text in PERSONAL if text.encode() in response.content]
    assert b"Xin h" not in response.content  # not even the title


def test_a_published_request_by_id_shows_the_answer(client, world, now):
    feedback = published(world)

    (item,) = body(client.get(f"{BASE}/requests/{feedback.code}.json"), "requests", "json")

    assert (item["status"], item["status_notes"]) == ("closed", "Đã chấn chỉnh, xin lỗi ông/bà.")


def test_a_rejected_request_is_closed_and_keeps_its_reason_private(client, world, now):
    feedback = feedback_reject(feedback=private(world), actor=world.leader, reason="Trùng lặp.")

    (item,) = body(client.get(f"{BASE}/requests/{feedback.code}.json"), "requests", "json")

    assert (item["status"], item["status_notes"]) == ("closed", None)


@pytest.mark.parametrize("fmt", FORMATS)
def test_unknown_request_is_404(client, fmt):
    response = client.get(f"{BASE}/requests/PA-260302-ZZZZ.{fmt}")

    assert error_descriptions(response, fmt, 404) == [
        "Không có yêu cầu nào có mã “PA-260302-ZZZZ”."
    ]


def test_service_request_ids_override_the_other_filters(client, world, now):
    public, hidden = published(world), private(world)
    ids = f"{hidden.code.lower()}, {public.code},PA-000000-NONE,<&>"

    response = client.get(
        f"{BASE}/requests.json",
        {"service_request_id": ids, "status": "nonsense", "start_date": "yesterday"},
    )

    items = body(response, "requests", "json")
    assert {item["service_request_id"]: item["description"] for item in items} == {
        public.code: public.title,
        hidden.code: None,
    }


def test_request_list_filters_by_service_code_and_status(client, world, now):
    closed = published(world)
    reopened = published(world, topic=Topic.FACILITIES, status="reopened")

    def codes(**query):
        response = client.get(f"{BASE}/requests.json", query)
        return [item["service_request_id"] for item in body(response, "requests", "json")]

    assert codes() == [reopened.code, closed.code]  # newest first (the higher pk)
    assert codes(status="open") == [reopened.code]
    assert codes(status="closed,open") == [reopened.code, closed.code]
    assert codes(service_code="service_quality") == [closed.code]
    assert codes(service_code="facilities,procedure", status="closed") == []


def test_request_list_covers_the_last_90_days_by_default(client, world, time_machine):
    feedback = published(world)
    time_machine.move_to(MONDAY + timedelta(days=91), tick=False)

    def codes(**query):
        response = client.get(f"{BASE}/requests.json", query)
        return [item["service_request_id"] for item in body(response, "requests", "json")]

    assert codes() == []
    assert codes(start_date="2026-03-01T00:00:00Z") == [feedback.code]
    assert codes(end_date="2026-03-02T09:00:00+07:00") == [feedback.code]
    assert codes(start_date="2026-03-02", end_date="2026-03-03") == [feedback.code]
    assert codes(start_date="2026-03-02T09:00:01+07:00") == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_request_list_lists_every_bad_filter(client, fmt):
    query = {"service_code": "potholes", "status": "pending", "start_date": "02/03/2026"}

    response = client.get(f"{BASE}/requests.{fmt}", query)

    assert error_descriptions(response, fmt, 400) == [
        "service_code: Không có dịch vụ nào có mã “potholes”.",
        "status: “pending” không phải là trạng thái: dùng open hoặc closed.",
        f"start_date: {W3C}",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-04-02T00:00:00Z"},
            "start_date/end_date: Hai mốc thời gian cách nhau tối đa 90 ngày.",
        ),
        (
            {"start_date": "2026-03-02T00:00:00Z", "end_date": "2026-03-01T00:00:00Z"},
            "end_date: Ngày kết thúc ở trước ngày bắt đầu.",
        ),
        ({"end_date": "2026-02-30T00:00:00Z"}, f"end_date: {W3C}"),
        ({"start_date": "9999-12-31T23:59:59Z"}, "start_date/end_date: Ngày nằm ngoài phạm vi."),
        ({"start_date": "0001-01-01T00:00:00+14:00"}, f"start_date: {W3C}"),
        (
            {"service_request_id": ",".join(["PA-260302-AAAA"] * 1001)},
            "service_request_id: Hãy ghi tối đa 1000 mã yêu cầu.",
        ),
    ],
)
def test_request_list_refuses_bad_periods(client, query, expected):
    descriptions = error_descriptions(client.get(f"{BASE}/requests.json", query), "json", 400)

    assert descriptions == [expected]


def test_errors_speak_english_when_asked(client):
    response = client.get(
        f"{BASE}/requests.json", {"status": "pending"}, headers={"Accept-Language": "en"}
    )

    assert error_descriptions(response, "json", 400) == [
        "status: “pending” is not a status: use open or closed."
    ]


def test_xml_carries_any_text_safely(client, world, now):
    feedback = published(world, title='A <b>&amp;</b> \x01 "ý" ]]>', answer="x < y & z")

    (item,) = body(client.get(f"{BASE}/requests.xml"), "requests", "xml")

    assert (item["service_request_id"], item["description"]) == (
        feedback.code,
        'A <b>&amp;</b>  "ý" ]]>',
    )
    assert item["status_notes"] == "x < y & z"


# Creating requests


@pytest.mark.parametrize("fmt", FORMATS)
def test_post_creates_feedback_received_through_the_api(client, world, now, writer, fmt):
    response = post(client, fmt, form(writer, **{"attribute[title]": "Máy lấy số hỏng"}))

    assert response.status_code == 200, response.content
    (created,) = body(response, "created", fmt)
    feedback = Feedback.objects.get()
    assert created["service_request_id"] == feedback.code
    assert created["account_id"] is None
    assert feedback.code in created["service_notice"]
    assert feedback.lookup_secret in created["service_notice"]
    assert created["service_notice"].startswith("Đã nhận phản ánh của bạn.")
    assert (feedback.channel, feedback.kind, feedback.topic) == (
        FeedbackChannel.API,
        FeedbackKind.FEEDBACK,
        Topic.SERVICE_QUALITY,
    )
    assert (feedback.unit, feedback.agency) == (world.committee.unit, world.committee)
    assert (feedback.title, feedback.latitude, feedback.longitude) == (
        "Máy lấy số hỏng",
        Decimal("22.155000"),
        Decimal("105.392100"),
    )
    assert (feedback.contact_name, feedback.contact_phone, feedback.contact_email) == (
        "Nguyễn Văn An",
        "0912345678",
        "an@example.org",
    )
    assert feedback.consented_at == now
    assert list(FeedbackEvent.objects.values_list("feedback", "action")) == [
        (feedback.pk, FeedbackAction.SUBMIT)
    ]


def test_post_without_a_title_takes_the_start_of_the_description(client, world, now, writer):
    description = "Phòng chờ " + "rất nóng vì quạt hỏng " * 10

    response = post(client, "json", form(writer, description=description, email=None))

    assert response.status_code == 200, response.content
    title = Feedback.objects.get().title
    assert (
        title == "Phòng chờ rất nóng vì quạt hỏng rất nóng vì quạt hỏng rất nóng vì quạt hỏng rất…"
    )


def test_post_anonymous_feedback_with_an_address_and_a_media_link(client, world, now, writer):
    data = form(
        writer,
        lat=None,
        long=None,
        first_name=None,
        last_name=None,
        phone=None,
        email=None,
        address_string="Bộ phận Một cửa huyện",
        media_url="https://example.org/anh.jpg",
        **{"attribute[kind]": "recommendation"},
    )

    assert post(client, "json", data).status_code == 200
    feedback = Feedback.objects.get()
    assert (feedback.anonymous, feedback.kind, feedback.address) == (
        True,
        FeedbackKind.RECOMMENDATION,
        "Bộ phận Một cửa huyện",
    )
    assert feedback.latitude is None
    assert feedback.description.endswith(
        "Liên kết tư liệu do người gửi cung cấp (chưa kiểm tra): https://example.org/anh.jpg"
    )


def test_post_about_a_commune_goes_to_its_committee(client, world, now, writer):
    commune = UnitFactory(parent=world.committee.unit, name="Xã Thượng Lâm")
    committee = AgencyFactory(unit=commune, kind=AgencyKind.PEOPLES_COMMITTEE)

    response = post(client, "xml", form(writer, **{"attribute[unit]": commune.code}))

    assert response.status_code == 200, response.content
    assert (Feedback.objects.get().unit, Feedback.objects.get().agency) == (commune, committee)


def test_a_key_limited_to_an_agency_sends_feedback_about_its_unit_only(client, world, now):
    elsewhere = UnitFactory(level=UnitLevel.DISTRICT, name="Huyện Khác")
    AgencyFactory(unit=elsewhere, kind=AgencyKind.PEOPLES_COMMITTEE)
    _, key = api_token_create(name="App xã", scope="write", agency=world.committee)

    refused = post(client, "json", form(key, **{"attribute[unit]": elsewhere.code}))
    sent_without_unit = post(client, "json", form(key))

    assert error_descriptions(refused, "json", 403) == [
        f"attribute[unit]: Khóa API này chỉ gửi được phản ánh về {world.committee.unit.name} "
        "và các đơn vị trực thuộc."
    ]
    assert sent_without_unit.status_code == 200
    assert Feedback.objects.get().unit == world.committee.unit


def test_the_same_idempotency_key_gives_the_same_request(client, world, now, writer):
    first = post(client, "json", form(writer), **{"Idempotency-Key": "lan-gui-1"})
    again = post(client, "json", form(writer), **{"Idempotency-Key": "lan-gui-1"})
    changed = post(
        client, "json", form(writer, description="Khác hẳn."), **{"Idempotency-Key": "lan-gui-1"}
    )
    other_key = api_token_create(name="Ứng dụng khác", scope="write")[1]
    other = post(client, "json", form(other_key), **{"Idempotency-Key": "lan-gui-1"})

    assert first.json() == again.json()
    assert error_descriptions(changed, "json", 409) == [
        "Idempotency-Key: Mã gửi này đã được dùng cho một phản ánh khác."
    ]
    assert other.json()[0]["service_request_id"] != first.json()[0]["service_request_id"]
    assert Feedback.objects.count() == 2
    assert Feedback.objects.filter(idempotency_key__startswith="open311:").count() == 2


@pytest.mark.parametrize("fmt", FORMATS)
def test_post_needs_an_api_key(client, world, fmt):
    response = post(client, fmt, form(None))

    assert error_descriptions(response, fmt, 403) == ["api_key: Hãy gửi khóa API để tạo yêu cầu."]
    assert not Feedback.objects.exists()


def test_post_refuses_a_read_only_key(client, world):
    _, key = api_token_create(name="Chỉ đọc", scope="read")

    response = post(client, "json", form(key))

    assert error_descriptions(response, "json", 403) == [
        "api_key: Khóa API này chỉ được đọc; muốn tạo yêu cầu cần khóa có quyền ghi."
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_revoked_or_wrong_key_is_refused_in_english_when_asked(client, world, fmt):
    token, key = api_token_create(name="Đã thu hồi", scope="write")
    api_token_revoke(token=token)

    for raw in (key, "mc_nothing_here", "\x00\xff" * 3):
        response = client.post(
            f"{BASE}/requests.{fmt}", form(raw), headers={"Accept-Language": "en"}
        )
        assert error_descriptions(response, fmt, 403) == [
            "api_key: The API key is not valid or was revoked."
        ]


def test_post_lists_every_problem_at_once(client, world, writer):
    data = {"api_key": writer, "description": "", "attribute[colour]": "red"}

    response = post(client, "json", data)

    assert error_descriptions(response, "json", 400) == [
        "service_code: Hãy ghi mã của một dịch vụ trong services.json.",
        "attribute[colour]: Không có thuộc tính này.",
        "lat/long: Hãy cho biết vị trí: lat và long, address_string hoặc address_id.",
        "description: Hãy mô tả nội dung (tối đa 5.000 ký tự).",
    ]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"service_code": "potholes"}, "service_code: Không có dịch vụ nào có mã “potholes”."),
        ({"lat": "91"}, "lat: Hãy ghi một số từ -90 đến 90, ví dụ 21.028511."),
        ({"lat": "NaN"}, "lat: Hãy ghi một số từ -90 đến 90, ví dụ 21.028511."),
        ({"long": "-inf"}, "long: Hãy ghi một số từ -180 đến 180, ví dụ 21.028511."),
        ({"long": "sNaN"}, "long: Hãy ghi một số từ -180 đến 180, ví dụ 21.028511."),
        ({"lat": "21,5"}, "lat: Hãy ghi một số từ -90 đến 90, ví dụ 21.028511."),
        ({"long": None}, "lat/long: Hãy cho cả lat và long, hoặc không cho cả hai."),
        (
            {"lat": None, "long": None},
            "lat/long: Hãy cho biết vị trí: lat và long, address_string hoặc address_id.",
        ),
        (
            {"attribute[kind]": "praise"},
            "attribute[kind]: Hãy chọn một trong: feedback, recommendation, complaint.",
        ),
        (
            {"attribute[unit]": "NOWHERE"},
            "attribute[unit]: Hãy chọn đơn vị hành chính liên quan (xem định nghĩa dịch vụ).",
        ),
        (
            {"media_url": "ftp://example.org/a"},
            "media_url: Hãy ghi một địa chỉ web bắt đầu bằng http:// hoặc https://.",
        ),
        ({"email": "x" * 250 + "@example.org"}, "email: Hãy ghi tối đa 254 ký tự."),
        (
            {"phone": "12345"},
            "phone: Nhập số điện thoại gồm 10 chữ số, bắt đầu bằng số 0, ví dụ 0912345678.",
        ),
        (
            {"attribute[title]": "T" * 201},
            "attribute[title]: Hãy nhập tiêu đề ngắn gọn (tối đa 200 ký tự).",
        ),
        ({"description": "x" * 5001}, "description: Hãy mô tả nội dung (tối đa 5.000 ký tự)."),
        (
            {"jurisdiction_id": "hanoi.gov.vn"},
            "jurisdiction_id: Máy chủ này chỉ phục vụ khu vực “127.0.0.1”.",
        ),
    ],
)
def test_post_refuses_bad_parameters(client, world, writer, settings, overrides, expected):
    settings.SITE_URL = "http://127.0.0.1:8000"

    response = post(client, "json", form(writer, **overrides))

    status = 404 if "jurisdiction_id" in overrides else 400
    assert error_descriptions(response, "json", status) == [expected]
    assert not Feedback.objects.exists()


def test_a_complaint_needs_the_name_of_the_complainant(client, world, writer):
    data = form(writer, first_name=None, last_name=None, **{"attribute[kind]": "complaint"})

    response = post(client, "json", data)

    assert error_descriptions(response, "json", 400) == [
        "first_name/last_name: Đơn khiếu nại phải ghi rõ họ tên người khiếu nại."
    ]


def test_the_jurisdiction_of_the_site_is_accepted(client, world, now, writer, settings):
    settings.SITE_URL = "https://motcua.example.gov.vn"

    for jurisdiction in ("", "motcua.example.gov.vn", "MOTCUA.example.gov.vn"):
        assert post(client, "json", form(writer, jurisdiction_id=jurisdiction)).status_code == 200
    response = client.get(f"{BASE}/services.json", {"jurisdiction_id": "elsewhere.vn"})
    assert response.status_code == 404


# Whatever is sent, an Open311 answer


@pytest.mark.parametrize(
    "data",
    [
        {"lat": "1e999999999", "long": "-1e-999999999"},
        {"lat": "9" * 100_000, "long": "0x10"},
        {"description": "\x00" * 10, "address_string": "\x00"},
        {"first_name": "A" * 300, "last_name": "B" * 300},
        {"service_code": "\udcff".encode("utf-8", "surrogatepass").decode("latin-1")},
        {"attribute[]": "x", "attribute[unit][]": ["a", "b"], "attribute[[]]": "y"},
        {"address_id": "z" * 101, "lat": None, "long": None},
        {"media_url": "http://" + "a" * 600},
    ],
)
def test_garbage_in_a_post_is_answered_in_the_open311_format(client, world, writer, data):
    response = post(client, "json", form(writer, **data))

    assert error_descriptions(response, "json", 400)
    assert not Feedback.objects.exists()


@pytest.mark.parametrize(
    "query",
    [
        "start_date=%FF%FE&end_date=%00",
        "service_request_id=%00,%ff",
        "service_code=%C3%28",
        "status=" + "open," * 5000,
        "start_date=2026-13-45T99:99:99Z",
        "end_date=-0001-01-01",
        "start_date=" + "9" * 10_000,
    ],
)
def test_garbage_in_a_query_is_answered_in_the_open311_format(client, query):
    response = client.get(f"{BASE}/requests.json?{query}")

    assert response.status_code in (200, 400)
    body(response, "requests" if response.status_code == 200 else "errors", "json")


def test_control_characters_are_dropped_from_what_is_stored(client, world, now, writer):
    data = form(writer, description="Quạt\x00 hỏng\x1b\r\nở phòng chờ", address_string="\x00Chợ")

    assert post(client, "json", data).status_code == 200
    feedback = Feedback.objects.get()
    assert (feedback.title, feedback.description, feedback.address) == (
        "Quạt hỏng",
        "Quạt hỏng\r\nở phòng chờ",
        "Chợ",
    )


def test_a_body_that_is_not_utf8_is_answered(client, world, writer):
    raw = f"api_key={writer}&service_code=other&description=%FF%FE&lat=1&long=2".encode()

    response = client.post(
        f"{BASE}/requests.json", raw + b"\xff\xfe", content_type="application/x-www-form-urlencoded"
    )

    assert error_descriptions(response, "json", 400) == [
        "long: Hãy ghi một số từ -180 đến 180, ví dụ 21.028511."
    ]


def test_a_body_too_large_is_413(client, world, writer, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = post(client, "xml", form(writer, description="x" * 2000))

    assert error_descriptions(response, "xml", 413) == ["Yêu cầu quá lớn, máy chủ không nhận."]


@pytest.mark.parametrize("path", ["/requests/%00.json", "/requests/..json", "/services/%FF.xml"])
def test_garbage_in_the_path_is_404(client, path):
    fmt = path.rsplit(".", 1)[1]

    assert error_descriptions(client.get(BASE + path), fmt, 404)


@pytest.mark.parametrize("path", ["/nothing.json", "/services.html", "/services", "/tokens/1.xml"])
def test_addresses_not_served_are_404_in_the_open311_format(client, path):
    fmt = "xml" if path.endswith(".xml") else "json"

    assert error_descriptions(client.get(BASE + path), fmt, 404) == [
        "Không có gì ở địa chỉ này; xem http://wiki.open311.org/GeoReport_v2."
    ]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("put", "/requests", "GET, POST"),
        ("delete", "/requests", "GET, POST"),
        ("patch", "/requests/PA-260302-ABCD", "GET"),
        ("post", "/services", "GET"),
        ("options", "/services/other", "GET"),
        ("head", "/discovery", "GET"),
    ],
)
def test_other_methods_are_405(client, fmt, method, path, allowed):
    response = getattr(client, method)(f"{BASE}{path}.{fmt}")

    assert response.status_code == 405
    assert response["Allow"] == allowed
    if method != "head":
        assert error_descriptions(response, fmt, 405) == [f"Địa chỉ này chỉ trả lời {allowed}."]


@pytest.mark.parametrize("fmt", FORMATS)
def test_too_many_requests_are_429_with_retry_after(client, settings, fmt):
    settings.MOTCUA_API_REQUESTS_ANONYMOUS = 2
    settings.MOTCUA_API_WINDOW_SECONDS = 30

    answers = [client.get(f"{BASE}/services.{fmt}") for _ in range(3)]

    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert answers[2]["Retry-After"] == "30"
    assert error_descriptions(answers[2], fmt, 429) == [
        "Quá nhiều yêu cầu: hãy chờ 30 giây rồi thử lại."
    ]


def test_a_key_is_counted_on_its_own(client, world, now, writer, settings):
    settings.MOTCUA_API_REQUESTS_TOKEN = 1
    settings.MOTCUA_API_REQUESTS_ANONYMOUS = 100

    first = post(client, "json", form(writer))
    second = post(client, "json", form(writer))
    anonymous = client.get(f"{BASE}/services.json")

    assert (first.status_code, second.status_code, anonymous.status_code) == (200, 429, 200)
