"""Per-attendee cache: one upstream call per key at expiry, isolation, invalidation, staleness."""

import threading
import time

import pytest
from django.core.cache import cache

from sandbox.demo import ACCOUNTS
from sessions_app import cache as portal_cache
from sessions_app.agenda import selectors
from sessions_app.identity import Viewer
from sessions_app.upstream.errors import UpstreamUnavailable

LIST = "GET /events/{eventurl}/session/v2"


def viewer_for(sandbox, who="general") -> Viewer:
    account = ACCOUNTS[who]
    token = sandbox.login(account["email"], account["password"])
    profile_id = abs(hash(account["email"])) % 10_000 + 1
    return Viewer(upstream_user_id=profile_id, attendee_id=1, token=token)


def test_twenty_concurrent_misses_make_one_upstream_list_call(sandbox):
    viewer = viewer_for(sandbox)
    event = selectors.event_for_viewer(viewer)
    sandbox.set_fault(mode="latency", ms=300)
    sandbox.reset_stats()
    barrier = threading.Barrier(20)
    results, errors = [], []

    def read():
        barrier.wait()
        try:
            results.append(selectors.sessions_for_viewer(viewer, event.tz).value)
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=read) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(results) == 20 and len({len(r.sessions) for r in results}) == 1
    assert sandbox.stats()["requests"].get(LIST) == 1


def test_bumping_the_generation_retires_every_list_of_that_attendee(sandbox):
    viewer = viewer_for(sandbox)
    event = selectors.event_for_viewer(viewer)
    selectors.sessions_for_viewer(viewer, event.tz)
    sandbox.reset_stats()
    selectors.sessions_for_viewer(viewer, event.tz)
    assert sandbox.stats()["requests"] == {}
    portal_cache.bump_user_generation(viewer.upstream_user_id)
    selectors.sessions_for_viewer(viewer, event.tz)
    assert sandbox.stats()["requests"].get(LIST) == 1


def test_keys_of_two_attendees_never_collide():
    assert portal_cache.user_key(1, "sessions") != portal_cache.user_key(11, "sessions")
    assert portal_cache.user_key(1, "sessions", {"a": 1}) != portal_cache.user_key(
        2, "sessions", {"a": 1}
    )


def test_failed_refresh_serves_the_last_good_value_up_to_the_stale_limit(settings):
    settings.PORTAL_STALE_LIMIT = 60

    def failing():
        raise UpstreamUnavailable("down")

    first = portal_cache.cached_fetch("k", lambda: "good", ttl=1)
    assert first.value == "good" and not first.failed_refresh
    key_entry = cache.get("k")
    cache.set("k", (key_entry[0] - 2, key_entry[1]), 60)  # two seconds old: past the TTL
    stale = portal_cache.cached_fetch("k", failing, ttl=1)
    assert stale.value == "good" and stale.failed_refresh
    cache.set("k", (time.time() - 120, "good"), 60)  # beyond the stale limit
    with pytest.raises(UpstreamUnavailable):
        portal_cache.cached_fetch("k", failing, ttl=1)


def test_a_refresh_that_landed_while_taking_the_lock_is_not_fetched_again(monkeypatch):
    """Two workers read the same stale entry; the first refreshes and lets go of the lock just
    before the second takes it: the second must use that value, not call the upstream again."""
    cache.set("k", (time.time() - 100, "stale"), 600)
    take_lock = cache.add

    def another_worker_refreshed_first(key, value, timeout):
        cache.set("k", (time.time(), "fresh"), 600)
        return take_lock(key, value, timeout)

    monkeypatch.setattr(cache, "add", another_worker_refreshed_first)
    got = portal_cache.cached_fetch("k", lambda: pytest.fail("fetched twice"), ttl=30)
    assert got.value == "fresh"


def test_past_its_ttl_while_another_caller_refreshes_the_value_is_marked_refreshing():
    cache.set("k", (time.time() - 100, "stale"), 600)
    cache.add("k:lock", 1, 30)  # someone else is fetching
    got = portal_cache.cached_fetch("k", lambda: pytest.fail("not the lock holder"), ttl=30)
    assert got.value == "stale" and got.refreshing and not got.failed_refresh


def test_a_burst_of_clicks_asks_the_shared_cache_once_for_a_snapshot_then_again_after_a_failure():
    assert portal_cache.session_snapshot_due(501, 10)
    cache.delete("portal:snapshot-due:501")  # another copy's 10 s would be over: not asked yet
    assert not portal_cache.session_snapshot_due(501, 10), "asked the shared cache again"
    portal_cache.snapshot_failed(501)  # the write failed: the next click tries at once
    assert portal_cache.session_snapshot_due(501, 10)
    assert portal_cache.session_snapshot_due(502, 10), "each session on its own"
