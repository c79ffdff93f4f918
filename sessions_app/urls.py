"""The attendee URLs, each pointing at the views of the room that serves it."""

from django.urls import path

from sessions_app.accounts import views as accounts
from sessions_app.agenda import views as agenda
from sessions_app.joining import swap_views
from sessions_app.joining import views as joining
from sessions_app.ops import views as ops
from sessions_app.planning import reminder_views
from sessions_app.planning import views as planning

urlpatterns = [
    path("", agenda.agenda, name="agenda"),
    path("agenda/status/", agenda.agenda_status, name="agenda-status"),
    path("sessions/<int:session_id>/", agenda.session_page, name="session"),
    path("sessions/<int:session_id>/join/", joining.join, name="join"),
    path("sessions/<int:session_id>/unregister/", joining.unregister, name="unregister"),
    path("sessions/<int:session_id>/next-step/", joining.next_step, name="next-step"),
    path("sessions/<int:session_id>/reserve/", joining.reserve, name="reserve"),
    path("sessions/<int:session_id>/watch/", planning.watch, name="watch"),
    path("sessions/<int:session_id>/swap/", swap_views.swap_page, name="swap"),
    path("sessions/<int:session_id>/unwatch/", planning.unwatch, name="unwatch"),
    path("sessions/<int:session_id>/star/", planning.star, name="star"),
    path(
        "sessions/<int:session_id>/calendar.ics",
        planning.session_calendar,
        name="session-calendar",
    ),
    path("speakers/<int:speaker_id>/", agenda.speaker_page, name="speaker"),
    path("time-zone/", agenda.time_zone, name="time-zone"),
    path("my-sessions/", planning.my_sessions, name="my-sessions"),
    path("my-sessions/calendar/rotate/", planning.rotate_calendar, name="rotate-calendar"),
    path("my-sessions/calendar/stars/", planning.feed_stars, name="feed-stars"),
    path("calendar/<str:token>.ics", planning.calendar_subscription, name="calendar-feed"),
    path("my-sessions/reminders/", reminder_views.reminder_choice, name="reminder-choice"),
    path(
        "reminders/unsubscribe/<str:token>/",
        reminder_views.unsubscribe,
        name="reminder-unsubscribe",
    ),
    path("sign-in/", accounts.sign_in, name="sign-in"),
    path("magic/", accounts.magic_sign_in, name="magic-sign-in"),
    path("magic/<str:user_key>/", accounts.magic_link, name="magic-link"),
    path("sign-out/", accounts.sign_out, name="sign-out"),
    # At the root, so that the worker's scope covers every page.
    path("sw.js", ops.service_worker, name="service-worker"),
    path("manifest.webmanifest", ops.manifest, name="web-manifest"),
]
