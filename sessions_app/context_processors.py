from django.conf import settings

from .localization import local_format


def portal(request):
    return {
        "poll_seconds": settings.PORTAL_STATUS_POLL_SECONDS,
        "tickets_url": settings.ACCELEVENTS_TICKETS_URL,
        # Read by static/js/app.js, so the viewer's own times read like the event's.
        "js_hour_style": local_format("JS_HOUR_STYLE", "numeric"),
    }
