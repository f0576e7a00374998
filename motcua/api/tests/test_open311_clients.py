"""Open311 client libraries from PyPI against the running server.

The server is pytest-django's live server; every connection is checked to stay on the
loopback interface, and proxies from the environment are switched off.
"""

import ipaddress
import socket
from urllib.parse import urlsplit

import pytest
from civicbot.http import HttpTransport, RateLimiter
from civicbot.open311 import Open311Client
from civicbot.registry import Endpoint
from georeport import GeoReport

from motcua.accounts.services import api_token_create
from motcua.api.tests.test_open311 import private, published
from motcua.dossiers.tests.factories import World, build_world
from motcua.feedback.enums import FeedbackChannel, FeedbackKind, Topic
from motcua.feedback.models import Feedback

pytestmark = pytest.mark.django_db(transaction=True)

PROXIES = ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")
# Requests made in the world's week of March 2026, as the GeoReport filters are written.
MARCH = {"start_date": "2026-03-01T00:00:00+07:00", "end_date": "2026-03-31T00:00:00+07:00"}


@pytest.fixture
def loopback_only(monkeypatch):
    """Fail any connection to an address off this machine."""
    connect = socket.socket.connect

    def guarded(sock: socket.socket, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6):
            host = address[0]
            if not ipaddress.ip_address(host).is_loopback:
                raise AssertionError(f"a test tried to reach {address}")
        return connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)
    for name in PROXIES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


@pytest.fixture
def root(live_server, loopback_only) -> str:
    url = urlsplit(live_server.url)
    assert url.hostname in ("localhost", "127.0.0.1")
    return f"http://127.0.0.1:{url.port}/open311/v2"


@pytest.fixture
def world(settings, tmp_path) -> World:
    settings.MEDIA_ROOT = tmp_path
    return build_world()


@pytest.fixture
def civicbot(root) -> Open311Client:
    endpoint = Endpoint(id="motcua", name="Một Cửa", base_url=root, write=True)
    return Open311Client(
        endpoint, transport=HttpTransport(rate_limiter=RateLimiter(min_interval=0))
    )


def test_civicbot_reads_the_services_and_their_definition(civicbot, world):
    services = civicbot.list_services()
    definition = civicbot.get_service_definition("facilities")

    assert [service["service_code"] for service in services] == Topic.values
    assert services[3]["service_name"] == "Cơ sở vật chất"
    assert [attribute["code"] for attribute in definition["attributes"]] == [
        "kind",
        "unit",
        "title",
    ]


def test_civicbot_files_a_request_and_follows_it(civicbot, world):
    _, key = api_token_create(name="civicbot", scope="write")
    unit = world.committee.unit

    prepared = civicbot.create_request(
        "facilities",
        dry_run=False,
        confirm="SEND",
        api_key=key,
        validate_remote=True,  # checked against our services and definition first
        lat=22.155,
        lng=105.3921,
        description="Biển chỉ dẫn ở sảnh bị đổ.",
        attributes={"kind": "recommendation", "unit": unit.code},
        first_name="Văn An",
        last_name="Nguyễn",
        phone="0912345678",
    )

    (created,) = prepared.response
    feedback = Feedback.objects.get(code=created["service_request_id"])
    assert (feedback.channel, feedback.kind, feedback.unit) == (
        FeedbackChannel.API,
        FeedbackKind.RECOMMENDATION,
        unit,
    )
    assert feedback.title == "Biển chỉ dẫn ở sảnh bị đổ."
    followed = civicbot.get_request(created["service_request_id"])
    assert (followed["status"], followed["description"]) == ("open", None)
    listed = civicbot.list_requests(service_request_ids=[feedback.code])
    assert [item["service_request_id"] for item in listed] == [feedback.code]


def test_civicbot_files_an_anonymous_request_by_address(civicbot, world):
    _, key = api_token_create(name="civicbot", scope="write")

    prepared = civicbot.create_request(
        "other",
        dry_run=False,
        confirm="SEND",
        api_key=key,
        address_string="Sảnh UBND huyện",
        description="Nên có thêm ghế chờ.",
    )

    (created,) = prepared.response
    feedback = Feedback.objects.get(code=created["service_request_id"])
    assert (feedback.anonymous, feedback.address) == (True, "Sảnh UBND huyện")


def _items(value, element: str) -> list:
    """xmltodict gives one child as a dict and several as a list; JSON always a list."""
    if isinstance(value, dict) and element in value:
        value = value[element]
    return value if isinstance(value, list) else [value]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_georeport_reads_services_definitions_and_requests(root, world, fmt):
    first, second = published(world), published(world, topic=Topic.PROCEDURE)
    hidden = private(world)
    _, key = api_token_create(name="georeport", scope="read")
    client = GeoReport(root, api_key=key, output_format=fmt)

    services = client.get_service_list()
    definition = client.get_service_definition("procedure")
    listed = client.get_service_requests(**MARCH)
    procedures = client.get_service_requests(service_code="procedure", status="closed", **MARCH)
    by_ids = client.get_service_requests(service_request_id=f"{hidden.code},{first.code}")
    one = client.get_service_request(hidden.code)

    assert [service["service_code"] for service in services] == Topic.values
    attributes = _items(definition["attributes"], "attribute")
    assert [attribute["code"] for attribute in attributes] == ["kind", "unit", "title"]
    kinds = _items(attributes[0]["values"], "value")
    assert [value["key"] for value in kinds] == ["feedback", "recommendation", "complaint"]
    assert [item["service_request_id"] for item in listed] == [second.code, first.code]
    assert [item["service_request_id"] for item in _items(procedures, "request")] == [second.code]
    assert {item["service_request_id"]: item["description"] for item in by_ids} == {
        hidden.code: None,
        first.code: first.title,
    }
    assert (one["service_request_id"], one["status"], one["description"]) == (
        hidden.code,
        "open",
        None,
    )
