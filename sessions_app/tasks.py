"""Background tasks (django-tasks, database backend), run by `manage.py portal_worker`.

To add one: decorate a function whose arguments are JSON values with `@task()` here, and call
`that_task.enqueue(...)` (or `that_task.using(run_after=when).enqueue(...)`) where the work
arises; the worker picks it up within a second. Keep each task idempotent: a worker stopped
mid-task leaves it marked running, and the work may be asked for again.

A task's dotted path is written into its queue row and read back by the worker, so this module
stays at `sessions_app.tasks` and a task keeps its name: a run queued before a deploy must still
be found after it.
"""

import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from sessions_app.joining import recording
from sessions_app.organizer.reconcile import ReconcileReport, reconcile_registrations
from sessions_app.upstream.domain import ZoneSource
from sessions_app.upstream.errors import UpstreamError, UpstreamMisconfigured

from .models import ReconcileRun

log = logging.getLogger("sessions_app.organizer.reconcile")
State = ReconcileRun.State


@task()
def reconcile(run_id: int) -> dict:
    """Reconcile local registrations with Accelevents for the ReconcileRun `run_id`."""
    return perform(run_id)


def perform(run_id: int) -> dict:
    """The task's body: run reconciliation for the run `run_id`, writing its progress."""
    run = ReconcileRun.objects.filter(pk=run_id, state=State.QUEUED).first()
    if run is None:
        log.info("reconciliation run %s is not waiting; nothing to do", run_id)
        return {}
    ReconcileRun.objects.filter(pk=run_id).update(state=State.RUNNING, started_at=timezone.now())

    def progress(report: ReconcileReport) -> None:
        ReconcileRun.objects.filter(pk=run_id).update(
            sessions_done=report.sessions_seen, sessions_total=report.sessions_total
        )

    started = timezone.now()
    try:
        report = reconcile_registrations(
            only_session_ids=run.session_ids or None, progress=progress
        )
    except UpstreamError as exc:
        hint = f" Check {exc.setting}." if isinstance(exc, UpstreamMisconfigured) else ""
        _finish(
            run_id,
            State.FAILED,
            error=f"Accelevents could not be read: {exc.message} "
            f"(request {exc.request_id}).{hint} Sessions applied before that stay applied.",
        )
        return {"error": exc.message}
    except BaseException:
        _finish(run_id, State.FAILED, error="The run stopped on an error; see the worker's log.")
        raise
    if report.complete:  # the records now agree with the upstream: settle what was left
        recording.settle_from_records(reconciled_since=started)
    zone = "" if report.event_zone_source == ZoneSource.FALLBACK else report.event_zone
    _finish(run_id, State.DONE, report=report.as_dict(), event_zone=zone)
    return report.as_dict()


def _finish(run_id: int, state: str, **fields) -> None:
    with transaction.atomic():
        ReconcileRun.objects.filter(pk=run_id).update(
            state=state, finished_at=timezone.now(), **fields
        )
