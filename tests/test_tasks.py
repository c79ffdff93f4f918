"""The reconciliation task's body as the run an organizer follows: only a waiting run is
performed; it ends done with its progress, report and the event's zone (none when the zone was
a fallback), or failed with why, naming the setting to check when the platform refuses the
portal's key."""

import pytest

from sessions_app.models import ReconcileRun, Registration, SessionSnapshot
from sessions_app.tasks import perform

pytestmark = pytest.mark.django_db


def queued(**fields) -> ReconcileRun:
    return ReconcileRun.objects.create(trigger=ReconcileRun.Trigger.ADMIN, **fields)


def test_a_run_that_is_not_waiting_is_left_as_it_is():
    done = queued(state="done", report={"sessions_seen": 3})
    assert perform(done.pk) == {}
    assert perform(done.pk + 1) == {}  # no such run
    done.refresh_from_db()
    assert (done.state, done.started_at, done.report, done.error) == (
        "done",
        None,
        {"sessions_seen": 3},
        "",
    )


def test_a_run_ends_done_with_its_progress_report_and_the_events_zone(sandbox):
    run = queued()
    returned = perform(run.pk)
    run.refresh_from_db()
    assert run.state == "done" and run.error == ""
    assert run.started_at <= run.finished_at
    assert run.sessions_done == run.sessions_total == SessionSnapshot.objects.count() > 0
    assert run.report == returned and returned["complete"] is True
    assert returned["registrations_created"] == Registration.objects.count() > 0
    assert run.event_zone == "America/New_York"


def test_a_run_limited_to_some_sessions_reconciles_only_those(sandbox):
    perform(queued().pk)
    some = sorted(SessionSnapshot.objects.values_list("pk", flat=True))[:2]
    Registration.objects.all().delete()
    perform(queued(session_ids=some).pk)
    assert set(Registration.objects.values_list("session_id", flat=True)) <= set(some)
    assert Registration.objects.exists()


def test_a_zone_the_portal_only_guessed_is_not_kept(sandbox, settings):
    sandbox.reset(dialects=["event-without-zone"])
    settings.ACCELEVENTS_EVENT_TIMEZONE = ""
    run = queued()
    perform(run.pk)
    run.refresh_from_db()
    assert run.state == "done" and run.event_zone == ""


def test_an_unreadable_platform_fails_the_run_and_says_why(sandbox, settings):
    settings.UPSTREAM_GET_RETRIES = 0
    sandbox.set_fault(mode="status", status=503, path_contains="/host/")
    run = queued()
    returned = perform(run.pk)
    run.refresh_from_db()
    assert run.state == "failed" and run.finished_at is not None
    assert run.error.startswith("Accelevents could not be read: ")
    assert "Sessions applied before that stay applied." in run.error
    assert "Check " not in run.error
    assert set(returned) == {"error"} and returned["error"] in run.error


def test_a_refused_key_names_the_setting_to_check(sandbox, settings):
    settings.ACCELEVENTS_API_KEY = "wrong-key"
    run = queued()
    perform(run.pk)
    run.refresh_from_db()
    assert run.state == "failed" and "Check ACCELEVENTS_API_KEY, " in run.error
    assert not Registration.objects.exists()
