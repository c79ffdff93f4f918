from urllib.parse import urlencode, urlsplit

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.timezone import localtime

from sessions_app.agenda.localization import FORMAT_LABELS, day_heading
from sessions_app.agenda.zone_choice import is_own_zone
from sessions_app.upstream.sanitize import clean_html

register = template.Library()


@register.filter
def sanitized(value: str):
    """Upstream HTML with only safe tags left. Sanitised again at render time so a template can
    never print raw upstream HTML, even for a value that skipped the domain parser."""
    return clean_html(value)


@register.simple_tag
def query_string(query, **changes) -> str:
    params = query.as_params(**changes)
    return f"?{urlencode(params)}" if params else "?"


@register.simple_tag(takes_context=True)
def page_path(context) -> str:
    """This page's address for a form to come back to: the agenda's with its filters as
    understood (never the raw query string, which may hold anything), else the path."""
    agenda = context.get("agenda")
    if agenda is not None and hasattr(agenda, "query"):
        return reverse("agenda") + query_string(agenda.query)
    return context["request"].path


@register.filter
def event_time(moment, tz):
    """`moment` as a time of day in the event's zone `tz` (a ZoneInfo), in the page's language."""
    return time_format(localtime(moment, tz), "TIME_FORMAT")


@register.filter
def zone_abbr(moment, tz) -> str:
    """The event zone's short name at `moment` ("EST", "EDT")."""
    return localtime(moment, tz).strftime("%Z")


@register.filter(name="day_heading")
def day_heading_filter(day) -> str:
    return day_heading(day)


@register.filter
def zone_abbr_now(tz) -> str:
    """The short name of zone `tz` right now ("EST" in winter, "EDT" in summer)."""
    return localtime(timezone.now(), tz).strftime("%Z")


@register.filter
def own_zone(event) -> bool:
    """True when `event` is shown in the attendee's own zone (agenda/zone_choice.py)."""
    return is_own_zone(event)


@register.filter
def zone_label(name: str) -> str:
    """An IANA zone as a list shows it: "America/New York"."""
    return name.replace("_", " ")


@register.filter
def lookup(mapping, key):
    """`mapping|lookup:key`: a dict's value for a variable key (empty when absent)."""
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.filter
def minutes_from(moment, now):
    """Whole minutes from `now` until `moment`, rounded up (0 once it has come)."""
    seconds = (moment - now).total_seconds()
    return max(0, -int(-seconds // 60))


@register.filter
def account_name(user) -> str:
    """How the header names whoever is signed in: their name, else their e-mail, read from the
    user row the request already loaded (auth_backend.py caches it): no query of its own. ""
    for a user known only by the session's id (database_outage.SessionUser)."""
    full_name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return full_name or getattr(user, "email", "") or user.get_username()


@register.filter
def allowed_image(url: str) -> str:
    """`url` when its host is one PORTAL_IMAGE_SOURCES (and so the CSP) allows, else "": an image
    the browser would refuse is not offered at all, and the template shows initials instead."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return ""
    origin = f"{parts.scheme}://{parts.netloc}"
    for source in settings.PORTAL_IMAGE_SOURCES:
        scheme, _, host = source.partition("://")
        if origin == source or (
            host.startswith("*.")
            and parts.scheme == scheme
            and parts.hostname.endswith(host[1:])
            and parts.port is None
        ):
            return url
    return ""


@register.filter
def format_label(value) -> str:
    """A session format as attendees read it ("Workshop"), or "" for OTHER."""
    return str(FORMAT_LABELS.get(str(value), ""))


@register.filter
def initials(speaker) -> str:
    return (speaker.first_name[:1] + speaker.last_name[:1]).upper() or "?"
