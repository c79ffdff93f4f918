"""Joins and unregisters when answers get lost or clicks overlap: nothing lost, nothing sent
twice, and the local record ends up agreeing with the upstream without a manual reconcile."""

import threading
import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connections
from django.test import Client

from sandbox.demo import EVENT_URL, SESSION_IDS
from sessions_app import cache as portal_cache
from sessions_app.locks import CacheLock
from sessions_app.models import JoinAttempt, Registration
from tests.fault_helpers import fast_upstream_settings, module_sandbox, sign_in_as
from tests.portal_helpers import KEEP_BOTH

pytestmark = pytest.mark.django_db

OPEN = SESSION_IDS["accessible-venues"]
HX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": f"http://testserver/sessions/{OPEN}/"}
WRITES = ("POST /ev", "DELETE /ev")


@pytest.fixture(scope="module")
def upstream(sandbox_server):
    return module_sandbox(sandbox_server)


@pytest.fixture
def client(upstream, settings) -> Client:
    upstream.clear_faults()
    fast_upstream_settings(settings, upstream.api_url)
    settings.UPSTREAM_TIME_BUDGET = 3  # room for slow reads on a busy machine
    settings.ACCELEVENTS_EVENT_URL = EVENT_URL
    created = upstream.create_attendees(1, "vip")[0]
    signed_in = sign_in_as(created["email"], created["password"])
    signed_in.get(f"/sessions/{OPEN}/")  # the reads are cached: the clicks meet the write
    upstream.reset_stats()
    return signed_in


def writes_sent(upstream) -> int:
    return sum(n for k, n in upstream.stats()["requests"].items() if k.startswith(WRITES))


def local_status() -> str | None:
    registration = Registration.objects.filter(session_id=OPEN).first()
    return registration.status if registration else None


def same_attendee(client: Client) -> Client:
    other = Client()
    other.cookies = client.cookies
    return other


# --- settled automatically --------------------------------------------------------------------


def test_after_a_restart_the_next_request_settles_what_was_left_unconfirmed(client, upstream):
    upstream.set_fault(mode="hang", seconds=0.8, method="POST")
    first = client.post(f"/sessions/{OPEN}/join/", KEEP_BOTH, **HX)
    upstream.clear_faults()
    assert "didn&#x27;t confirm your join in time" in first.content.decode()
    time.sleep(1.0)  # the held join lands upstream
    mine = client.get("/my-sessions/").content.decode()
    assert f'id="my-session-{OPEN}"' in mine, "the attendee's next page shows the truth"
    attempt = JoinAttempt.objects.get()
    assert (attempt.outcome, local_status()) == ("joined", "registered")
    assert attempt.settled_at is not None


def test_a_write_that_never_ran_is_settled_as_not_done_once_it_cannot_land(client, upstream):
    upstream.set_fault(mode="status", status=504, method="POST")  # a gateway gave up
    client.post(f"/sessions/{OPEN}/join/", KEEP_BOTH, **HX)
    upstream.clear_faults()
    client.get("/my-sessions/")
    assert JoinAttempt.objects.get().outcome == "unconfirmed", "too early to call it a no"
    JoinAttempt.objects.update(created_at=JoinAttempt.objects.get().created_at - timedelta(60))
    client.get("/my-sessions/")
    attempt = JoinAttempt.objects.get()
    assert (attempt.outcome, local_status()) == ("upstream_unavailable", None)
    assert attempt.settled_at is not None
    assert writes_sent(upstream) == 1, "settled by reading, never by sending it again"


def test_a_join_settled_against_an_unreadable_session_never_breaks_a_page(client, upstream, caplog):
    upstream.set_fault(mode="hang", seconds=0.8, method="POST")
    client.post(f"/sessions/{OPEN}/join/", KEEP_BOTH, **HX)
    upstream.clear_faults()
    time.sleep(1.0)  # the held join lands upstream
    # The registered list names the session but its item cannot be read (no title, no start).
    upstream.set_fault(mode="wrong_shape", method="GET", path_contains="user-session/registered")
    assert client.get("/my-sessions/").status_code == 200
    assert client.get("/").status_code == 200
    left = [r for r in caplog.records if "left for reconciliation" in r.getMessage()]
    assert len(left) == 1, "logged once, not on every request"
    attempt = JoinAttempt.objects.get()
    assert attempt.outcome == "unconfirmed", "left for reconciliation to settle"
    assert local_status() is None


# --- the join's own time allowance ------------------------------------------------------------


def test_a_join_is_not_sent_with_less_than_its_read_timeout_left(client, upstream, settings):
    settings.UPSTREAM_TIME_BUDGET = settings.UPSTREAM_READ_TIMEOUT  # never room for a write
    upstream.reset_stats()
    response = client.post(f"/sessions/{OPEN}/join/", KEEP_BOTH, **HX)
    assert "so your join was not sent. Please try again." in response.content.decode()
    assert writes_sent(upstream) == 0
    attempt = JoinAttempt.objects.get()
    assert (attempt.outcome, local_status()) == ("not_sent", None)


# --- overlapping clicks -----------------------------------------------------------------------


def in_parallel(*calls):
    results = [None] * len(calls)

    def run(index, call):
        try:
            results[index] = call()
        finally:
            connections.close_all()  # this thread's own, or the test database stays in use

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
        time.sleep(0.1)  # the first click goes first
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.mark.django_db(transaction=True)
def test_an_unregister_double_click_sends_one_delete_and_both_say_done(client, upstream):
    client.post(f"/sessions/{OPEN}/join/", KEEP_BOTH, **HX)
    client.get(f"/sessions/{OPEN}/")  # the lists again, after the join retired them
    upstream.reset_stats()
    upstream.set_fault(mode="latency", ms=300, method="DELETE")
    path = f"/sessions/{OPEN}/unregister/"
    first, second = in_parallel(
        lambda: client.post(path, **HX), lambda: same_attendee(client).post(path, **HX)
    )
    upstream.clear_faults()
    assert writes_sent(upstream) == 1
    for response in (first, second):
        assert "Your seat is free." in response.content.decode()
    assert local_status() == "unregistered"


@pytest.mark.django_db(transaction=True)
def test_a_second_click_gets_the_first_ones_sign_in_answer_within_the_budget(
    client, upstream, settings
):
    upstream.expire_tokens()
    upstream.set_fault(mode="hang", seconds=0.3, method="POST")  # then the 401
    path = f"/sessions/{OPEN}/join/"
    started = time.monotonic()
    first, second = in_parallel(
        lambda: client.post(path, KEEP_BOTH, **HX),
        lambda: same_attendee(client).post(path, KEEP_BOTH, **HX),
    )
    upstream.clear_faults()
    assert time.monotonic() - started < settings.UPSTREAM_TIME_BUDGET + 1
    for response in (first, second):
        assert response["HX-Redirect"] == f"/sign-in/?next=/sessions/{OPEN}/"
    assert writes_sent(upstream) == 1


# --- locks belong to whoever took them --------------------------------------------------------


def test_a_lock_is_released_only_by_its_owner():
    first = CacheLock("portal:test:lock", 30)
    assert first.acquire()
    cache.delete(first.key)  # its timeout ran out while the first holder was still busy
    second = CacheLock("portal:test:lock", 30)
    assert second.acquire()
    assert not first.release(), "the late first holder must not free the second one's lock"
    assert not CacheLock("portal:test:lock", 30).acquire()
    assert second.release()
    assert CacheLock("portal:test:lock", 30).acquire()


def test_a_slow_refresh_does_not_release_the_lock_of_the_refresh_after_it():
    key = "portal:test:list"

    def slow_fetch():
        cache.delete(f"{key}:lock")  # this holder's lock expired meanwhile...
        assert cache.add(f"{key}:lock", "the next caller", 30)  # ...and the next caller took it
        return ["sessions"]

    assert portal_cache.cached_fetch(key, slow_fetch, ttl=0).value == ["sessions"]
    assert cache.get(f"{key}:lock") == "the next caller", "still the next caller's lock"
