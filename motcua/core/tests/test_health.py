import pytest
from django.db import connections


@pytest.mark.django_db
def test_healthy_node_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_failing_database_makes_the_node_unavailable(client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("connection refused")

    monkeypatch.setattr(connections["default"], "cursor", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "failing"


@pytest.mark.django_db
def test_a_failing_cache_makes_the_node_unavailable(client, monkeypatch):
    from django.core.cache import cache

    monkeypatch.setattr(cache, "get", lambda *a, **k: None)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == "failing"


def test_only_get(client):
    assert client.post("/healthz").status_code == 405
