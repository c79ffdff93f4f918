"""`check_upstream`'s status-filter check against the sandbox: off, it counts hidden sessions
in attendee lists and says whether the filter would work; on, it is contradicted where the
platform refuses it."""

import pytest

from tests.upstream.probe.probe_helpers import FULL_CHECK, checks, finding

pytestmark = pytest.mark.django_db


def test_the_status_filter_is_off_and_says_whether_it_would_work(sandbox):
    code, body = checks(*FULL_CHECK)
    row = finding(body, "status")
    assert row["verdict"] == "confirmed" and not row["needed"] and code == 0
    assert "carry 0 hidden" in row["observed"]
    assert "ACCELEVENTS_STATUS_FILTER=true would work" in row["observed"]


def test_hidden_items_in_attendee_lists_are_reported(dialect):
    dialect("lists-hidden")
    code, body = checks(*FULL_CHECK)
    row = finding(body, "status")
    assert "carry 1 hidden" in row["observed"] and "would work" in row["observed"]
    assert code == 0


def test_the_status_filter_turned_on_is_contradicted_where_it_is_refused(sandbox, settings):
    settings.ACCELEVENTS_STATUS_FILTER = True
    sandbox.set_fault(mode="status", status=400, path_contains="status=VISIBLE")
    code, body = checks(*FULL_CHECK)
    row = finding(body, "status")
    assert row["verdict"] == "contradicted" and code == 1
    assert "ACCELEVENTS_STATUS_FILTER=false" in body["settings"]
