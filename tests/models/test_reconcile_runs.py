"""A reconciliation run as an organizer follows it: its progress in percent (never past 100, a
finished run without sessions complete, a queued one at zero), newest first, named by state."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sessions_app.models import ReconcileRun

pytestmark = pytest.mark.django_db


def run(**fields) -> ReconcileRun:
    return ReconcileRun(trigger=ReconcileRun.Trigger.ADMIN, **fields)


@pytest.mark.parametrize(
    ("done", "total", "state", "percent"),
    [
        (0, 0, "queued", 0),
        (0, 0, "running", 0),
        (0, 0, "done", 100),
        (0, 0, "failed", 0),
        (1, 3, "running", 33),
        (2, 3, "running", 67),
        (5, 4, "running", 100),  # sessions added upstream during the run
    ],
)
def test_progress_in_percent(done, total, state, percent):
    assert run(sessions_done=done, sessions_total=total, state=state).percent == percent


def test_a_new_run_waits_for_the_worker_and_covers_every_session():
    queued = ReconcileRun.objects.create(trigger=ReconcileRun.Trigger.SCHEDULE)
    assert queued.state == "queued" and queued.get_state_display() == "Waiting for the worker"
    assert queued.session_ids == [] and queued.report == {}
    assert str(queued) == f"reconciliation {queued.pk} (queued)"


def test_runs_list_newest_first():
    first = ReconcileRun.objects.create(trigger="schedule")
    second = ReconcileRun.objects.create(trigger="admin")
    ReconcileRun.objects.filter(pk=first.pk).update(queued_at=timezone.now() + timedelta(1))
    assert list(ReconcileRun.objects.all()) == [first, second]
    ReconcileRun.objects.filter(pk=first.pk).update(queued_at=second.queued_at)
    assert list(ReconcileRun.objects.all()) == [second, first]  # the same time: the later row
