"""Reconciliation as a background task: a run is queued (by the schedule or from the admin),
performed by the worker with its progress written after every page (the task and its body are
`sessions_app.tasks.reconcile`), and kept with its report.

The schedule lives in the queue: the worker keeps one scheduled run waiting, due
PORTAL_RECONCILE_EVERY seconds after the last one started (any run, so one started from the
admin moves the next scheduled one back), and every run is a row an organizer can look at.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from sessions_app.models import ReconcileRun
from sessions_app.tasks import reconcile

State = ReconcileRun.State
# A run still "running" after this long lost its worker (killed mid-run): it is failed so the
# schedule goes on. Longer than any real run (a 300-session event takes seconds).
STALE_AFTER = timedelta(minutes=30)
KEEP_FOR = timedelta(days=30)  # finished runs (and their task rows) kept this long


def active_run() -> ReconcileRun | None:
    return ReconcileRun.objects.filter(state__in=[State.QUEUED, State.RUNNING]).first()


def run_in_progress(*, now: datetime | None = None) -> ReconcileRun | None:
    """A run the organizer should wait for: running, or queued and due now. The scheduled run
    the worker keeps waiting minutes ahead is not one, or "Reconcile now" would never show."""
    due = Q(run_after=None) | Q(run_after__lte=now or timezone.now())
    return ReconcileRun.objects.filter(due, state__in=[State.QUEUED, State.RUNNING]).first()


def next_scheduled(*, now: datetime | None = None) -> ReconcileRun | None:
    later = Q(state=State.QUEUED, run_after__gt=now or timezone.now())
    return ReconcileRun.objects.filter(later).order_by("run_after").first()


def request_run(
    *,
    trigger: str,
    requested_by: str = "",
    session_ids=(),
    run_after: datetime | None = None,
) -> ReconcileRun:
    """Queue a run (a row, then its task); returns it."""
    run = ReconcileRun.objects.create(
        trigger=trigger,
        requested_by=requested_by[:150],
        session_ids=sorted(session_ids),
        run_after=run_after,
    )
    task = reconcile.using(run_after=run_after) if run_after else reconcile
    result = task.enqueue(run_id=run.pk)
    ReconcileRun.objects.filter(pk=run.pk).update(task_id=str(result.id))
    run.task_id = str(result.id)
    return run


def schedule_next(*, now: datetime | None = None) -> ReconcileRun | None:
    """Keep the next scheduled run queued; None when the schedule is off or one is waiting."""
    every = settings.PORTAL_RECONCILE_EVERY
    if every <= 0:
        return None
    now = now or timezone.now()
    ReconcileRun.objects.filter(state=State.RUNNING, started_at__lt=now - STALE_AFTER).update(
        state=State.FAILED, finished_at=now, error="The worker stopped during this run."
    )
    if active_run() is not None:
        return None
    last = ReconcileRun.objects.exclude(started_at=None).order_by("-started_at").first()
    due = last.started_at + timedelta(seconds=every) if last else now
    _prune(now)  # once a period: a run every 5 minutes is 8,640 rows a month
    return request_run(trigger=ReconcileRun.Trigger.SCHEDULE, run_after=max(due, now))


def _prune(now: datetime) -> None:
    from django_tasks_db.models import DBTaskResult

    ReconcileRun.objects.filter(
        state__in=[State.DONE, State.FAILED], finished_at__lt=now - KEEP_FOR
    ).delete()
    DBTaskResult.objects.finished().filter(finished_at__lt=now - KEEP_FOR).delete()
