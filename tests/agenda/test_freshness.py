"""How fresh a page's upstream data is (sessions_app/agenda/freshness.py): the age the page shows
is the older list's, a failed refresh of either shows; and a rendered agenda is reused only
until the first of its lists runs out, a badge on it may change, or never while it shows data
the upstream failed to refresh."""

import time
from datetime import UTC, datetime, timedelta

import pytest

from sessions_app.agenda.freshness import REFRESHING_REUSE_SECONDS, freshness_of, reusable_until
from sessions_app.cache import Cached
from sessions_app.upstream.domain import Session, SessionPage

NOW = datetime(2030, 5, 1, 12, tzinfo=UTC)
EMPTY = SessionPage((), total=0, filtered=0)


@pytest.fixture(autouse=True)
def _ttls(settings):
    settings.PORTAL_CACHE_TTL, settings.PORTAL_ATTENDEE_TTL = 30, 900


def read(seconds_ago: float, value=EMPTY, **flags) -> Cached:
    return Cached(value, time.time() - seconds_ago, **flags)


def starting_in(seconds: float) -> SessionPage:
    start = NOW + timedelta(seconds=seconds)
    keynote = Session(id=1, title="Keynote", start=start, end=start + timedelta(hours=1))
    return SessionPage((keynote,), total=1, filtered=1)


def test_the_age_shown_is_the_older_lists_in_whole_minutes():
    shown = freshness_of(read(20), read(150))
    assert shown.age_minutes == 2
    assert not shown.failed_refresh


def test_a_list_stamped_a_moment_ahead_of_this_clock_is_not_shown_as_negative():
    assert freshness_of(read(-5), read(-5)).age_minutes == 0


@pytest.mark.parametrize("which", ["listed", "registered"])
def test_a_failed_refresh_of_either_list_shows_and_the_page_is_never_reused(which):
    lists = {"listed": read(1), "registered": read(1)}
    lists[which] = read(1, failed_refresh=True)
    assert freshness_of(**lists).failed_refresh
    assert reusable_until(lists["listed"], lists["registered"], NOW) == 0.0


def test_a_page_is_reused_until_the_first_of_its_lists_runs_out():
    listed, registered = read(10), read(895)  # 20 s of the list left, 5 s of the registrations
    assert reusable_until(listed, registered, NOW) == pytest.approx(
        registered.fetched_at + 900, abs=0.01
    )
    listed, registered = read(10), read(10)
    assert reusable_until(listed, registered, NOW) == pytest.approx(
        listed.fetched_at + 30, abs=0.01
    )


def test_a_page_is_reused_only_until_a_badge_on_it_may_change():
    soon = starting_in(7 * 60 + 12)  # "Starts in 8 min" turns to 7 in 12 seconds
    until = reusable_until(read(0, soon), read(0), NOW)
    assert until == pytest.approx(time.time() + 12, abs=1)


def test_while_another_request_refreshes_a_list_its_page_is_shared_for_a_moment():
    before = time.time()
    until = reusable_until(read(40, refreshing=True), read(0), NOW)  # past its 30 s TTL
    assert before + REFRESHING_REUSE_SECONDS <= until <= time.time() + REFRESHING_REUSE_SECONDS
