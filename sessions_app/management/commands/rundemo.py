"""One command for a local demo: migrate, start the sandbox (fresh demo data) as its own
process, create the demo organizer, start the background worker (reconciliation every
PORTAL_RECONCILE_EVERY seconds; reminder e-mails, printed in this terminal by the console
backend unless EMAIL_URL says otherwise), and serve the portal. Ctrl-C stops all three."""

import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

READY_TIMEOUT = 60


class Command(BaseCommand):
    help = "Run the portal on :8000 with the sandbox upstream and fresh demo data."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--sandbox-port", type=int, default=settings.SANDBOX_PORT)

    def handle(self, *args, port, sandbox_port, **options):
        Path(settings.VAR_DIR).mkdir(exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("seed_organizer")
        sandbox = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "sandbox", "runsandbox", "--port", str(sandbox_port), "--seed"],
            cwd=settings.BASE_DIR,
        )
        worker = None
        try:
            self._wait_for_sandbox(sandbox_port, sandbox)
            # The demo's registrations were made "elsewhere" (seeded upstream): bring them in.
            call_command("reconcile")
            worker = subprocess.Popen(
                [sys.executable, "manage.py", "portal_worker"], cwd=settings.BASE_DIR
            )
            self.stdout.write(
                self.style.SUCCESS(f"Portal on http://localhost:{port}/ (Ctrl-C stops)")
            )
            call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)
        finally:
            for process in (worker, sandbox):
                if process is not None:
                    process.terminate()
                    process.wait(timeout=10)

    def _wait_for_sandbox(self, port, process):
        url = f"http://127.0.0.1:{port}/__sandbox__/health"
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise CommandError("The sandbox exited during start-up; see its output above.")
            try:
                with urllib.request.urlopen(url, timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise CommandError(f"The sandbox did not answer on port {port} within {READY_TIMEOUT} s.")
