from django.urls import path

from . import views

urlpatterns = [
    path("", views.agenda, name="agenda"),
    path("agenda/status/", views.agenda_status, name="agenda-status"),
    path("sessions/<int:session_id>/", views.session_page, name="session"),
    path("sessions/<int:session_id>/join/", views.join, name="join"),
    path("sessions/<int:session_id>/unregister/", views.unregister, name="unregister"),
    path("sessions/<int:session_id>/next-step/", views.next_step, name="next-step"),
    path("my-sessions/", views.my_sessions, name="my-sessions"),
    path("sign-in/", views.sign_in, name="sign-in"),
    path("magic/<str:user_key>/", views.magic_sign_in, name="magic-sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
]
