"""The answers to upstream trouble that every view shares (sessions_app/ops/middleware.py):
a request's upstream calls together wait no longer than its time budget; an expired token signs
the attendee out and sends her to sign in, then back to the page she was on (for htmx, the page,
not the fragment); an outage with nothing to show is a retry page that says when to retry (the
platform's own Retry-After when it is sane); and a signed-in attendee's pages are never stored
by any cache."""

import time

import pytest
from django.core.cache import cache

from sandbox.demo import SESSION_IDS
from sessions_app import cache as portal_cache
from sessions_app.models import Attendee
from tests.portal_helpers import sign_in

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def gina(client, sandbox, settings):
    """Gina signed in, with nothing of hers cached (the session survives in the database)."""
    settings.UPSTREAM_GET_RETRIES = 0  # one call per read: the answer, not the retries
    sign_in(client, "general")
    cache.clear()
    return client


def test_a_slow_platform_costs_a_page_no_more_than_its_time_budget(gina, sandbox, settings):
    settings.UPSTREAM_READ_TIMEOUT, settings.UPSTREAM_TIME_BUDGET = 3, 0.8
    sandbox.set_fault(mode="latency", ms=10_000)
    started = time.monotonic()
    page = gina.get("/")
    assert page.status_code == 503
    assert time.monotonic() - started < 0.8 + 0.6, "not one read timeout, let alone retries"


def test_an_expired_token_signs_out_and_comes_back_to_the_page(gina, sandbox):
    sandbox.expire_tokens()
    page = gina.get("/my-sessions/?day=2")
    assert (page.status_code, page["Location"]) == (302, "/sign-in/?next=/my-sessions/%3Fday%3D2")
    assert "_auth_user_id" not in gina.session, "signed out"


def test_an_expired_token_on_htmx_sends_the_page_not_the_fragment_to_sign_in(gina, sandbox):
    user_id = Attendee.objects.get().upstream_user_id
    before = portal_cache.user_generation(user_id)
    sandbox.expire_tokens()
    current = "http://testserver/my-sessions/?tab=live"
    fragment = gina.get("/agenda/status/?ids=", HTTP_HX_CURRENT_URL=current, **HX)
    assert fragment["HX-Redirect"] == "/sign-in/?next=/my-sessions/%3Ftab%3Dlive"
    assert portal_cache.user_generation(user_id) != before, "her cached pages are dropped"


def test_an_expired_token_on_a_form_without_htmx_comes_back_to_the_agenda(gina, sandbox):
    sandbox.expire_tokens()
    left = gina.post(f"/sessions/{SESSION_IDS['hybrid-data']}/unregister/")
    assert (left.status_code, left["Location"]) == (302, "/sign-in/?next=/")


def test_an_outage_with_nothing_to_show_asks_to_retry_in_half_a_minute(gina, sandbox):
    sandbox.set_fault(mode="status", status=503)
    page = gina.get("/")
    assert (page.status_code, page["Retry-After"]) == (503, "30")
    assert "try again" in page.content.decode().lower()


@pytest.mark.parametrize(("asked", "said"), [(7, "7"), (7200, "30")])
def test_a_rate_limited_platform_passes_on_its_retry_after_when_sane(gina, sandbox, asked, said):
    sandbox.set_fault(mode="status", status=429, retry_after=asked)
    page = gina.get("/")
    assert (page.status_code, page["Retry-After"]) == (503, said)


def test_an_outage_on_htmx_is_a_notice_swapped_into_the_page(gina, sandbox):
    sandbox.set_fault(mode="status", status=503)
    notice = gina.get("/agenda/status/?ids=", HTTP_HX_CURRENT_URL="http://testserver/", **HX)
    assert notice.status_code == 200
    assert (notice["HX-Retarget"], notice["HX-Reswap"]) == ("#page-notice", "innerHTML")
    assert "Retry-After" not in notice


def test_a_signed_in_attendees_pages_are_stored_by_no_cache(client, sandbox):
    signed_out = client.get("/sign-in/")
    assert "private" not in signed_out.get("Cache-Control", "")
    sign_in(client, "general")
    for path in ("/", "/sign-in/", "/my-sessions/"):
        control = client.get(path)["Cache-Control"]
        assert "private" in control and "no-store" in control, path
