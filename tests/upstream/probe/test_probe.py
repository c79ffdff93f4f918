"""`run_probe`, the checks of `check_upstream` run in turn against the sandbox: each finding in
the order the portal relies on them, the join and reserve rows left as "not checked" without a
test session, the checks stopped (not crashed) by a refused sign-in, and the join tried and
undone when a test session is given."""

import pytest
from django.conf import settings as django_settings

from sandbox.demo import PASSWORD
from sessions_app.upstream.client import AccelEventsClient
from sessions_app.upstream.contract import Contract
from sessions_app.upstream.errors import UpstreamUnavailable
from sessions_app.upstream.probe import CONFIRMED, UNKNOWN, run_probe
from tests.fault_helpers import closed_port
from tests.upstream.probe.probe_helpers import SPONSOR, VICTOR, registrations

FIRST_ROWS = ["login", "auth_scheme", "profile", "event", "zone", "page_base", "page_size"]


def client() -> AccelEventsClient:
    return AccelEventsClient(Contract.from_settings(django_settings))


def test_every_check_runs_in_turn_and_join_and_reserve_say_they_were_not_checked(sandbox):
    findings, stopped = run_probe(client(), email=VICTOR, password=PASSWORD)

    assert stopped == ""
    keys = [f.key for f in findings]
    assert [k for k in keys if k in FIRST_ROWS] == FIRST_ROWS
    assert keys[-3:] == ["join", "unregister", "reserve"]
    assert all(f.verdict == UNKNOWN and f.blocks for f in findings[-3:])
    assert "catalogue" in keys and "host_sessions" in keys


def test_without_reservations_the_unchecked_reserve_row_is_not_needed(sandbox):
    findings, _ = run_probe(client(), email=VICTOR, password=PASSWORD, reserve_needed=False)

    reserve = next(f for f in findings if f.key == "reserve")
    assert reserve.verdict == UNKNOWN and not reserve.needed


def test_a_refused_sign_in_stops_the_checks_and_says_why(sandbox):
    findings, stopped = run_probe(client(), email=VICTOR, password="not-the-password")

    assert "refused these sign-in details (401 4010103" in stopped
    assert not {"event", "sessions", "join"} & {f.key for f in findings}


def test_a_test_session_is_joined_left_and_confirmed(sandbox):
    before = registrations(sandbox)

    findings, stopped = run_probe(client(), email=VICTOR, password=PASSWORD, join_session=SPONSOR)

    rows = {f.key: f for f in findings}
    assert stopped == "" and (rows["join"].verdict, rows["unregister"].verdict) == (
        CONFIRMED,
        CONFIRMED,
    )
    assert rows["reserve"].verdict == UNKNOWN
    assert registrations(sandbox) == before


def test_a_platform_that_does_not_answer_is_raised_not_reported(settings):
    with closed_port() as port:
        settings.ACCELEVENTS_API_BASE_URL = f"http://127.0.0.1:{port}/rest"
        with pytest.raises(UpstreamUnavailable):
            run_probe(client(), email=VICTOR, password=PASSWORD)
