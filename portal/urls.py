from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from sessions_app.ops.health import healthz

handler500 = "sessions_app.ops.database_outage.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    # set_language: the language switcher's POST (CSRF-protected, works without JavaScript).
    path("i18n/", include("django.conf.urls.i18n")),
    # The strings static/js/*.js shows, in the page's language: a script file, never inline.
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("", include("sessions_app.urls")),
]
