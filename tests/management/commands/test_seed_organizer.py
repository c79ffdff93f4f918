"""`manage.py seed_organizer`: the Organizers group (view-only on the portal's records, plus
export) always, the demo organizer account only with DEBUG on; that account is staff, not
superuser, and signs in to the admin with the documented password."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
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


def test_running_it_again_puts_the_group_and_the_demo_account_back(settings):
    settings.DEBUG = True
    call_command("seed_organizer", stdout=io.StringIO())
    group = Group.objects.get(name="Organizers")
    group.permissions.add(Permission.objects.get(codename="delete_registration"))
    user = get_user_model().objects.get(username=ORGANIZER_USERNAME)
    user.is_superuser, user.is_active = True, False
    user.set_password("changed")
    user.save()
    out = io.StringIO()
    call_command("seed_organizer", stdout=out)
    assert f"Demo organizer: {ORGANIZER_USERNAME} / {ORGANIZER_PASSWORD}" in out.getvalue()
    assert not group.permissions.filter(codename="delete_registration").exists()
    user.refresh_from_db()
    assert user.is_active and not user.is_superuser and user.check_password(ORGANIZER_PASSWORD)


def test_with_debug_off_it_says_no_demo_account_was_made(settings):
    settings.DEBUG = False
    out = io.StringIO()
    call_command("seed_organizer", stdout=out)
    assert "no demo account made" in out.getvalue()
    assert ORGANIZER_PASSWORD not in out.getvalue()
