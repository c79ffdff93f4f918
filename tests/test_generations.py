"""An attendee's data generation only goes up (sessions_app/cache.py), and what Redis loses or
misses meanwhile (eviction, an outage and its recovery) never brings back a page from before
a join; a lock taken on Redis and released while it was away does not outlive the blip."""

import threading
import time
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache

from portal import redis_cache
from sandbox.demo import SESSION_IDS
from sessions_app.models import Attendee
from tests.portal.test_redis_cache import portal_redis
from tests.portal_helpers import KEEP_BOTH, sign_in
from tests.tcp_proxy import TcpProxy
from tests.test_production_stack import on_services

pytestmark = pytest.mark.django_db

OPEN = SESSION_IDS["accessible-venues"]  # live, open to every ticket
MINE = f'id="my-session-{OPEN}"'


def generation_key() -> str:
    return f"portal:gen:u{Attendee.objects.get().upstream_user_id}"


def test_a_lost_generation_never_brings_back_the_pages_from_before_a_join(client, sandbox):
    sign_in(client, "vip")
    assert MINE not in client.get("/my-sessions/").content.decode()
    assert client.post(f"/sessions/{OPEN}/join/", KEEP_BOTH).status_code == 302
    assert MINE in client.get("/my-sessions/").content.decode()
    cache.delete(generation_key())  # evicted, or flushed
    assert MINE in client.get("/my-sessions/").content.decode(), "the join is not undone"


@pytest.fixture
def redis_behind_proxy(settings, monkeypatch):
    monkeypatch.setattr(redis_cache, "RETRY_SECONDS", 0.1)
    real = urlsplit(settings.CACHES["default"]["LOCATION"])
    with TcpProxy(real.hostname, real.port or 6379) as proxy:
        settings.CACHES = portal_redis(f"redis://127.0.0.1:{proxy.port}{real.path}")
        yield proxy


def back_on_redis() -> None:
    deadline = time.monotonic() + 5
    while not cache.is_shared():
        assert time.monotonic() < deadline, "never went back to Redis"
        time.sleep(0.05)
        cache.get("portal:test:anything")


def join_while_redis_goes_away(client, sandbox, proxy):
    """A join whose upstream call is under way when Redis goes (the portal read the attendee's
    generation and took the in-flight lock on Redis); Redis answers again afterwards."""
    client.get(f"/sessions/{OPEN}/")
    sandbox.set_fault(mode="latency", ms=800, method="POST")
    threading.Timer(0.3, proxy.cut).start()
    response = client.post(f"/sessions/{OPEN}/join/", KEEP_BOTH)
    sandbox.clear_faults()
    proxy.restore()
    back_on_redis()
    return response


@on_services
def test_a_join_during_a_redis_outage_is_not_undone_when_redis_returns(
    client, sandbox, redis_behind_proxy
):
    sign_in(client, "vip")
    assert MINE not in client.get("/my-sessions/").content.decode()  # cached on Redis
    assert join_while_redis_goes_away(client, sandbox, redis_behind_proxy).status_code == 302
    assert MINE in client.get("/my-sessions/").content.decode(), "the join is not undone"
    sign_in(client, "vip")
    assert MINE in client.get("/my-sessions/").content.decode(), "nor after signing in again"


@on_services
def test_a_join_made_while_redis_is_away_is_not_undone_when_it_returns(
    client, sandbox, redis_behind_proxy
):
    sign_in(client, "vip")
    assert MINE not in client.get("/my-sessions/").content.decode()  # cached on Redis
    redis_behind_proxy.cut()
    assert client.post(f"/sessions/{OPEN}/join/", KEEP_BOTH).status_code == 302
    assert MINE in client.get("/my-sessions/").content.decode()
    redis_behind_proxy.restore()
    back_on_redis()
    assert MINE in client.get("/my-sessions/").content.decode(), "the join is not undone"


@on_services
def test_a_second_click_after_a_redis_blip_does_not_wait_on_the_first_ones_lock(
    client, sandbox, redis_behind_proxy, settings
):
    settings.UPSTREAM_READ_TIMEOUT = 2  # a wait on the lock would last the budget: 8 s
    settings.UPSTREAM_TIME_BUDGET = 8
    sign_in(client, "vip")
    join_while_redis_goes_away(client, sandbox, redis_behind_proxy)
    sandbox.reset_stats()
    started = time.monotonic()
    second = client.post(f"/sessions/{OPEN}/join/", KEEP_BOTH)
    assert time.monotonic() - started < 1.5, "no wait on a lock its owner released"
    assert "still being processed" not in second.content.decode()
    assert any(key.startswith("POST /ev") for key in sandbox.stats()["requests"])
