"""The background worker: runs every ready task of django-tasks' database backend, keeps the
next scheduled reconciliation queued and sends the reminder e-mails that are due.
`manage.py portal_worker` runs it until stopped."""

import logging
import threading
import time

from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from sessions_app.planning.reminder_emails import send_due_reminders

from .reconcile.runs import schedule_next

log = logging.getLogger("sessions_app.organizer.worker")
# Seconds between looks for due reminder e-mails: how late one may go out, and how soon a
# failed one is tried again (each look is two indexed queries when nothing is due).
REMINDER_LOOK_SECONDS = 30


def make_worker() -> Worker:
    """django-tasks' own worker, in batch mode: each call of run() takes every task that is
    ready, then returns (this loop decides when to look again)."""
    return Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=get_random_string(32),
        excluded_queue_names=[],
    )


def run_worker(
    worker: Worker | None = None,
    *,
    interval: float = 1.0,
    stop: threading.Event | None = None,
    once: bool = False,
) -> None:
    """Schedule, send due reminders (every REMINDER_LOOK_SECONDS), run what is ready, wait
    `interval` seconds; until `stop` is set, the worker was told to shut down (a signal), or
    after one round with `once`."""
    stop = stop or threading.Event()
    worker = worker or make_worker()
    log.info("worker %s started", worker.worker_id)
    next_reminders = 0.0
    while not stop.is_set() and worker.running:
        schedule_next()
        if time.monotonic() >= next_reminders:
            next_reminders = time.monotonic() + REMINDER_LOOK_SECONDS
            _send_reminders()
        worker.run()
        if once:
            return
        stop.wait(interval)


def _send_reminders() -> None:
    """The reminder step, kept from stopping the loop (and with it reconciliation): a failure
    (the database, a mail setting that cannot work) is one line and tried at the next look."""
    try:
        send_due_reminders()
    except Exception as exc:
        # The type only: a database or SMTP error's message may name an attendee's address.
        log.warning(
            "reminder e-mails failed this round (%s); tried again at the next", type(exc).__name__
        )
