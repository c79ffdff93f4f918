"""`python manage.py portal_worker`: run background tasks and the reconciliation schedule.

One or more may run (each takes a task under a row lock); Ctrl-C or SIGTERM lets the task in
progress finish, a second one stops it at once.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from sessions_app.organizer.worker import make_worker, run_worker


class Command(BaseCommand):
    help = "Run background tasks; schedule reconciliation every PORTAL_RECONCILE_EVERY seconds."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds between looks for work"
        )
        parser.add_argument(
            "--once", action="store_true", help="run what is ready now, then exit (cron, tests)"
        )

    def handle(self, *args, interval, once, **options):
        every = settings.PORTAL_RECONCILE_EVERY
        schedule = f"every {every} s" if every > 0 else "off (PORTAL_RECONCILE_EVERY=0)"
        self.stdout.write(f"Worker: background tasks; reconciliation {schedule}.")
        worker = make_worker()
        worker.configure_signals()  # the task in progress finishes on the first Ctrl-C
        run_worker(worker, interval=interval, once=once)
