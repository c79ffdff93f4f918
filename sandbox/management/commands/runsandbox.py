import contextlib

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from sandbox import avatars, dialects, faults, faultspec, seed
from sandbox.models import Event, SandboxState
from sandbox.server import serve


def _checked_env() -> list[str]:
    """Fail start-up, not the first request, on a bad SANDBOX_FAULT or SANDBOX_DIALECT."""
    try:
        faults.default_rule()
    except faultspec.FaultSpecError as exc:
        raise CommandError(f"SANDBOX_FAULT is invalid: {exc}") from None
    try:
        return dialects.default()
    except dialects.DialectError as exc:
        raise CommandError(f"SANDBOX_DIALECT is invalid: {exc}") from None


def _start_run(names: list[str], *, reseed: bool) -> None:
    # Fault rules, the clock offset and the dialects belong to a run, not to the database.
    SandboxState.load()
    was_large = dialects.LARGE_EVENT in dialects.stored()
    SandboxState.objects.filter(pk=1).update(clock_offset_seconds=0.0, faults=[], dialects=names)
    large = dialects.LARGE_EVENT in names
    empty = not Event.objects.filter(url=settings.SANDBOX_EVENT_URL).exists()
    if reseed or empty or large != was_large:  # the data must match large-event
        seed.seed_demo(large=large)


class Command(BaseCommand):
    help = "Migrate, seed if asked (or if empty), and serve the Accelevents API sandbox."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=settings.SANDBOX_PORT)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--seed", action="store_true", help="wipe and seed the demo data")

    def handle(self, *args, host, port, **options):
        names = _checked_env()
        call_command("migrate", interactive=False, verbosity=0)
        _start_run(names, reseed=options["seed"])

        def ready(bound_port):
            display = f"[{host}]" if ":" in host else host
            avatars.serve_at(f"http://{display}:{bound_port}")
            self.stdout.write(f"Sandbox API on http://{display}:{bound_port}/rest")
            self.stdout.flush()

        with contextlib.suppress(KeyboardInterrupt):
            serve(host, port, ready)
