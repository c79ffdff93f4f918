"""Fault matrix, read side: the agenda, the status poll, the stream page and My sessions under
every upstream fault, first with nothing cached, then with a last good copy past its freshness;
and sign-in under every fault.

What the attendee sees, per fault:
- latency 100 ms: the page, fresh, a little later;
- JSON of the wrong shape: what can be read of it, and the lists say how many sessions they
  could not show (the readable items are the platform's current answer);
- anything else (latency past the read timeout, refused, reset mid-body, 5xx with or without
  Retry-After, 429, truncated or HTML bodies) with nothing cached: the friendly retry page (503
  + Retry-After; for htmx, a 200 notice swapped into #page-notice); with a last good copy: that
  copy, marked "Updated N minutes ago";
- an expired token: sign in again, then back to where they were.
Always: no 500, and an answer within the request's upstream time budget plus a small margin.
What is recorded: one log line per upstream call and a warning with the request id for each
retry page; a failed sign-in caused by an outage neither creates an attendee nor counts
towards the sign-in rate limit.
"""

import logging
import time
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.core.cache import cache

from sandbox.demo import ACCOUNTS, EVENT_URL, SESSION_IDS
from sessions_app.models import Attendee
from sessions_app.upstream.budget import upstream_budget
from sessions_app.upstream.client import get_client
from sessions_app.upstream.errors import UpstreamUnavailable
from tests.fault_helpers import (
    FAULTS,
    HARMLESS,
    MARGIN,
    TIME_BUDGET,
    fast_upstream_settings,
    injected,
    module_sandbox,
    sign_in_as,
    timed,
)
from tests.portability import cached_keys

pytestmark = pytest.mark.django_db

GINA = ACCOUNTS["general"]
HYBRID = SESSION_IDS["hybrid-data"]  # live; Gina is registered for it
POLLED = (HYBRID, SESSION_IDS["accessible-venues"], SESSION_IDS["sponsor-stories"])
STALE_NOTE = "Updated 0 minutes ago"
UPSTREAM_FAULTS = [name for name in FAULTS if name != "expired-token"]


@dataclass(frozen=True)
class Page:
    name: str
    url: str
    htmx: bool = False

    def get(self, client):
        if self.htmx:
            return client.get(
                self.url, HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL="http://testserver/"
            )
        return client.get(self.url)


PAGES = (
    Page("agenda", "/"),
    Page("status-poll", f"/agenda/status/?ids={','.join(map(str, POLLED))}", htmx=True),
    Page("stream", f"/sessions/{HYBRID}/"),
    Page("my-sessions", "/my-sessions/"),
)


@pytest.fixture(scope="module")
def upstream(sandbox_server):
    return module_sandbox(sandbox_server)


@pytest.fixture
def gina(upstream, settings):
    upstream.clear_faults()
    fast_upstream_settings(settings, upstream.api_url)
    settings.ACCELEVENTS_EVENT_URL = EVENT_URL
    return sign_in_as(GINA["email"], GINA["password"])


def assert_in_time(page: Page, seconds: float) -> None:
    assert seconds < TIME_BUDGET + MARGIN, f"{page.name} took {seconds:.2f}s"


def assert_fresh(page: Page, response) -> None:
    html = response.content.decode()
    assert response.status_code == 200, (page.name, response.status_code)
    assert STALE_NOTE not in html
    assert_content(page, html)


def assert_content(page: Page, html: str) -> None:
    expected = {
        "agenda": 'id="session-card-',
        "status-poll": f'id="session-status-{HYBRID}"',
        "stream": "Scaling Hybrid Events with Real-Time Data",
        "my-sessions": f'id="my-session-{HYBRID}"',
    }[page.name]
    assert expected in html, page.name


def assert_retry_answer(page: Page, response) -> None:
    html = response.content.decode()
    if page.htmx:
        assert response.status_code == 200
        assert response["HX-Retarget"] == "#page-notice"
        assert "isn't answering right now" in html
    else:
        assert response.status_code == 503, (page.name, response.status_code)
        assert "Try again" in html and int(response["Retry-After"]) > 0


def assert_readable_part(page: Page, response) -> None:
    """Under `wrong-shape`: a quarter of the items lose their title or times (see
    sandbox/faults.py); Gina's one registration is among them in the registered list."""
    html = response.content.decode()
    assert response.status_code == 200, (page.name, response.status_code)
    assert_content(page, html) if page.name != "my-sessions" else None
    note = {
        "agenda": "more sessions that couldn't be loaded, so this agenda may be incomplete",
        "my-sessions": "registered for 1 more session that couldn't be loaded",
    }.get(page.name)
    if note:
        assert note in html, page.name
    assert STALE_NOTE not in html


def assert_last_good_copy(page: Page, response, fault: str) -> None:
    html = response.content.decode()
    assert response.status_code == 200, (page.name, response.status_code)
    assert_content(page, html)
    if page.name == "status-poll":
        # Each polled card's status block, and the agenda's note that this is the last copy.
        assert html.count('hx-swap-oob="true"') == len(POLLED) + 1
        assert STALE_NOTE in html
    else:
        assert STALE_NOTE in html, page.name


@pytest.mark.parametrize("fault", UPSTREAM_FAULTS)
def test_reads_with_nothing_cached(fault, gina, upstream, settings, caplog):
    for page in PAGES:
        cache.clear()  # no last good copy (the signed-in session survives in the database)
        caplog.clear()
        with injected(fault, upstream, settings), caplog.at_level(logging.INFO):
            response, seconds = timed(lambda page=page: page.get(gina))
        assert_in_time(page, seconds)
        if fault in HARMLESS:
            assert_fresh(page, response)
            continue
        if fault == "wrong-shape":
            assert_readable_part(page, response)
            continue
        assert_retry_answer(page, response)
        warnings = [
            r.getMessage() for r in caplog.records if r.name == "sessions_app.ops.middleware"
        ]
        assert len(warnings) == 1 and "upstream unavailable (request " in warnings[0]


@pytest.mark.parametrize("fault", UPSTREAM_FAULTS)
def test_reads_with_a_last_good_copy(fault, gina, upstream, settings):
    assert gina.get("/").status_code == 200  # event, sessions and registrations now cached
    settings.PORTAL_CACHE_TTL = settings.PORTAL_ATTENDEE_TTL = (
        0  # every list is past its freshness: each read refreshes
    )
    with injected(fault, upstream, settings):
        for page in PAGES:
            response, seconds = timed(lambda page=page: page.get(gina))
            assert_in_time(page, seconds)
            if fault in HARMLESS:
                assert_fresh(page, response)
            elif fault == "wrong-shape":
                assert_readable_part(page, response)
            else:
                assert_last_good_copy(page, response, fault)


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_expired_token_signs_in_again_and_comes_back(page, gina, upstream, settings):
    cache.clear()
    with injected("expired-token", upstream, settings):
        response, seconds = timed(lambda: page.get(gina))
    assert_in_time(page, seconds)
    back = page.url if not page.htmx else "/"
    expected = f"/sign-in/?next={quote(back, safe='/')}"
    if page.htmx:
        assert response.status_code == 200 and response["HX-Redirect"] == expected
    else:
        assert response.status_code == 302 and response["Location"] == expected
    assert gina.get("/my-sessions/").status_code == 302, "the portal session ended with it"
    again = gina.post(expected, {"email": GINA["email"], "password": GINA["password"]})
    assert again["Location"] == back


@pytest.mark.parametrize("fault", [*UPSTREAM_FAULTS, "profile-401"])
def test_sign_in_under_fault(fault, upstream, settings, client):
    fast_upstream_settings(settings, upstream.api_url)
    upstream.clear_faults()
    form = {"email": GINA["email"], "password": GINA["password"]}
    if fault == "profile-401":  # the fresh token refused at once (an expired-token race)
        upstream.set_fault(mode="status", status=401, path_contains="/u/myprofile")
        response, seconds = timed(lambda: client.post("/sign-in/", form))
        upstream.clear_faults()
    else:
        with injected(fault, upstream, settings):
            response, seconds = timed(lambda: client.post("/sign-in/", form))
    assert seconds < TIME_BUDGET + MARGIN
    if fault in HARMLESS or fault == "profile-401":
        # The profile only adds names: a sign-in does not depend on it.
        assert response.status_code == 302 and response["Location"] == "/"
        return
    assert response.status_code == 200
    assert "isn&#x27;t answering right now" in response.content.decode()
    assert not Attendee.objects.exists(), "no attendee without a complete sign-in"
    assert client.get("/").status_code == 302, "not signed in"
    counters = [k.removeprefix(":1:") for k in cached_keys() if k.startswith(":1:portal:rl:")]
    assert len(counters) == 2, "the attempt was counted first (per account and per address)"
    assert cache.get_many(counters) == dict.fromkeys(counters, 0), "an outage is no failure"


def test_the_time_budget_stops_calling_once_spent(upstream, settings):
    """Every call's timeouts and retry sleeps are clipped to what is left of the request's
    budget; once it is spent nothing more is sent."""
    fast_upstream_settings(settings, upstream.api_url)
    settings.ACCELEVENTS_EVENT_URL = EVENT_URL
    api = get_client()
    for rule, most_calls in (
        ({"mode": "latency", "ms": 2000}, 2),  # 0.5 s timeout, then the 0.3 s left
        # Retry-After: 30 is slept only while budget is left; the later (fast) 503s still go.
        ({"mode": "status", "status": 503, "retry_after": 30}, 6),
    ):
        upstream.set_fault(**rule)
        upstream.reset_stats()
        started = time.monotonic()
        with upstream_budget(TIME_BUDGET):
            for _ in range(5):
                with pytest.raises(UpstreamUnavailable):
                    api.event()
        assert time.monotonic() - started < TIME_BUDGET + 0.2, rule
        assert 1 <= upstream.request_count("GET /events/{eventurl}") <= most_calls, rule
    upstream.clear_faults()
