"""Each join attempt's record says what is known about that attempt (sessions_app/
joining/attempt_records.py): a call that never reached the platform is `not_sent` and stays so, even
when another click of the attendee joined; a call sent without a known outcome (a 5xx after
the platform accepted it, PostgreSQL gone before the answer was recorded) is settled by
re-reading on the attendee's next request, or by reconciliation at the latest."""

import io
import re
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from django.test import Client

from sandbox.demo import EVENT_URL, SESSION_IDS
from sessions_app.models import JoinAttempt, Registration
from tests.fault_helpers import fast_upstream_settings, module_sandbox, sign_in_as
from tests.portal_helpers import KEEP_BOTH

pytestmark = pytest.mark.django_db(transaction=True)  # commits as in production

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
    signed_in.get(f"/sessions/{OPEN}/")  # the reads are cached: the clicks meet the write
    return signed_in


@contextmanager
def attempt_outcomes_refused():
    """PostgreSQL gone once the attempt is on record: this connection's driver refuses every
    change to it, for the rest of this request (the next one finds the database back)."""

    def refuse(execute, sql, params, many, context):
        if re.search(r'UPDATE "?sessions_app_joinattempt"? SET', sql, re.IGNORECASE):
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse):
        yield


def settled_on_next_request(client: Client, attempt_id: int) -> JoinAttempt:
    assert JoinAttempt.objects.get(pk=attempt_id).outcome == "unconfirmed", "not taken yet"
    assert client.get("/my-sessions/").status_code == 200  # the attendee's next page
    attempt = JoinAttempt.objects.get(pk=attempt_id)
    assert attempt.settled_at is not None, f"never settled: {attempt.outcome}"
    return attempt


def reconcile_after(attempt_id: int, seconds: int, settings) -> JoinAttempt:
    """The attempt `seconds` old when a complete reconciliation runs."""
    settings.UPSTREAM_READ_TIMEOUT, settings.UPSTREAM_TIME_BUDGET = 5, 10
    JoinAttempt.objects.filter(pk=attempt_id).update(
        created_at=JoinAttempt.objects.get(pk=attempt_id).created_at - timedelta(seconds=seconds)
    )
    call_command("reconcile", stdout=io.StringIO())
    return JoinAttempt.objects.get(pk=attempt_id)


def local_status() -> str | None:
    registration = Registration.objects.filter(session_id=OPEN).first()
    return registration.status if registration else None


@pytest.mark.parametrize("status", [500, 502, 503])
def test_a_join_the_platform_accepted_before_a_5xx_is_recorded_as_done(client, upstream, status):
    upstream.set_fault(mode="status", status=status, performed=1, method="POST")
    response = client.post(JOIN, KEEP_BOTH, **HX)
    upstream.clear_faults()
    assert response["HX-Redirect"] == f"/sessions/{OPEN}/", "not told to try again"
    attempt = JoinAttempt.objects.get()
    assert (attempt.outcome, attempt.http_status, local_status()) == (
        "joined",
        status,
        "registered",
    )


def test_a_join_not_sent_is_never_settled_as_the_click_that_joined(client, upstream, settings):
    assert client.post(JOIN, KEEP_BOTH, **HX)["HX-Redirect"]  # another click joined first
    settings.UPSTREAM_TIME_BUDGET = settings.UPSTREAM_READ_TIMEOUT  # no room for a write
    upstream.reset_stats()
    with attempt_outcomes_refused():
        response = client.post(JOIN, KEEP_BOTH, **HX)
    assert "so your join was not sent. Please try again." in response.content.decode()
    assert not any(key.startswith("POST /ev") for key in upstream.stats()["requests"])
    second = JoinAttempt.objects.latest("pk")
    assert settled_on_next_request(client, second.pk).outcome == "not_sent", "as known then"
    again = reconcile_after(second.pk, 300, settings)
    assert (again.outcome, local_status()) == ("not_sent", "registered")


def test_a_join_whose_yes_the_database_missed_is_settled_on_the_next_request(client, upstream):
    with attempt_outcomes_refused():
        response = client.post(JOIN, KEEP_BOTH, **HX)
    assert response["HX-Redirect"] == f"/sessions/{OPEN}/"
    assert local_status() is None, "the registration went with the outcome: one transaction"
    attempt = settled_on_next_request(client, JoinAttempt.objects.get().pk)
    assert (attempt.outcome, local_status()) == ("joined", "registered")


def test_reconciliation_settles_what_the_process_did_not_live_to_settle(client, upstream, settings):
    with attempt_outcomes_refused():
        client.post(JOIN, KEEP_BOTH, **HX)
    attempt = JoinAttempt.objects.get()  # and the attendee never came back
    assert attempt.outcome == "unconfirmed"
    assert reconcile_after(attempt.pk, 60, settings).outcome == "joined"
