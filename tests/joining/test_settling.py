"""The paths that settle a join, since the in-process re-read thread and the writes after the
answer (after_response.py) went: a join's outcome and local registration are on record before
its answer is sent, so a reconciliation run never meets a join whose record is still to come;
what could not be confirmed is settled on the attendee's next request or by reconciliation
(tests/test_join_races.py, test_attempt_records.py, test_worker.py)."""

from datetime import timedelta

import pytest
from django.core.signals import request_finished
from django.db.models import F
from django.test import Client

from sandbox.demo import EVENT_ID, EVENT_URL, SESSION_IDS
from sessions_app.models import JoinAttempt, Registration
from sessions_app.organizer.reconcile import ReconcileReport
from sessions_app.organizer.reconcile.apply import apply_safely
from sessions_app.upstream.client import get_client
from sessions_app.upstream.clock import upstream_now
from tests.fault_helpers import fast_upstream_settings, module_sandbox, sign_in_as
from tests.portal_helpers import KEEP_BOTH

pytestmark = pytest.mark.django_db

OPEN = SESSION_IDS["accessible-venues"]
HX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": f"http://testserver/sessions/{OPEN}/"}
JOIN = f"/sessions/{OPEN}/join/"


@pytest.fixture(scope="module")
def upstream(sandbox_server):
    return module_sandbox(sandbox_server)


@pytest.fixture
def client(upstream, settings) -> Client:
    upstream.clear_faults()
    fast_upstream_settings(settings, upstream.api_url)
    settings.UPSTREAM_TIME_BUDGET = 3
    settings.ACCELEVENTS_EVENT_URL = EVENT_URL
    created = upstream.create_attendees(1, "vip")[0]
    signed_in = sign_in_as(created["email"], created["password"])
    signed_in.get(f"/sessions/{OPEN}/")  # the reads are cached: the click meets the write
    return signed_in


def on_record() -> tuple:
    attempt = JoinAttempt.objects.filter(session_id=OPEN).first()
    registration = Registration.objects.filter(session_id=OPEN).first()
    return (attempt and attempt.outcome, registration and registration.status)


def fetch():
    """What a reconciliation run reads: the moment (upstream clock) and the registrant lists."""
    client = get_client()
    tz = client.event(api_key=True).tz
    fetched_at = upstream_now()
    return fetched_at, client.host_sessions(tz=tz, event_id=EVENT_ID, size=200)[0]


@pytest.fixture
def when_answered(monkeypatch):
    """Calls `then()` as the answer is sent (request_finished, before any of its receivers)."""
    calls = []
    send = request_finished.send

    def sending(sender, **kwargs):
        for then in calls:
            then()
        calls.clear()
        return send(sender, **kwargs)

    monkeypatch.setattr(request_finished, "send", sending)
    return calls.append


def test_a_join_is_on_record_before_its_answer_is_sent(client, when_answered):
    seen = []
    when_answered(lambda: seen.append(on_record()))
    response = client.post(JOIN, KEEP_BOTH, **HX)
    assert response["HX-Redirect"] == f"/sessions/{OPEN}/"
    assert seen == [("joined", "registered")], "nothing is left to write after the answer"


def test_a_join_on_record_is_never_undone_by_a_run_that_fetched_before_it(client, when_answered):
    """The run applies a list read before the click, at the moment the answer goes out, with
    the click older than the in-flight window (as for a join whose record was written late):
    the registration it finds is the click's, newer than its list, and stays."""
    fetched_at, hosts = fetch()  # the list lacks the attendee
    assert any(host.session.id == OPEN for host in hosts)
    report = ReconcileReport()

    def reconcile_now():
        JoinAttempt.objects.update(created_at=F("created_at") - timedelta(minutes=5))
        apply_safely(hosts, fetched_at, report)

    when_answered(reconcile_now)
    client.post(JOIN, KEEP_BOTH, **HX)
    assert report.registrations_removed == 0
    assert on_record() == ("joined", "registered")
