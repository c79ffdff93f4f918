from django.conf import settings

from .localization import local_format


def portal(request):
    return {
        "poll_seconds": settings.PORTAL_STATUS_POLL_SECONDS,
        "tickets_url": settings.ACCELEVENTS_TICKETS_URL,
        "sign_in_help_url": settings.ACCELEVENTS_SIGN_IN_HELP_URL,
        "stream_help_url": settings.PORTAL_STREAM_HELP_URL,
        "stream_help_text": settings.PORTAL_STREAM_HELP_TEXT,
        "stream_load_seconds": settings.PORTAL_STREAM_LOAD_SECONDS,
        # Read by static/js/app.js, so the viewer's own times read like the event's.
        "js_hour_style": local_format("JS_HOUR_STYLE", "numeric"),
        "language_next": _language_next(request),
    }


def _language_next(request) -> str:
    """Where the language switcher returns to: this page, with its filters when they are sane."""
    full = request.get_full_path()
    return full if len(full) <= MAX_NEXT_LENGTH else request.path


MAX_NEXT_LENGTH = 500
