"""A database that cannot take the write answers 503 with a clear message, not 500."""

import pytest
from django.db import connection

from motcua.api.tests.conftest import PDF, assert_error, b64, post_json
from motcua.dossiers.models import Dossier

# No test transaction around it: each request runs in its own, as on a server.
pytestmark = pytest.mark.django_db(transaction=True)


def _body(world) -> dict:
    required = world.version.components.get(required=True)
    return {
        "procedure": world.version.procedure.code,
        "agency": world.agency.identifier,
        "applicant": {"name": "Hoàng Thị Lan", "id_number": "008195001122", "phone": "0912345678"},
        "documents": [{"component_id": required.pk, "name": "a.pdf", "content_base64": b64(PDF)}],
        "consent": True,
    }


def _read_only(on: bool) -> None:
    """This connection may read but not write (maintenance, a replica), or again write."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SET default_transaction_read_only = {'on' if on else 'off'}")
        else:
            cursor.execute(f"PRAGMA query_only = {'ON' if on else 'OFF'}")


def test_a_submission_while_the_database_is_read_only_is_refused_with_503(
    client, world, make_token
):
    _token, text = make_token("write")
    _read_only(True)
    try:
        response = post_json(client, "/api/v1/dossiers", _body(world), token=text, key="ro-0001")
    finally:
        _read_only(False)

    body = assert_error(response, 503, "unavailable")
    assert response["Retry-After"] == "30"
    if connection.vendor == "postgresql":
        assert body["message"] == (
            "Hệ thống đang bảo trì nên tạm thời chưa lưu được thay đổi. "
            "Vui lòng thử lại sau; bạn vẫn có thể tra cứu hồ sơ."
        )
    else:  # SQLite says only that it cannot write
        assert body["message"] == "Hệ thống tạm thời gián đoạn. Vui lòng thử lại sau ít phút."
    assert not Dossier.objects.exists()
