from django.core.management.base import BaseCommand

from sandbox import dialects, seed
from sandbox.models import SandboxState


class Command(BaseCommand):
    help = "Wipe the sandbox data and recreate the demo event around the sandbox's now."

    def handle(self, *args, **options):
        SandboxState.load()
        # The data follows the running sandbox's dialects (large-event or not), not this shell's.
        magic_keys = seed.seed_demo(large=dialects.LARGE_EVENT in dialects.stored())
        self.stdout.write("Demo data seeded. One-time magic-link keys:")
        for email, key in magic_keys.items():
            self.stdout.write(f"  {email}: {key}")
