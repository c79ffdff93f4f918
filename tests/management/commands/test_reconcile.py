"""`manage.py reconcile`: what it changed, said in one line; a loud failure when the upstream
cannot be read or refuses the portal's key; and a run limited to the sessions named."""

import io

import pytest
from django.core.management import CommandError, call_command

from sessions_app.models import Registration
from tests.organizer.reconcile.test_reconcile import session_titled, upstream_registrations

pytestmark = pytest.mark.django_db


def test_the_command_reports_what_it_changed(sandbox):
    out = io.StringIO()
    call_command("reconcile", "--page-size", "5", stdout=out)
    created = len(upstream_registrations())
    assert f"{created} registrations added" in out.getvalue()
    out = io.StringIO()
    call_command("reconcile", stdout=out)
    assert "0 attendees added, 0 registrations added, 0 restored, 0 removed" in out.getvalue()


def test_the_command_fails_loudly_when_the_upstream_is_down(sandbox, settings):
    settings.UPSTREAM_GET_RETRIES = 0
    sandbox.set_fault(mode="status", status=503, path_contains="/host/")
    with pytest.raises(CommandError, match="could not be read"):
        call_command("reconcile", stdout=io.StringIO())
    assert not Registration.objects.exists()


def test_the_api_key_is_required(sandbox, settings):
    settings.ACCELEVENTS_API_KEY = "wrong-key"
    with pytest.raises(CommandError):
        call_command("reconcile", stdout=io.StringIO())


def test_the_command_can_limit_itself_to_some_sessions(sandbox):
    full = session_titled("Full House").session
    call_command("reconcile", "--session", str(full.id), stdout=io.StringIO())
    assert set(Registration.objects.values_list("session_id", flat=True)) == {full.id}
    assert Registration.objects.count() == 3
