"""`/healthz`: database, cache and the upstream circuit, in JSON, without calling the upstream."""

import socket

import pytest
from django.db import OperationalError, connection
from django.test import override_settings

from sessions_app.upstream.client import get_client
from sessions_app.upstream.errors import UpstreamUnavailable

pytestmark = pytest.mark.django_db


def test_healthy_portal_says_ok_without_calling_the_upstream(client, sandbox):
    sandbox.reset_stats()
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "upstream_circuit": "closed",
        "upstream_config": "ok",
        "event_timezone": "unknown (no event read yet)",
    }
    assert "no-store" in response["Cache-Control"]
    assert sandbox.stats()["requests"] == {}


def test_open_circuit_is_degraded_but_still_200(client, sandbox, settings):
    settings.UPSTREAM_CIRCUIT_FAILURES = 2
    settings.UPSTREAM_GET_RETRIES = 0
    sandbox.set_fault(mode="status", status=503)
    for _ in range(2):
        with pytest.raises(UpstreamUnavailable):
            get_client().event()
    sandbox.reset_stats()
    response = client.get("/healthz")
    assert response.status_code == 200, "this copy still serves cached pages: keep it"
    assert response.json()["status"] == "degraded"
    assert response.json()["upstream_circuit"] == "open"
    assert sandbox.stats()["requests"] == {}, "a health check never probes the upstream"


def test_database_down_fails_the_check(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "fail" and response.json()["database"] == "fail"
    assert "could not connect" not in response.content.decode(), "states only, no errors"


def test_a_cache_without_a_fallback_that_fails_fails_the_check(client):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))  # refuses connections
        location = f"redis://:secret-password@127.0.0.1:{sock.getsockname()[1]}/0"
        redis_down = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": location,
            }
        }
        with override_settings(CACHES=redis_down):
            response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "fail",
        "database": "ok",
        "cache": "fail",
        "upstream_circuit": "unknown",
        "upstream_config": "ok",
        "event_timezone": "unknown (no event read yet)",
    }
    assert "secret-password" not in response.content.decode()


def test_health_answers_plain_http_behind_an_https_redirect(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200, "load balancers probe over HTTP"
    assert client.get("/sign-in/").status_code == 301


def test_redis_down_with_the_portals_backend_is_degraded_and_still_200(client):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        location = f"redis://:secret-password@127.0.0.1:{sock.getsockname()[1]}/0"
        portal_redis = {
            "default": {"BACKEND": "portal.redis_cache.RedisCache", "LOCATION": location}
        }
        with override_settings(CACHES=portal_redis):
            response = client.get("/healthz")
    assert response.status_code == 200, "this copy still serves pages from the upstream"
    body = response.json()
    assert (body["status"], body["database"], body["cache"]) == ("degraded", "ok", "degraded")
    assert body["upstream_circuit"] == "closed"
    assert "secret-password" not in response.content.decode()
