"""Two URL spaces: the upstream's `/rest/...` contract and the sandbox's own `/__sandbox__/...`."""

from django.urls import include, path

from sandbox import avatars, control, control_sessions, views

rest = [
    path("u/login", views.plain_login),
    path("u/loginSignUp/<str:eventurl>", views.login),
    path("u/loginUserByUserKey/<str:user_key>", views.login_by_key),
    path("u/myprofile", views.profile),
    path("events/<str:eventurl>", views.event),
    path("events/<str:eventurl>/session/v2", views.sessions),
    path("events/<str:eventurl>/session/v2/<int:session_id>", views.session_detail),
    path("events/<str:eventurl>/session/<int:session_id>/register/<int:ticket_id>", views.register),
    path("events/<str:eventurl>/user-session/registered", views.registered),
    path("host/event/<str:eventurl>/session", views.host_sessions),
]

sandbox_controls = [
    path("health", control.health),
    path("reset", control.reset),
    path("dialect", control.dialect_view),
    path("clock", control.clock_view),
    path("faults", control.faults_view),
    path("stats", control.stats_view),
    path("stats/reset", control.stats_reset),
    path("expire-tokens", control.expire_tokens),
    path("attendees", control.attendees),
    path("sessions/<int:session_id>", control_sessions.patch_session),
    path("sessions/<int:session_id>/registrants", control_sessions.add_registrants),
    path("users/<str:email>/magic-key", control.magic_key),
]

urlpatterns = [
    path("rest/", include(rest)),
    path("__sandbox__/", include(sandbox_controls)),
    # The platform's image host: speakers' photos (sandbox/avatars.py).
    path("media/avatars/<slug:key>.svg", avatars.avatar),
]

handler404 = "sandbox.views.not_found"
handler500 = "sandbox.views.server_error"
