"""Create (or reset) the Organizers group and, with DEBUG on, the demo organizer: staff, not
superuser, view-only on the portal's records plus CSV export."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand

ORGANIZER_USERNAME = "organizer"
ORGANIZER_PASSWORD = "Summit-2026!"  # noqa: S105 - demo account, documented in README
ORGANIZER_CODENAMES = (
    "view_attendee",
    "view_registration",
    "view_joinattempt",
    "view_sessionsnapshot",
    "export_registration",
    "export_joinattempt",
)


def organizers_group() -> Group:
    group, _ = Group.objects.get_or_create(name="Organizers")
    perms = Permission.objects.filter(
        content_type__app_label="sessions_app", codename__in=ORGANIZER_CODENAMES
    )
    group.permissions.set(perms)
    return group


def create_demo_organizer(username: str = ORGANIZER_USERNAME, password: str = ORGANIZER_PASSWORD):
    user, _ = get_user_model().objects.get_or_create(username=username)
    user.is_staff, user.is_superuser, user.is_active = True, False, True
    user.email = f"{username}@example.com"
    user.set_password(password)
    user.save()
    user.groups.set([organizers_group()])
    return user


class Command(BaseCommand):
    help = "Create the Organizers group, and the demo organizer account with DEBUG on."

    def handle(self, *args, **options):
        organizers_group()
        if not settings.DEBUG:
            self.stdout.write("DEBUG is off: the Organizers group is ready; no demo account made.")
            return
        create_demo_organizer()
        self.stdout.write(f"Demo organizer: {ORGANIZER_USERNAME} / {ORGANIZER_PASSWORD}")
