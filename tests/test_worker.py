"""The background worker: it keeps a reconciliation scheduled every PORTAL_RECONCILE_EVERY
seconds and runs it, so a registration made elsewhere (the hub, the app) appears in the portal
within one period, with nobody pressing anything; 0 turns the schedule off."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone

from sessions_app.models import ReconcileRun, Registration
from sessions_app.reconcile.runs import schedule_next
from sessions_app.worker import run_worker
from tests.test_views_join import open_live_session

PERIOD = 2


@pytest.fixture
def worker(settings):
    """The worker loop in a thread, as `manage.py portal_worker` runs it, for one test."""
    settings.PORTAL_RECONCILE_EVERY = PERIOD
    stop = threading.Event()

    def run():
        try:
            run_worker(interval=0.1, stop=stop)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    yield
    stop.set()
    thread.join(timeout=30)
    assert not thread.is_alive()


def wait_for(condition, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.django_db(transaction=True)
def test_a_registration_made_elsewhere_appears_within_one_period(sandbox, worker):
    first = wait_for(lambda: ReconcileRun.objects.filter(state="done").exists(), PERIOD + 5)
    assert first, "the worker ran no scheduled reconciliation"
    newcomer = sandbox.create_attendees(1, "vip")[0]
    session = open_live_session(sandbox, "vip")
    joined = sandbox.rest(
        "POST",
        f"/events/{{event}}/session/{session.id}/register/{newcomer['eventTicketId']}",
        token=newcomer["accessToken"],
    )
    assert joined.status_code == 200, joined.text
    made_at = time.monotonic()
    mine = Registration.objects.filter(
        attendee__upstream_user_id=newcomer["userId"], session_id=session.id
    )
    # One period, plus the run's own time and the worker's look every 0.1 s.
    assert wait_for(mine.exists, PERIOD + 3), "not reconciled within one period"
    took = time.monotonic() - made_at
    runs = ReconcileRun.objects.filter(trigger="schedule", state="done")
    assert runs.count() >= 2 and took <= PERIOD + 3
    assert ReconcileRun.objects.filter(state="queued").count() <= 1  # the next one, waiting


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
