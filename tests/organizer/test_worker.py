"""The background worker: it keeps a reconciliation scheduled every PORTAL_RECONCILE_EVERY
seconds and runs it, so a registration made elsewhere (the hub, the app) appears in the portal
within one period, with nobody pressing anything; 0 turns the schedule off."""

import threading
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from sessions_app.models import JoinAttempt, ReconcileRun, Registration
from sessions_app.organizer.reconcile.runs import schedule_next
from sessions_app.organizer.worker import run_worker
from sessions_app.tasks import perform
from tests.joining.test_views import open_live_session
from tests.portal_helpers import sign_in

PERIOD = 2


@pytest.mark.django_db(transaction=True)  # the worker closes old connections between looks
def test_a_registration_made_elsewhere_appears_within_one_period(sandbox, settings):
    """The worker loop runs here as `manage.py portal_worker` runs it; meanwhile, elsewhere (a
    thread that only talks to the sandbox over HTTP), a new attendee registers in the hub."""
    settings.PORTAL_RECONCILE_EVERY = PERIOD
    newcomer = sandbox.create_attendees(1, "vip")[0]
    session = open_live_session(sandbox, "vip")
    made, stop = {}, threading.Event()

    def elsewhere():
        try:
            time.sleep(PERIOD / 2 + 0.5)  # the first scheduled run has happened
            made["at"] = timezone.now()
            made["status"] = sandbox.rest(
                "POST",
                f"/events/{{event}}/session/{session.id}/register/{newcomer['eventTicketId']}",
                token=newcomer["accessToken"],
            ).status_code
            time.sleep(PERIOD + 2)
        finally:
            stop.set()

    helper = threading.Thread(target=elsewhere, daemon=True)
    helper.start()
    run_worker(interval=0.1, stop=stop)
    helper.join(timeout=30)

    assert made["status"] == 200
    assert Registration.objects.filter(
        attendee__upstream_user_id=newcomer["userId"], session_id=session.id, status="registered"
    ).exists()
    done = ReconcileRun.objects.filter(trigger="schedule", state="done")
    assert done.filter(started_at__lt=made["at"]).exists()  # it was running before
    found_by = done.filter(started_at__gte=made["at"]).order_by("started_at").first()
    assert found_by is not None and found_by.report["registrations_created"] == 1
    # The run that found it started within one period (plus the loop's 0.1 s look).
    waited = (found_by.started_at - made["at"]).total_seconds()
    assert waited <= PERIOD + 0.3, f"picked up {waited:.1f} s after it was made (period {PERIOD} s)"
    assert ReconcileRun.objects.filter(state="queued").count() == 1  # the next one, waiting


@pytest.mark.django_db
def test_the_schedule_waits_for_its_period_and_can_be_turned_off(settings):
    settings.PORTAL_RECONCILE_EVERY = 300
    now = timezone.now()
    ReconcileRun.objects.create(
        trigger="admin", state="done", started_at=now - timedelta(minutes=1)
    )
    queued = schedule_next(now=now)
    assert queued.run_after == now + timedelta(minutes=4)  # 300 s after the last start
    assert schedule_next(now=now) is None  # one is waiting already
    ReconcileRun.objects.all().delete()
    settings.PORTAL_RECONCILE_EVERY = 0
    assert schedule_next(now=now) is None and not ReconcileRun.objects.exists()


@pytest.mark.django_db
def test_runs_older_than_a_month_are_pruned_when_the_next_is_scheduled(settings):
    settings.PORTAL_RECONCILE_EVERY = 300
    now = timezone.now()
    old = ReconcileRun.objects.create(
        trigger="schedule",
        state="done",
        started_at=now - timedelta(days=31),
        finished_at=now - timedelta(days=31),
    )
    recent = ReconcileRun.objects.create(
        trigger="schedule",
        state="done",
        started_at=now - timedelta(days=2),
        finished_at=now - timedelta(days=2),
    )
    schedule_next(now=now)
    assert not ReconcileRun.objects.filter(pk=old.pk).exists()
    assert ReconcileRun.objects.filter(pk=recent.pk).exists()


@pytest.mark.django_db
def test_a_run_whose_worker_died_does_not_stop_the_schedule(settings):
    settings.PORTAL_RECONCILE_EVERY = 300
    now = timezone.now()
    stuck = ReconcileRun.objects.create(
        trigger="schedule", state="running", started_at=now - timedelta(hours=1)
    )
    assert schedule_next(now=now) is not None
    stuck.refresh_from_db()
    assert stuck.state == "failed" and "worker stopped" in stuck.error


@pytest.mark.django_db(transaction=True)
def test_a_join_left_unconfirmed_is_settled_by_the_next_reconciliation(sandbox, client):
    """The attendee clicked, the answer got lost, and they never came back: the scheduled run
    brings the registration in, and the attempt takes the outcome the records then show."""
    sign_in(client, "vip")
    session = open_live_session(sandbox, "vip")
    victor = sandbox.token("vip")
    path = f"/events/{{event}}/session/{session.id}/register/57941"
    sandbox.rest("POST", path, token=victor).raise_for_status()  # it landed upstream
    attendee_id = client.session["upstream"]["bound"][1]
    long_ago = timezone.now() - timedelta(minutes=10)
    landed = JoinAttempt.objects.create(
        attendee_id=attendee_id, session_id=session.id, action="join", outcome="unconfirmed"
    )
    missed = JoinAttempt.objects.create(
        attendee_id=attendee_id,
        session_id=session.id + 10_000,
        action="join",
        outcome="unconfirmed",
    )
    fresh = JoinAttempt.objects.create(
        attendee_id=attendee_id, session_id=session.id, action="join", outcome="unconfirmed"
    )
    JoinAttempt.objects.filter(pk__in=[landed.pk, missed.pk]).update(created_at=long_ago)

    perform(ReconcileRun.objects.create(trigger="schedule").pk)

    outcomes = dict(JoinAttempt.objects.values_list("pk", "outcome"))
    assert outcomes[landed.pk] == "joined"
    assert outcomes[missed.pk] == "upstream_unavailable"  # it never happened
    assert outcomes[fresh.pk] == "unconfirmed", "a click younger than the cutoff is left alone"
