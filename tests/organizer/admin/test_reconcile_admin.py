"""Reconciliation started from the admin: only with the reconcile permission, queued for the
worker (the page follows it and refreshes), one at a time, and offered while the schedule's next
run merely waits."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone

from sessions_app.models import ReconcileRun, Registration, SessionSnapshot
from sessions_app.organizer.reconcile.runs import schedule_next
from sessions_app.organizer.worker import run_worker
from tests.admin_records import (
    admin_client,
    make_session,
    organizer_client,
    superuser_client,
)
from tests.organizer.reconcile.test_reconcile import (
    local_registrations,
    session_titled,
    upstream_registrations,
)


@pytest.mark.django_db(transaction=True)  # the worker closes old connections between looks
def test_reconcile_from_the_admin_needs_the_reconcile_permission(sandbox, settings):
    settings.PORTAL_RECONCILE_EVERY = 0  # only the runs asked for here
    summary = "/admin/sessions_app/sessionsnapshot/"
    full = session_titled("Full House").session
    SessionSnapshot.objects.remember(full)
    organizer = organizer_client()
    assert "reconcile_selected" not in organizer.get(summary).content.decode()
    assert organizer.post(f"{summary}reconcile/").status_code == 403
    assert not ReconcileRun.objects.exists()

    root = superuser_client()
    page = root.get(summary).content.decode()
    assert "reconcile_selected" in page and f'href="{summary}reconcile/"' in page
    response = root.post(
        summary, {"action": "reconcile_selected", "_selected_action": [full.id]}, follow=True
    )
    # Queued, not run inside the request: the page shows it waiting and refreshes itself.
    assert "Waiting for the worker" in response.content.decode()
    assert 'http-equiv="refresh"' in response.content.decode()
    assert not Registration.objects.exists()
    run_worker(once=True)
    assert set(Registration.objects.values_list("session_id", flat=True)) == {full.id}
    page = root.get(f"{summary}reconcile/").content.decode()
    assert "http-equiv" not in page and "3 registrations added" in page

    root.post(f"{summary}reconcile/")
    assert (
        root.post(f"{summary}reconcile/", follow=True)
        .content.decode()
        .count("already waiting or running")
        == 1
    )  # a second click does not queue a second run
    assert ReconcileRun.objects.filter(state="queued").count() == 1
    run_worker(once=True)
    assert local_registrations() == upstream_registrations()
    done = ReconcileRun.objects.first()
    assert (done.state, done.requested_by, done.event_zone) == ("done", "root", "America/New_York")
    assert done.sessions_done == done.sessions_total == SessionSnapshot.objects.count()

    settings.UPSTREAM_GET_RETRIES = 0
    sandbox.set_fault(mode="status", status=503, path_contains="/host/")
    root.post(f"{summary}reconcile/")
    run_worker(once=True)
    assert "Accelevents could not be read" in root.get(f"{summary}reconcile/").content.decode()
    assert ReconcileRun.objects.first().state == "failed"


@pytest.mark.django_db(transaction=True)
def test_reconcile_now_is_offered_while_the_next_scheduled_run_waits(sandbox, settings):
    """The schedule always keeps one run waiting (due minutes from now): that is not a run in
    progress, so the organizer may still start one now, and is not told the worker is down."""
    settings.PORTAL_RECONCILE_EVERY = 300
    page_url = "/admin/sessions_app/sessionsnapshot/reconcile/"
    run_worker(once=True)  # the first scheduled run
    schedule_next()  # the worker's next look: the one after, due 5 minutes from now
    waiting = ReconcileRun.objects.get(state="queued")
    assert waiting.trigger == "schedule" and waiting.run_after > timezone.now()

    root = superuser_client()
    page = root.get(page_url).content.decode()
    assert 'value="Reconcile now"' in page
    assert "it is not running" not in page and 'http-equiv="refresh"' not in page
    assert "Next scheduled run" in page

    page = root.post(page_url, follow=True).content.decode()
    assert "already waiting or running" not in page and "Reconciliation queued" in page
    mine = ReconcileRun.objects.get(trigger="admin")
    assert mine.state == "queued" and mine.requested_by == "root"
    # Now one is in progress: the page follows it, and a second click queues nothing.
    assert 'value="Reconcile now"' not in root.get(page_url).content.decode()
    assert "already waiting or running" in root.post(page_url, follow=True).content.decode()
    assert ReconcileRun.objects.filter(trigger="admin").count() == 1


SUMMARY = "/admin/sessions_app/sessionsnapshot/"


@pytest.mark.django_db
def test_staff_given_the_reconcile_permission_queue_a_run_of_the_sessions_selected():
    user = get_user_model().objects.create_user("lead", password="Lead-2026!x", is_staff=True)
    codenames = ["view_sessionsnapshot", "reconcile_sessionsnapshot"]
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    for session_id in (30, 10, 20):
        make_session(session_id)
    client = admin_client(user)
    response = client.post(
        SUMMARY, {"action": "reconcile_selected", "_selected_action": ["30", "10"]}
    )
    assert response.status_code == 302 and response["Location"] == f"{SUMMARY}reconcile/"
    run = ReconcileRun.objects.get()
    assert (run.trigger, run.requested_by, run.session_ids) == ("admin", "lead", [10, 30])
    assert run.state == "queued" and run.task_id
    page = client.get(f"{SUMMARY}reconcile/").content.decode()
    assert "Waiting for the worker" in page and 'http-equiv="refresh"' in page


@pytest.mark.django_db
def test_the_page_reports_the_finished_runs_and_when_the_next_one_is_due():
    now = timezone.now()
    report = {"sessions_seen": 12, "registrations_created": 4, "registrations_removed": 1}
    ReconcileRun.objects.create(
        trigger="admin", requested_by="root", state="done", started_at=now, report=report
    )
    ReconcileRun.objects.create(
        trigger="schedule", state="failed", started_at=now, error="Accelevents said 503."
    )
    ReconcileRun.objects.create(trigger="schedule", run_after=now + timedelta(minutes=5))
    page = superuser_client().get(f"{SUMMARY}reconcile/").content.decode()
    assert "From the admin (root)" in page
    assert "12 sessions read: 0 attendees added, 4 registrations added" in page
    assert "1 removed" in page and "Accelevents said 503." in page
    assert "Next scheduled run: due" in page and 'value="Reconcile now"' in page
    assert "Waiting for the worker" not in page  # the scheduled run is not a past run
