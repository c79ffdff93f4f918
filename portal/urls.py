from django.contrib import admin
from django.urls import include, path

from sessions_app.health import healthz

handler500 = "sessions_app.database_outage.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("", include("sessions_app.urls")),
]
