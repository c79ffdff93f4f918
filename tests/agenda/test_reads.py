"""A cold page sends the reads it needs at once, the same reads as one after another would, and
concurrent cold pages still cost one call per list; ended sessions are read apart once the
`past` filter is on."""

import re
import threading

import pytest
from django.core.cache import cache
from django.utils.html import escape

from sessions_app.agenda import reads
from sessions_app.upstream.clock import upstream_now
from tests.portal_helpers import sign_in, upstream_sessions
from tests.test_cache import viewer_for

EVENT = "GET /events/{eventurl}"
LIST = "GET /events/{eventurl}/session/v2"
REGISTERED = "GET /events/{eventurl}/user-session/registered"
ONE_SESSION = "GET /events/{eventurl}/session/v2/{session_id}"
ENDED = re.compile(r'id="session-card-(\d+)"')


@pytest.mark.django_db
def test_a_cold_agenda_sends_its_three_reads_together(client, sandbox):
    sign_in(client)
    cache.clear()  # the shared event too: nothing cached at all
    sandbox.set_fault(mode="latency", ms=400)
    sandbox.reset_stats()
    assert client.get("/").status_code == 200
    stats = sandbox.stats()
    assert stats["requests"] == {EVENT: 1, LIST: 1, REGISTERED: 1}  # the calls of old, once each
    # ...all three waiting on the upstream at the same time (an earlier test's hung call may
    # still be in flight too)
    assert stats["peak_in_flight"] >= 3


def test_later_pages_of_the_list_are_read_together_and_in_order(sandbox, settings):
    settings.ACCELEVENTS_PAGE_SIZE = 10  # the demo's 34 sessions on four pages
    viewer = viewer_for(sandbox)
    event = reads.event_for_viewer(viewer)
    sandbox.set_fault(mode="latency", ms=300)
    sandbox.reset_stats()
    listed = reads.sessions_for_viewer(viewer, event.tz).value
    stats = sandbox.stats()
    assert stats["requests"] == {LIST: 4}
    assert stats["peak_in_flight"] >= 3  # pages 1 to 3, once page 0 told how many there are
    assert listed.complete
    assert [s.id for s in listed.sessions] == [s.id for s in upstream_sessions(sandbox)]


def test_twenty_concurrent_cold_pages_make_one_call_per_read(sandbox):
    viewer = viewer_for(sandbox)
    sandbox.set_fault(mode="latency", ms=300)
    sandbox.reset_stats()
    barrier = threading.Barrier(20)
    results, errors = [], []

    def page():
        barrier.wait()
        try:
            results.append(reads.read_together(viewer))
        except Exception as exc:
            errors.append(exc)

    threads = [threading.Thread(target=page) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len({len(r.listed.value.sessions) for r in results}) == 1 and len(results) == 20
    assert sandbox.stats()["requests"] == {EVENT: 1, LIST: 1, REGISTERED: 1}


@pytest.mark.django_db
def test_with_the_past_filter_ended_sessions_are_read_for_the_past_tab_only(
    client, sandbox, settings
):
    sign_in(client)
    past_without_filter = set(ENDED.findall(client.get("/?tab=past").content.decode()))
    settings.ACCELEVENTS_PAST_FILTER = True
    cache.clear()
    sandbox.reset_stats()
    upcoming = client.get("/").content.decode()
    assert sandbox.request_count(LIST) == 1
    assert "badge--ended" not in upcoming
    past = client.get("/?tab=past").content.decode()
    assert sandbox.request_count(LIST) == 2  # the ended ones, read once asked for
    assert set(ENDED.findall(past)) == past_without_filter and past_without_filter
    client.get("/?tab=past")
    assert sandbox.request_count(LIST) == 2  # and cached like the rest


@pytest.mark.django_db
def test_with_the_past_filter_an_ended_session_still_has_its_page(client, sandbox, settings):
    settings.ACCELEVENTS_PAST_FILTER = True
    sign_in(client)
    ended = next(s for s in upstream_sessions(sandbox) if s.has_ended(upstream_now()))
    sandbox.reset_stats()
    response = client.get(f"/sessions/{ended.id}/")
    assert response.status_code == 200 and escape(ended.title) in response.content.decode()
    assert sandbox.request_count(LIST) == 2  # the list, then the ended ones it is among
    assert sandbox.request_count(ONE_SESSION) == 0
