"""Pages meeting a database outage answer 503 in the visitor's language, not 500."""

import json

from django.db import IntegrityError, OperationalError
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import translation

from motcua.core.unavailable import DatabaseUnavailableMiddleware

middleware = DatabaseUnavailableMiddleware(lambda request: HttpResponse())


def test_a_page_meeting_a_lost_database_connection_answers_503_in_vietnamese():
    request = RequestFactory().get("/tra-cuu/")
    with translation.override("vi"):
        response = middleware.process_exception(request, OperationalError("server closed"))

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Content-Type"] == "text/html; charset=utf-8"
    page = response.content.decode()
    assert '<html lang="vi">' in page
    assert "<h1>Hệ thống tạm ngừng phục vụ</h1>" in page
    assert "Hệ thống tạm thời gián đoạn. Vui lòng thử lại sau ít phút." in page


def test_an_api_call_meeting_a_lost_connection_gets_the_json_error_in_english_if_asked():
    request = RequestFactory().get("/api/v1/procedures")
    with translation.override("en"):
        response = middleware.process_exception(request, OperationalError("refused"))

    assert response.status_code == 503
    assert json.loads(response.content) == {
        "code": "unavailable",
        "message": "The service is briefly unavailable. Please try again in a minute.",
        "fields": {},
    }


def test_other_database_errors_are_left_to_the_usual_server_error_page():
    request = RequestFactory().get("/")

    assert middleware.process_exception(request, IntegrityError("duplicate")) is None
    assert middleware.process_exception(request, ValueError("bug")) is None
