"""Writes made once the attendee's response has gone out (sessions_app/joining/after_response.py),
driven by Django's own request signals: inside a request they wait for its end, outside one
they run at once, one failing write does not lose the others, and a request whose response
was never closed still has its writes run, at the thread's next request."""

import logging

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from sessions_app.joining.after_response import after_response


@pytest.fixture(autouse=True)
def _requests_without_closing_connections():
    """As Django's test client does around each request: the signals, without closing the
    database connections another test may hold."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_outside_a_request_the_write_runs_at_once():
    done = []
    after_response(done.append, "recorded")
    assert done == ["recorded"]


def test_inside_a_request_the_writes_wait_for_its_end_in_order():
    done = []
    request_started.send(sender=None)
    after_response(done.append, "outcome")
    after_response(done.append, "registration")
    assert done == [], "the attendee's response goes out first"
    request_finished.send(sender=None)
    assert done == ["outcome", "registration"]
    after_response(done.append, "after")  # the request is over: at once again
    assert done[-1] == "after"


def test_one_failed_write_does_not_stop_the_others_and_is_logged(caplog):
    done = []

    def broken():
        raise RuntimeError("database gone")

    request_started.send(sender=None)
    after_response(broken)
    after_response(done.append, "kept")
    with caplog.at_level(logging.ERROR, logger="sessions_app.joining.after_response"):
        request_finished.send(sender=None)
    assert done == ["kept"]
    assert "broken" in caplog.text


def test_a_request_never_closed_has_its_writes_run_when_the_next_one_starts():
    done = []
    request_started.send(sender=None)
    after_response(done.append, "left behind")
    request_started.send(sender=None)  # no request_finished in between
    assert done == ["left behind"]
    request_finished.send(sender=None)
    assert done == ["left behind"], "run once, not twice"
