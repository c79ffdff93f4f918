"""`check_upstream`'s join, unregister and reserve checks against the sandbox: each is tried on
a test session the organizer picks and undone, a session the test account already holds is left
and joined again, a reserve flag the platform ignores is contradicted, and a check not run says
how to run it."""

import pytest

from tests.upstream.probe.probe_helpers import (
    BOOTHS,
    FULL_CHECK,
    GINA,
    HYBRID,
    SPONSOR,
    check,
    checks,
    finding,
    registrations,
)

pytestmark = pytest.mark.django_db


def test_a_registered_test_session_is_left_and_joined_again(sandbox):
    before = registrations(sandbox)
    code, body = checks("--join", HYBRID, "--reserve", BOOTHS, email=GINA)
    assert code == 0 and body["ok"]
    assert "lacks" in finding(body, "unregister")["observed"]
    assert "lists" in finding(body, "join")["observed"]
    assert registrations(sandbox) == before


def test_without_a_test_session_join_is_not_confirmed_so_it_exits_1(sandbox):
    code, printed = check()
    assert code == 1
    assert "run again with --join SESSION_ID" in printed
    assert "run again with --reserve SESSION_ID" in printed
    assert "Not confirmed yet: Join call, Unregister call, Reserve a seat ahead." in printed


def test_a_reservation_is_checked_and_undone(sandbox):
    before = registrations(sandbox)
    code, body = checks(*FULL_CHECK)
    assert code == 0
    row = finding(body, "reserve")
    assert row["verdict"] == "confirmed" and "joinSession=true" in row["assumed"]
    assert registrations(sandbox) == before


def test_with_reservations_off_the_reserve_check_is_not_needed(sandbox, settings):
    settings.PORTAL_RESERVE_AHEAD = False
    code, body = checks("--join", SPONSOR)
    assert code == 0 and not finding(body, "reserve")["needed"]


def test_a_reserve_flag_the_platform_ignores_is_contradicted(sandbox, settings):
    settings.ACCELEVENTS_RESERVE_PARAM = "saveSeat=true"  # not the documented flag
    code, body = checks(*FULL_CHECK)
    row = finding(body, "reserve")
    assert (code, row["verdict"]) == (1, "contradicted")
    assert "4072002" in row["observed"] and "did not take the reserve flag" in row["observed"]
