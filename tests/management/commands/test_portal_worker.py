"""`manage.py portal_worker`: says whether reconciliation runs on a schedule, runs what is
queued (a run asked for from the admin, or the schedule's first) and, with `--once`, returns
after one round."""

import io
import signal

import pytest
from django.core.management import call_command

from sessions_app.models import ReconcileRun, Registration
from sessions_app.organizer.reconcile.runs import request_run

pytestmark = pytest.mark.django_db(transaction=True)  # the worker closes connections


@pytest.fixture(autouse=True)
def _signals_restored():
    """The command installs the worker's Ctrl-C and SIGTERM handlers: put pytest's back."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


def worker_once() -> str:
    out = io.StringIO()
    call_command("portal_worker", "--once", "--interval", "0", stdout=out)
    return out.getvalue()


def test_with_the_schedule_off_it_runs_only_what_was_asked_for(sandbox, settings):
    settings.PORTAL_RECONCILE_EVERY = 0
    assert "reconciliation off (PORTAL_RECONCILE_EVERY=0)" in worker_once()
    assert not ReconcileRun.objects.exists()
    asked = request_run(trigger=ReconcileRun.Trigger.ADMIN, requested_by="root")
    worker_once()
    asked.refresh_from_db()
    assert asked.state == "done" and Registration.objects.exists()
    assert ReconcileRun.objects.count() == 1


def test_with_a_schedule_the_first_run_starts_at_once(sandbox, settings):
    settings.PORTAL_RECONCILE_EVERY = 300
    assert "reconciliation every 300 s" in worker_once()
    run = ReconcileRun.objects.get()
    assert (run.trigger, run.state) == ("schedule", "done")
    assert Registration.objects.exists()
