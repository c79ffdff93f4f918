"""`manage.py seed_organizer`: the Organizers group (view-only on the portal's records, plus
export) always, the demo organizer account only with DEBUG on; that account is staff, not
superuser, and signs in to the admin with the documented password."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from sessions_app.management.commands.seed_organizer import (
    ORGANIZER_PASSWORD,
    ORGANIZER_USERNAME,
    create_demo_organizer,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_the_demo_organizer_is_staff_not_superuser_and_signs_in_with_the_password(client):
    user = create_demo_organizer()
    assert user.is_staff and not user.is_superuser
    assert {p.split(".")[1] for p in user.get_all_permissions()} == {
        "view_attendee",
        "view_registration",
        "view_joinattempt",
        "view_sessionsnapshot",
        "export_registration",
        "export_joinattempt",
    }
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": ORGANIZER_USERNAME, "password": ORGANIZER_PASSWORD},
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_seed_organizer_makes_the_demo_account_only_with_debug_on(settings):
    settings.DEBUG = False
    call_command("seed_organizer", stdout=io.StringIO())
    assert Group.objects.get(name="Organizers").permissions.count() == 6
    assert not get_user_model().objects.filter(username=ORGANIZER_USERNAME).exists()
    settings.DEBUG = True
    call_command("seed_organizer", stdout=io.StringIO())
    call_command("seed_organizer", stdout=io.StringIO())  # idempotent
    user = get_user_model().objects.get(username=ORGANIZER_USERNAME)
    assert user.check_password(ORGANIZER_PASSWORD) and user.groups.get().name == "Organizers"
