"""One upstream call per attendee, action and session at a time
(sessions_app/joining/single_flight.py): a second click while the first is in flight gets the
first one's result, never one an earlier, finished click left behind; a sign-in to redo reaches
the waiting click too; after the call, the next click makes its own."""

import threading

import pytest
from django.core.cache import cache

from sessions_app.identity import Viewer
from sessions_app.joining.services import ActionResult
from sessions_app.joining.single_flight import one_call_at_a_time
from sessions_app.upstream.errors import UpstreamAuthError

VIEWER = Viewer(upstream_user_id=7, attendee_id=1, token="token")
FAILED = ActionResult("upstream_unavailable", "try again")


def click(call, session_id=5):
    return one_call_at_a_time(VIEWER, session_id, "join", call, FAILED)


def in_flight(result_or_error, *, while_waiting):
    """Runs a first click whose call blocks until `while_waiting()` (a second click) is done."""
    entered, release, outcome = threading.Event(), threading.Event(), {}

    def call():
        entered.set()
        release.wait(5)
        if isinstance(result_or_error, Exception):
            raise result_or_error
        return result_or_error

    def first():
        try:
            outcome["first"] = click(call)
        except Exception as error:
            outcome["first"] = error

    thread = threading.Thread(target=first)
    thread.start()
    assert entered.wait(5)
    timer = threading.Timer(0.2, release.set)  # the call answers while the second click waits
    timer.start()
    try:
        outcome["second"] = while_waiting()
    except Exception as error:
        outcome["second"] = error
    thread.join(5)
    return outcome


def test_a_second_click_gets_the_first_ones_result_and_makes_no_call():
    calls = []
    joined = ActionResult("joined")
    outcome = in_flight(joined, while_waiting=lambda: click(lambda: calls.append(1)))
    assert outcome == {"first": joined, "second": joined}
    assert calls == [], "the second click made no call of its own"


def test_a_waiting_click_never_takes_a_result_an_earlier_click_left():
    assert click(lambda: ActionResult("capacity_full", "full")).outcome == "capacity_full"
    joined = ActionResult("joined")
    outcome = in_flight(joined, while_waiting=lambda: click(lambda: ActionResult("x")))
    assert outcome["second"] == joined, "not the earlier click's refusal, still cached"


def test_a_sign_in_to_redo_reaches_the_waiting_click_too():
    expired = UpstreamAuthError("expired")
    outcome = in_flight(expired, while_waiting=lambda: click(lambda: ActionResult("x")))
    assert isinstance(outcome["first"], UpstreamAuthError)
    assert isinstance(outcome["second"], UpstreamAuthError)


def test_after_the_call_the_next_click_makes_its_own():
    click(lambda: ActionResult("joined"))
    assert click(lambda: ActionResult("unregistered")).outcome == "unregistered"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()
