"""Reminder e-mails: PORTAL_REMINDER_MINUTES before a session an attendee holds or starred, for
those who turned them on, sent by the background worker once, in their language and the
event's time, with an unsubscribe link that works without signing in; over Django's locmem
backend and over real SMTP on loopback."""

import logging
import smtplib
import socket
import time
from datetime import UTC, datetime, timedelta

import environ
import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.mail.backends import locmem
from django.test import Client
from django.utils import timezone

from sessions_app.models import Attendee, AttendeeChoices, Favourite, Registration, ReminderSent
from sessions_app.organizer.worker import run_worker
from sessions_app.planning.reminder_emails import send_due_reminders, set_reminders
from tests.admin_records import make_attendee

pytestmark = pytest.mark.django_db(transaction=True)  # the worker closes connections


@pytest.fixture(autouse=True)
def _reminder_settings(settings, sandbox):  # the sandbox: the event's name
    settings.PORTAL_REMINDER_MINUTES = 15
    settings.PORTAL_BASE_URL = "https://portal.example.com"
    settings.DEFAULT_FROM_EMAIL = "Aurora Summit <portal@example.com>"
    settings.ACCELEVENTS_EVENT_TIMEZONE = "America/New_York"


def hold(attendee, session_id=501, *, starts_in=10, title="Keynote <live>"):
    start = timezone.now() + timedelta(minutes=starts_in)
    return Registration.objects.create(
        attendee=attendee,
        session_id=session_id,
        session_title=title,
        session_format="MAIN_STAGE",
        session_start=start,
        session_end=start + timedelta(minutes=45),
        status=Registration.Status.REGISTERED,
        registered_at=timezone.now() - timedelta(days=1),
    )


def star(attendee, session_id=502, *, starts_in=10, title="Workshop"):
    start = timezone.now() + timedelta(minutes=starts_in)
    return Favourite.objects.create(
        attendee=attendee,
        session_id=session_id,
        session_title=title,
        session_start=start,
        session_end=start + timedelta(hours=1),
    )


def subscribed(**fields):
    attendee = make_attendee("ann@example.com", **fields)
    set_reminders(attendee.pk, on=True, language="en")
    return attendee


def link(message, text: str) -> str:
    return next(w for w in message.body.split() if w.startswith("https://") and text in w)


def test_a_reminder_is_sent_once_however_many_worker_rounds_look(caplog, settings):
    settings.PORTAL_RECONCILE_EVERY = 0  # the worker's other job needs the platform
    attendee = subscribed(first_name="Ann")
    hold(attendee)
    caplog.set_level(logging.INFO, "sessions_app.planning.reminders")

    run_worker(once=True)
    run_worker(once=True)

    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["ann@example.com"]
    assert sent.from_email == "Aurora Summit <portal@example.com>"
    assert sent.subject.startswith("Starting soon: “Keynote <live>” at ")
    assert sent.subject.endswith((" EST", " EDT"))
    assert "Hello Ann," in sent.body and "(America/New_York)" in sent.body
    assert "reminders in the Aurora Product Summit portal" in sent.body
    assert link(sent, "/sessions/") == "https://portal.example.com/sessions/501/"
    html = sent.alternatives[0][0]
    assert '<html lang="en">' in html
    assert "“Keynote &lt;live&gt;” starts soon" in html and "<live>" not in html
    unsubscribe = link(sent, "/reminders/unsubscribe/")
    assert sent.extra_headers["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert sent.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "ann" not in unsubscribe.lower()
    lines = [r.getMessage() for r in caplog.records if r.name.endswith(".reminders")]
    assert lines == [f"reminder sent: attendee {attendee.pk}, session 501"]
    assert "ann@example.com" not in caplog.text


def test_a_starred_session_is_reminded_and_one_both_held_and_starred_only_once():
    attendee = subscribed()
    star(attendee, 502, title="Workshop")
    hold(attendee, 503, title="Both")
    star(attendee, 503, title="Both")

    assert send_due_reminders() == 2

    assert sorted(m.subject.split("“")[1].split("”")[0] for m in mail.outbox) == [
        "Both",
        "Workshop",
    ]


def test_a_title_with_a_line_break_is_folded_into_the_subject():
    hold(subscribed(), title="Keynote\r\nBcc: someone@example.net")

    assert send_due_reminders() == 1

    assert mail.outbox[0].subject.startswith("Starting soon: “Keynote Bcc: someone@example.net”")
    assert mail.outbox[0].recipients() == ["ann@example.com"]


def test_no_reminder_without_opting_in_or_outside_the_window():
    quiet = make_attendee("quiet@example.com")
    hold(quiet)  # reminders are off by default
    attendee = subscribed()
    hold(attendee, 601, starts_in=-1)  # already started
    hold(attendee, 602, starts_in=20)  # not due yet (15 minutes before)

    assert send_due_reminders() == 0
    assert mail.outbox == []


def test_no_reminder_after_unsubscribing_through_the_link_without_signing_in():
    attendee = subscribed()
    hold(attendee, 701, starts_in=30)
    hold(attendee, 702, starts_in=10)
    send_due_reminders()
    unsubscribe = link(mail.outbox[0], "/reminders/unsubscribe/")

    # A mail app's one-click POST (RFC 8058): no cookie, no CSRF token, no session.
    response = Client(enforce_csrf_checks=True).post(
        unsubscribe.removeprefix("https://portal.example.com"),
        {"List-Unsubscribe": "One-Click"},
    )

    assert response.status_code == 200
    assert "Reminder e-mails are off" in response.content.decode()
    assert send_due_reminders(now=timezone.now() + timedelta(minutes=20)) == 0
    assert len(mail.outbox) == 1


def test_no_reminder_after_leaving_the_session_or_removing_the_star():
    attendee = subscribed()
    held = hold(attendee, 801)
    starred = star(attendee, 802)
    Registration.objects.filter(pk=held.pk).update(status=Registration.Status.UNREGISTERED)
    starred.delete()

    assert send_due_reminders() == 0
    assert mail.outbox == []


class LeavingMeanwhile(locmem.EmailBackend):
    """A slow mail server: while the first reminder is handed over, the attendee unstars the
    session of the second."""

    def send_messages(self, messages):
        Favourite.objects.filter(session_id=1002).delete()
        return super().send_messages(messages)


def test_a_star_removed_while_the_batch_is_sent_is_not_reminded(settings):
    settings.EMAIL_BACKEND = f"{__name__}.LeavingMeanwhile"
    attendee = subscribed()
    star(attendee, 1001, starts_in=5)
    star(attendee, 1002, starts_in=10)

    assert send_due_reminders() == 1

    assert [m.subject.split("“")[1].split("”")[0] for m in mail.outbox] == ["Workshop"]
    assert list(ReminderSent.objects.values_list("session_id", flat=True)) == [1001]


def test_the_reminder_is_written_in_the_attendees_language_and_the_events_zone(settings):
    settings.ACCELEVENTS_EVENT_TIMEZONE = "Europe/Berlin"
    attendee = subscribed()
    AttendeeChoices.objects.filter(attendee=attendee).update(language="de")
    now = datetime(2026, 3, 10, 11, 0, tzinfo=UTC)
    Favourite.objects.create(
        attendee=attendee,
        session_id=901,
        session_title="Panel",
        session_start=now + timedelta(minutes=10),
        session_end=now + timedelta(minutes=70),
    )

    send_due_reminders(now=now)

    body, html = mail.outbox[0].body, mail.outbox[0].alternatives[0][0]
    assert '<html lang="de">' in html
    assert "10. März 2026, 12:10\u201313:10 CET (Europe/Berlin)" in body


def test_a_failed_send_claims_nothing_and_the_next_look_sends_it(settings):
    attendee = subscribed()
    hold(attendee)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listens

    assert send_due_reminders() == 0
    assert not ReminderSent.objects.exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_due_reminders() == 1


class Refusing(locmem.EmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({"ann@example.com": (550, b"mailbox unavailable")})


def test_a_refused_reminder_is_given_back_and_logged_without_the_address(settings, caplog):
    attendee = subscribed()
    hold(attendee)
    settings.EMAIL_BACKEND = f"{__name__}.Refusing"

    assert send_due_reminders() == 0

    assert not ReminderSent.objects.exists()
    assert "reminder not sent (SMTPRecipientsRefused)" in caplog.text
    assert "ann@example.com" not in caplog.text
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_due_reminders() == 1


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd calls it by this name
        self.envelopes.append(envelope)
        return "250 OK"


def test_a_real_smtp_server_on_loopback_receives_the_reminder(settings):
    inbox, port = Inbox(), free_port()
    server = Controller(inbox, hostname="127.0.0.1", port=port)
    server.start()
    try:
        for name, value in environ.Env.email_url_config(f"smtp://127.0.0.1:{port}").items():
            setattr(settings, name, value)  # as EMAIL_URL=smtp://… configures production
        attendee = subscribed()
        hold(attendee, title="Über SMTP")
        assert send_due_reminders() == 1
    finally:
        server.stop()

    (envelope,) = inbox.envelopes
    assert envelope.rcpt_tos == ["ann@example.com"]
    assert envelope.mail_from == "portal@example.com"
    received = envelope.content.decode()
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in received
    assert "multipart/alternative" in received


class AcceptingNobody(locmem.EmailBackend):
    """A server that takes the message but delivers it to nobody (send() says 0, no error)."""

    def send_messages(self, messages):
        return 0


def test_a_reminder_delivered_to_nobody_is_given_back_not_counted_as_sent(settings, caplog):
    attendee = subscribed()
    hold(attendee)
    settings.EMAIL_BACKEND = f"{__name__}.AcceptingNobody"
    caplog.set_level(logging.INFO, "sessions_app.planning.reminders")

    assert send_due_reminders() == 0

    assert not ReminderSent.objects.exists()
    assert "reminder sent" not in caplog.text
    assert f"reminder not sent (no recipient): attendee {attendee.pk}" in caplog.text
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert send_due_reminders() == 1


def test_an_attendee_without_an_address_is_skipped_before_anything_is_claimed(caplog):
    nobody = make_attendee()
    Attendee.objects.filter(pk=nobody.pk).update(email="")  # the platform gave none
    set_reminders(nobody.pk, on=True)
    hold(nobody)

    assert send_due_reminders() == 0

    assert mail.outbox == [] and not ReminderSent.objects.exists()
    assert "reminder not sent" not in caplog.text  # not tried (and given back) every round


class Slow(locmem.EmailBackend):
    def send_messages(self, messages):
        time.sleep(0.3)
        return super().send_messages(messages)


def test_one_round_sends_a_bounded_number_and_leaves_the_rest_for_the_next(settings):
    attendee = subscribed()
    for session_id in (1101, 1102, 1103):
        star(attendee, session_id)

    assert send_due_reminders(limit=2) == 2
    assert send_due_reminders(limit=2) == 1

    settings.EMAIL_BACKEND = f"{__name__}.Slow"  # a slow mail server: the round's time is up
    for session_id in (1201, 1202, 1203):
        star(attendee, session_id)
    assert send_due_reminders(seconds=0.1) == 1
    assert len(mail.outbox) == 4


def test_without_a_mail_server_in_production_no_reminder_is_sent(settings):
    settings.PORTAL_REMINDER_EMAILS = False  # DEBUG off and no EMAIL_URL (portal/settings/mail.py)
    hold(subscribed())

    assert send_due_reminders() == 0

    assert mail.outbox == [] and not ReminderSent.objects.exists()


def test_a_failing_reminder_step_is_logged_and_the_worker_goes_on(settings, caplog):
    settings.PORTAL_RECONCILE_EVERY = 0
    hold(subscribed())
    # A mail setting that cannot work: Django refuses to make the connection (ValueError).
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = True

    run_worker(once=True)  # returns: the loop would go on to its next round

    lines = [r.getMessage() for r in caplog.records if r.name.endswith(".worker")]
    assert "reminder e-mails failed this round (ValueError); tried again at the next" in lines
    assert "ann@example.com" not in caplog.text
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run_worker(once=True)
    assert len(mail.outbox) == 1
