"""Reminder e-mails' pages: the switch on My sessions (a plain form, off by default, remembering
the language it was turned on in) and the unsubscribe link, which needs no sign-in, asks before
it acts on a GET, and answers a tampered link politely."""

import re

import pytest
from django.test import Client

from sandbox.demo import ACCOUNTS
from sessions_app.models import Attendee, AttendeeChoices
from sessions_app.planning.reminder_emails import set_reminders, unsubscribe_token
from tests.admin_records import make_attendee
from tests.portal_helpers import sign_in


def switch(page: str) -> str:
    return re.search(r'<section id="reminder-emails".*?</section>', page, re.S).group(0)


@pytest.mark.django_db(transaction=True)
def test_an_attendee_turns_reminders_on_and_off_on_my_sessions(sandbox):
    client = Client()
    sign_in(client)
    client.handler.enforce_csrf_checks = True  # from here on, as a browser's POSTs are
    page = client.get("/my-sessions/").content.decode()
    assert "Off. Turn them on" in switch(page)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', switch(page)).group(1)
    assert client.post("/my-sessions/reminders/", {"reminder_emails": "on"}).status_code == 403

    response = client.post(
        "/my-sessions/reminders/",
        {"reminder_emails": "on", "csrfmiddlewaretoken": token},
        HTTP_ACCEPT_LANGUAGE="de",
        follow=True,
    )

    assert response.redirect_chain[-1][0] == "/my-sessions/#reminder-emails"
    gina = Attendee.objects.get(email=ACCOUNTS["general"]["email"])
    assert AttendeeChoices.objects.filter(attendee=gina, reminder_emails=True, language="de")
    client.post("/my-sessions/reminders/", {"reminder_emails": "off", "csrfmiddlewaretoken": token})
    page = client.get("/my-sessions/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Turn reminder e-mails on" in switch(page)
    assert not AttendeeChoices.objects.get(attendee=gina).reminder_emails


@pytest.mark.django_db
def test_the_unsubscribe_link_asks_on_open_and_turns_reminders_off_without_sign_in():
    attendee = make_attendee("ann@example.com")
    set_reminders(attendee.pk, on=True)
    url = f"/reminders/unsubscribe/{unsubscribe_token(attendee.pk)}/"
    visitor = Client(enforce_csrf_checks=True)

    opened = visitor.get(url)  # a link checker or preview opening it changes nothing

    assert opened.status_code == 200
    assert "Turn reminder e-mails off" in opened.content.decode()
    assert AttendeeChoices.objects.get(attendee=attendee).reminder_emails
    done = visitor.post(url)
    assert "Reminder e-mails are off" in done.content.decode()
    assert not AttendeeChoices.objects.get(attendee=attendee).reminder_emails


@pytest.mark.django_db
@pytest.mark.parametrize("change", ["tampered", "unknown attendee", "garbage"])
def test_a_broken_unsubscribe_link_is_refused_politely(change):
    attendee = make_attendee("ann@example.com")
    set_reminders(attendee.pk, on=True)
    token = {
        "tampered": str(attendee.pk + 1) + unsubscribe_token(attendee.pk)[len(str(attendee.pk)) :],
        "unknown attendee": unsubscribe_token(attendee.pk + 1000),
        "garbage": "%E2%80%9C-:-",
    }[change]

    for method in ("get", "post"):
        response = getattr(Client(), method)(f"/reminders/unsubscribe/{token}/")
        assert response.status_code == 400
        assert "isn't valid" in response.content.decode()
    assert AttendeeChoices.objects.get(attendee=attendee).reminder_emails


@pytest.mark.django_db(transaction=True)
def test_without_a_mail_server_my_sessions_offers_no_reminder_e_mails(sandbox, settings):
    settings.PORTAL_REMINDER_EMAILS = False  # DEBUG off and no EMAIL_URL (portal/settings/mail.py)
    client = Client()
    sign_in(client)

    page = client.get("/my-sessions/").content.decode()

    assert 'id="reminder-emails"' not in page and "Reminder e-mails" not in page
    assert client.post("/my-sessions/reminders/", {"reminder_emails": "on"}).status_code == 404
    assert not AttendeeChoices.objects.filter(reminder_emails=True).exists()
