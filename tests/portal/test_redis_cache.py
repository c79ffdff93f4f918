"""Redis unreachable: the portal carries on without it (portal/redis_cache.py).

The portal under test is pointed at a Redis that is not there (a port where nothing listens) or
reached through a proxy the test cuts; the shared Redis server itself is never touched."""

import logging
import time
from urllib.parse import urlsplit

import pytest
import redis
from django.contrib.sessions.backends.cached_db import KEY_PREFIX as SESSION_PREFIX
from django.core.cache import cache

from portal import redis_cache, redis_fallback
from sandbox.demo import ACCOUNTS, SESSION_IDS
from tests.fault_helpers import closed_port
from tests.portal_helpers import KEEP_BOTH, sign_in
from tests.tcp_proxy import TcpProxy
from tests.test_production_stack import on_services

pytestmark = pytest.mark.django_db

OPEN = SESSION_IDS["accessible-venues"]  # live, open to every ticket
FAST = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}


def portal_redis(location: str) -> dict:
    backend = "portal.redis_cache.RedisCache"
    return {"default": {"BACKEND": backend, "LOCATION": location, "OPTIONS": FAST}}


@pytest.fixture
def redis_gone(settings):
    with closed_port() as port:
        settings.CACHES = portal_redis(f"redis://:secret-password@127.0.0.1:{port}/0")
        yield


def test_without_redis_an_attendee_signs_in_browses_joins_and_signs_out(
    client, sandbox, redis_gone, caplog
):
    caplog.set_level(logging.INFO)
    sign_in(client, "vip")
    assert client.get("/?format=all").status_code == 200
    joined = client.post(f"/sessions/{OPEN}/join/", KEEP_BOTH)
    assert (joined.status_code, joined["Location"]) == (302, f"/sessions/{OPEN}/")
    assert 'id="player-slot"' in client.get(f"/sessions/{OPEN}/").content.decode()
    assert f'id="my-session-{OPEN}"' in client.get("/my-sessions/").content.decode()

    health = client.get("/healthz")
    assert health.status_code == 200, "this copy still serves: a balancer must keep it"
    assert health.json()["status"] == "degraded" and health.json()["cache"] == "degraded"

    assert client.post("/sign-out/").status_code == 302
    assert client.get("/my-sessions/").status_code == 302, "signed out for good"
    outage_lines = [r for r in caplog.records if r.name == "portal.cache"]
    assert len(outage_lines) == 1, "one line when the outage starts, not one per operation"
    assert "cache unreachable (ConnectionError)" in outage_lines[0].getMessage()
    assert "secret-password" not in caplog.text


def test_without_redis_sign_in_limits_hold_per_process_and_stricter(
    client, sandbox, redis_gone, settings
):
    settings.SIGNIN_RATE_LIMIT = 4
    gina = ACCOUNTS["general"]
    for _ in range(2):
        wrong = client.post("/sign-in/", {"email": gina["email"], "password": "wrong-pass-1"})
        assert wrong.status_code == 200
    sandbox.reset_stats()
    blocked = client.post("/sign-in/", {"email": gina["email"], "password": gina["password"]})
    assert blocked.status_code == 429, "half the limit while each process counts alone"
    assert sandbox.stats()["requests"] == {}


def test_without_redis_the_upstream_is_read_again_within_seconds(
    client, sandbox, redis_gone, monkeypatch
):
    monkeypatch.setattr(redis_fallback, "FALLBACK_DATA_SECONDS", 1)
    sign_in(client, "vip")
    client.get("/my-sessions/")
    sandbox.reset_stats()
    time.sleep(1.1)
    client.get("/my-sessions/")
    assert sandbox.stats()["requests"], "a local copy is kept seconds, not the cache TTL"


@on_services
def test_when_redis_answers_again_what_changed_meanwhile_is_retired_there(settings, monkeypatch):
    real = settings.CACHES["default"]["LOCATION"]
    parts = urlsplit(real)
    direct = redis.Redis.from_url(real)
    monkeypatch.setattr(redis_cache, "RETRY_SECONDS", 0.1)
    session_key, listed, counter = f"{SESSION_PREFIX}abc", "portal:test:list", "portal:test:n"
    with TcpProxy(parts.hostname, parts.port or 6379) as proxy:
        settings.CACHES = portal_redis(f"redis://127.0.0.1:{proxy.port}{parts.path}")
        cache.set(session_key, {"signed": "in"})
        cache.set(listed, "before the join")
        cache.add(counter, 0)
        cache.incr(counter)
        cache.add("portal:test:lock", "token-a", 30)  # a single-flight call in flight
        proxy.cut()
        cache.hand_over("portal:test:result", "joined", 10, "portal:test:lock", "token-a")
        cache.delete(session_key)  # signed out in this copy while Redis was away
        cache.set(listed, "after the join")
        assert cache.get(listed) == "after the join"
        assert cache.get(session_key) is None, "sessions come from the database meanwhile"
        cache.add(counter, 0)
        cache.incr(counter)
        proxy.restore()
        deadline = time.monotonic() + 5
        while not cache.is_shared():
            assert time.monotonic() < deadline, "never went back to Redis"
            time.sleep(0.05)
            cache.get("portal:test:anything")
        assert direct.get(cache.make_key(session_key)) is None, "the signed-out session is gone"
        assert direct.get(cache.make_key(listed)) is None, "the list from before is gone"
        assert cache.get(counter) == 2, "the failures counted meanwhile count there too"
        assert direct.get(cache.make_key("portal:test:lock")) is None, "its lock released there"


@on_services
def test_a_calls_result_and_its_lock_change_hands_in_one_step_only_for_the_locks_owner(settings):
    cache.add("portal:test:lock", "token-a", 30)
    assert not cache.hand_over("portal:test:r1", "refused", 10, "portal:test:lock", "token-b")
    assert cache.get("portal:test:lock") == "token-a", "another click's lock is left alone"
    assert cache.hand_over("portal:test:r2", "joined", 10, "portal:test:lock", "token-a")
    assert cache.get("portal:test:lock") is None
    assert (cache.get("portal:test:r1"), cache.get("portal:test:r2")) == ("refused", "joined")
    direct = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
    assert 0 < direct.ttl(cache.make_key("portal:test:r2")) <= 10, "kept as briefly as before"
