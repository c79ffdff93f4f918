"""What the portal offers attendees and organizers on top of the platform: reservations and
reminders, what the agenda opens on, where a ticket and help are found, and the organizer's
background tasks, reconciliation schedule and labels."""

from portal.help_settings import read_attendee_help
from portal.settings.base import env
from portal.settings.upstream import ACCELEVENTS_EVENT_URL

# --- planning: reservations, reminders ---
PORTAL_RESERVE_AHEAD = env.bool("PORTAL_RESERVE_AHEAD", default=True)
PORTAL_RESERVE_AHEAD_HOURS = env.int("PORTAL_RESERVE_AHEAD_HOURS", default=None)  # None: no limit
PORTAL_REMINDER_MINUTES = env.int("PORTAL_REMINDER_MINUTES", default=5)

# --- issue 12: what the agenda opens on, where a ticket is bought, languages ---
# The agenda's format filter when the link names none: "all" or a session format
# (BREAKOUT_SESSION, MAIN_STAGE, WORKSHOP, MEET_UP, EXPO); checked at start-up.
PORTAL_DEFAULT_FORMAT = env.str("PORTAL_DEFAULT_FORMAT", default="all")
# Where an attendee without a ticket (or with one that doesn't include a session) gets one.
ACCELEVENTS_TICKETS_URL = (
    env.str("ACCELEVENTS_TICKETS_URL", default="")
    or f"https://www.accelevents.com/events/{ACCELEVENTS_EVENT_URL}"
)
# A session's page in the event's hub, where its chat, polls and Q&A are (ASSUMED: the reference
# documents no hub address; the hub is the event's page + /portal). `{event_url}` and
# `{session_id}` are filled in; empty hides the links. Checked at start-up (an http(s) URL).
ACCELEVENTS_HUB_SESSION_URL = env.str(
    "ACCELEVENTS_HUB_SESSION_URL",
    default="https://www.accelevents.com/events/{event_url}/portal/session/{session_id}",
)
(
    ACCELEVENTS_SIGN_IN_HELP_URL,
    PORTAL_STREAM_HELP_URL,
    PORTAL_STREAM_HELP_TEXT,
    PORTAL_STREAM_LOAD_SECONDS,
) = read_attendee_help(env, ACCELEVENTS_EVENT_URL)

# --- organizer insight (issue 13): background tasks, reconciliation schedule, labels ---
# Background tasks: the django-tasks backport of Django 6's framework, stored in the portal's
# own database and run by `manage.py portal_worker` (no broker to run). Enqueue with
# `some_task.enqueue(...)` from a function decorated with `django_tasks.task`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Seconds between reconciliations the worker schedules; 0 turns the schedule off.
PORTAL_RECONCILE_EVERY = env.int("PORTAL_RECONCILE_EVERY", default=300)
# Ticket type names by id (the API names no ticket type on the calls the portal makes):
# "10797=General Admission,10798=VIP"; an id without a name shows as "Ticket type 10797".
PORTAL_TICKET_TYPE_NAMES = env.dict("PORTAL_TICKET_TYPE_NAMES", default={})
