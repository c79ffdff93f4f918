"""Settings for where a stuck attendee is sent: a forgotten password or a spent sign-in link
(the event's own Accelevents page), and a stream that will not play (the organizer's help).

Read once by portal/settings/features.py; a URL that is not http(s) stops start-up, like the others.
"""

from typing import NamedTuple
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured


class AttendeeHelp(NamedTuple):
    sign_in_help_url: str
    stream_help_url: str
    stream_help_text: str
    stream_load_seconds: int


def read_attendee_help(env, event_url: str) -> AttendeeHelp:
    # The reference documents one page per event, www.accelevents.com/events/<slug>; its sign-in
    # offers a password reset and a new link. An organizer with a hub page of their own sets it.
    sign_in = env.str("ACCELEVENTS_SIGN_IN_HELP_URL", default="")
    sign_in = sign_in or f"https://www.accelevents.com/events/{event_url}"
    stream_url = env.str("PORTAL_STREAM_HELP_URL", default="")
    # Long enough for a slow venue connection to load a provider's player, short enough that an
    # attendee looking at an empty box is not left guessing.
    seconds = env.int("PORTAL_STREAM_LOAD_SECONDS", default=15)
    if not 1 <= seconds <= 120:
        raise ImproperlyConfigured("PORTAL_STREAM_LOAD_SECONDS must be between 1 and 120")
    for name, url in (
        ("ACCELEVENTS_SIGN_IN_HELP_URL", sign_in),
        ("PORTAL_STREAM_HELP_URL", stream_url),
    ):
        if url and urlsplit(url).scheme not in ("http", "https"):
            raise ImproperlyConfigured(f"{name} must be an http(s) URL")
    text = env.str("PORTAL_STREAM_HELP_TEXT", default="")[:500]
    return AttendeeHelp(sign_in, stream_url, text, seconds)
