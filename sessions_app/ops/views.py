"""What makes the portal an installable app that reads offline: the web app manifest and the
service worker, served from the site's root so that its scope covers every attendee page
(what it may keep is decided by `offline.py`)."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from sessions_app.event_reads import event_name_for_visitor

from . import offline

# The page's colours (static/css/app.css): the header's surface and the page's background.
THEME_COLOR = "#f6f8fa"
BACKGROUND_COLOR = "#ffffff"
SHORT_NAME_LENGTH = 12
ICONS = (
    ("icons/icon-192.png", "192x192", "image/png", "any"),
    ("icons/icon-512.png", "512x512", "image/png", "any"),
    ("icons/icon-maskable-512.png", "512x512", "image/png", "maskable"),
    ("favicon.svg", "any", "image/svg+xml", "any"),
)


@require_safe
def manifest(request):
    # Never an upstream call: the event's name as pages last read it, else the settings' name.
    name = event_name_for_visitor(may_fetch=False) or _("Attendee portal")
    start = reverse("agenda")
    body = {
        "id": start,
        "name": name,
        "short_name": name if len(name) <= SHORT_NAME_LENGTH else _("Agenda"),
        "description": _("Agenda, sessions and live streams of the event"),
        "lang": get_language(),
        "dir": "rtl" if get_language_bidi() else "ltr",
        "start_url": start,
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "icons": [
            {"src": static(path), "sizes": sizes, "type": kind, "purpose": purpose}
            for path, sizes, kind, purpose in ICONS
        ],
    }
    response = JsonResponse(body, content_type="application/manifest+json")
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    patch_cache_control(response, max_age=3600)
    return response


@require_safe
def service_worker(request):
    context = {
        "header": offline.HEADER,
        "forget": offline.FORGET,
        "kept_headers": " ".join(offline.KEPT_HEADERS),
        "static_prefix": settings.STATIC_URL,  # static("") has no entry in a hashed manifest
        "catalogue": reverse("javascript-catalog"),
        "admin_prefix": reverse("admin:index"),
    }
    response = render(request, "offline/service_worker.js", context, content_type="text/javascript")
    # The browser checks for a new worker on navigations; never one kept by a proxy.
    patch_cache_control(response, no_cache=True)
    return response
