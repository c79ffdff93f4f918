"""`check_upstream`'s past-filter check against the sandbox: off, it says whether turning it on
would work; on, it is contradicted where it hides a session or the platform refuses it."""

import pytest

from tests.upstream.probe.probe_helpers import FULL_CHECK, checks, finding

pytestmark = pytest.mark.django_db


def test_the_past_filter_is_off_and_says_whether_it_would_work(sandbox):
    code, body = checks(*FULL_CHECK)
    row = finding(body, "past")
    assert row["verdict"] == "confirmed" and code == 0
    # the demo has a session past its end but open to late joiners: past=true lists it
    assert "ACCELEVENTS_PAST_FILTER=true would not: keep it off" in row["observed"]


def test_the_past_filter_turned_on_is_contradicted_where_it_hides_a_session(sandbox, settings):
    settings.ACCELEVENTS_PAST_FILTER = True
    code, body = checks(*FULL_CHECK)
    assert finding(body, "past")["verdict"] == "contradicted"
    assert "ACCELEVENTS_PAST_FILTER=false" in body["settings"] and code == 1


def test_the_past_filter_turned_on_is_contradicted_where_past_is_refused(sandbox, settings):
    settings.ACCELEVENTS_PAST_FILTER = True
    sandbox.set_fault(mode="status", status=400, path_contains="past=")
    code, body = checks(*FULL_CHECK)
    assert finding(body, "past")["verdict"] == "contradicted" and code == 1
