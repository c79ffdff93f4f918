import contextlib

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from sandbox import faults, faultspec, seed
from sandbox.models import Event, SandboxState
from sandbox.server import serve


class Command(BaseCommand):
    help = "Migrate, seed if asked (or if empty), and serve the Accelevents API sandbox."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=settings.SANDBOX_PORT)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--seed", action="store_true", help="wipe and seed the demo data")

    def handle(self, *args, host, port, **options):
        try:
            faults.default_rule()
        except faultspec.FaultSpecError as exc:
            raise CommandError(f"SANDBOX_FAULT is invalid: {exc}") from None
        call_command("migrate", interactive=False, verbosity=0)
        # Fault rules and the clock offset belong to a run, not to the database.
        SandboxState.load()
        SandboxState.objects.filter(pk=1).update(clock_offset_seconds=0.0, faults=[])
        if options["seed"] or not Event.objects.filter(url=settings.SANDBOX_EVENT_URL).exists():
            seed.seed_demo()

        def ready(bound_port):
            display = f"[{host}]" if ":" in host else host
            self.stdout.write(f"Sandbox API on http://{display}:{bound_port}/rest")
            self.stdout.flush()

        with contextlib.suppress(KeyboardInterrupt):
            serve(host, port, ready)
