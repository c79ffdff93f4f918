from django.urls import path

from . import agenda_views, magic_views, planning_views, swap_views, views

urlpatterns = [
    path("", agenda_views.agenda, name="agenda"),
    path("agenda/status/", agenda_views.agenda_status, name="agenda-status"),
    path("sessions/<int:session_id>/", agenda_views.session_page, name="session"),
    path("sessions/<int:session_id>/join/", views.join, name="join"),
    path("sessions/<int:session_id>/unregister/", views.unregister, name="unregister"),
    path("sessions/<int:session_id>/next-step/", views.next_step, name="next-step"),
    path("sessions/<int:session_id>/reserve/", views.reserve, name="reserve"),
    path("sessions/<int:session_id>/watch/", planning_views.watch, name="watch"),
    path("sessions/<int:session_id>/swap/", swap_views.swap_page, name="swap"),
    path("sessions/<int:session_id>/unwatch/", planning_views.unwatch, name="unwatch"),
    path(
        "sessions/<int:session_id>/calendar.ics",
        planning_views.session_calendar,
        name="session-calendar",
    ),
    path("speakers/<int:speaker_id>/", agenda_views.speaker_page, name="speaker"),
    path("my-sessions/", planning_views.my_sessions, name="my-sessions"),
    path("my-sessions/calendar/rotate/", planning_views.rotate_calendar, name="rotate-calendar"),
    path("calendar/<str:token>.ics", planning_views.calendar_subscription, name="calendar-feed"),
    path("sign-in/", magic_views.sign_in, name="sign-in"),
    path("magic/", magic_views.magic_sign_in, name="magic-sign-in"),
    path("magic/<str:user_key>/", magic_views.magic_link, name="magic-link"),
    path("sign-out/", magic_views.sign_out, name="sign-out"),
]
