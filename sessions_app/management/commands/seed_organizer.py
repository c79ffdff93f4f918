"""Create (or reset) the demo organizer: staff, not superuser, in the view-only Organizers
group that the admin work defines."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand

ORGANIZER_USERNAME = "organizer"
ORGANIZER_PASSWORD = "Summit-2026!"  # noqa: S105 - demo account, documented in README
VIEWED_MODELS = ("attendee", "registration", "joinattempt")


def organizers_group() -> Group:
    group, _ = Group.objects.get_or_create(name="Organizers")
    perms = Permission.objects.filter(
        content_type__app_label="sessions_app", codename__in=[f"view_{m}" for m in VIEWED_MODELS]
    )
    group.permissions.set(perms)
    return group


class Command(BaseCommand):
    help = "Create the demo organizer account (only with DEBUG on)."

    def handle(self, *args, **options):
        group = organizers_group()
        if not settings.DEBUG:
            self.stdout.write("DEBUG is off: the Organizers group is ready; no demo account made.")
            return
        user, _ = get_user_model().objects.get_or_create(username=ORGANIZER_USERNAME)
        user.is_staff, user.is_superuser, user.email = True, False, "organizer@example.com"
        user.set_password(ORGANIZER_PASSWORD)
        user.save()
        user.groups.set([group])
        self.stdout.write(f"Demo organizer: {ORGANIZER_USERNAME} / {ORGANIZER_PASSWORD}")
