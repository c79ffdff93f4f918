"""`manage.py reconcile`: what it changed, said in one line; clicks left unconfirmed settled once
the records agree with the upstream; a loud failure when the upstream cannot be read or refuses
the portal's key (naming the setting); and a run limited to the sessions named."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from sessions_app.models import JoinAttempt, Registration
from tests.admin_records import make_attendee
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


def test_a_complete_run_settles_the_clicks_left_unconfirmed(sandbox):
    full = session_titled("Full House").session
    stranger = make_attendee()  # never registered upstream: their lost click did not land
    lost = JoinAttempt.objects.create(
        attendee=stranger, session_id=full.id, action="join", outcome="unconfirmed"
    )
    JoinAttempt.objects.filter(pk=lost.pk).update(created_at=timezone.now() - timedelta(hours=1))
    out = io.StringIO()
    call_command("reconcile", stdout=out)
    assert "Settled 1 unconfirmed attempt(s)." in out.getvalue()
    assert JoinAttempt.objects.get(pk=lost.pk).outcome == "upstream_unavailable"


def test_a_refused_key_names_the_setting_and_the_check_to_run(sandbox, settings):
    settings.ACCELEVENTS_API_KEY = "wrong-key"
    with pytest.raises(CommandError) as refused:
        call_command("reconcile", stdout=io.StringIO())
    message = str(refused.value)
    assert "set up wrongly" in message and "ACCELEVENTS_API_KEY" in message
    assert "manage.py check_upstream" in message
