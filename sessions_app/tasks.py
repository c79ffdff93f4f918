"""Background tasks (django-tasks, database backend), run by `manage.py portal_worker`.

To add one: decorate a function whose arguments are JSON values with `@task()` here, and call
`that_task.enqueue(...)` (or `that_task.using(run_after=when).enqueue(...)`) where the work
arises; the worker picks it up within a second. Keep each task idempotent: a worker stopped
mid-task leaves it marked running, and the work may be asked for again.
"""

from django_tasks import task

from .reconcile import runs


@task()
def reconcile(run_id: int) -> dict:
    """Reconcile local registrations with Accelevents for the ReconcileRun `run_id`."""
    return runs.perform(run_id)
