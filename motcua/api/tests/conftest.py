"""Helpers for the API tests: a small world, tokens, and JSON requests with a token."""

import base64
import json

import pytest

from motcua.accounts.models import ApiToken, User
from motcua.accounts.services import api_token_create
from motcua.dossiers.tests.factories import World, build_world
from motcua.organization.models import Agency

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
# The start of a Windows program: "MZ", then the DOS stub.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\0" * 64


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def bearer(text: str) -> dict[str, str]:
    """Headers that send ``text`` as the API token."""
    return {"Authorization": f"Bearer {text}"}


def assert_error(response, status: int, code: str | None = None) -> dict:
    """The answer is a JSON error body with ``status`` (and ``code``); returns the body."""
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"code", "message", "fields"}
    assert isinstance(body["message"], str) and body["message"]
    assert isinstance(body["fields"], dict)
    if code is not None:
        assert body["code"] == code, body
    return body


def post_json(client, path: str, body, *, token: str | None = None, key: str | None = None, **kw):
    """POST ``body`` as JSON, with the token and the Idempotency-Key when given."""
    headers = dict(kw.pop("headers", {}))
    if token is not None:
        headers.update(bearer(token))
    if key is not None:
        headers["Idempotency-Key"] = key
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(path, data, content_type="application/json", headers=headers, **kw)


def get_json(client, path: str, params=None, *, token: str | None = None, **kw):
    headers = dict(kw.pop("headers", {}))
    if token is not None:
        headers.update(bearer(token))
    return client.get(path, params or {}, headers=headers, **kw)


@pytest.fixture
def world(db) -> World:
    """A district with a desk, a committee, two agencies offering an online procedure."""
    return build_world()


@pytest.fixture
def make_token(db):
    """``make_token(scope, agency=…, user=…)`` → (ApiToken, text)."""

    def make(
        scope: str = "read",
        *,
        agency: Agency | None = None,
        user: User | None = None,
        name: str = "Cổng dịch vụ công tỉnh",
    ) -> tuple[ApiToken, str]:
        return api_token_create(name=name, scope=scope, agency=agency, user=user)

    return make
