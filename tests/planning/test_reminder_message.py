"""A reminder e-mail as the attendee reads it: its subject in their language and the event's
zone, absolute links to the portal's public address, and the one-click unsubscribe headers."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.mail import get_connection

from sessions_app.models import AttendeeChoices
from sessions_app.planning.reminder_message import Due, message
from tests.admin_records import make_attendee

START = datetime(2026, 3, 10, 11, 10, tzinfo=UTC)


@pytest.mark.django_db
def test_the_message_is_in_the_attendees_language_and_links_to_the_public_address(settings):
    settings.PORTAL_BASE_URL = "https://portal.example.com"
    attendee = make_attendee("ann@example.com", first_name="Ann")
    AttendeeChoices.objects.create(attendee=attendee, language="de")
    due = Due(attendee.pk, 901, "Panel\nBcc: x@example.net", START, START + timedelta(hours=1))

    sent = message(due, attendee, "Aurora", ZoneInfo("Europe/Berlin"), get_connection())

    assert sent.to == ["ann@example.com"]
    assert sent.subject == "Beginnt bald: „Panel Bcc: x@example.net“ um 12:10 CET"  # one line
    unsubscribe = sent.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<https://portal.example.com/reminders/unsubscribe/")
    assert "https://portal.example.com/sessions/901/" in sent.body
