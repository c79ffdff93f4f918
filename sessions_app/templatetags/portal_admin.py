"""What the admin index tells organizers about the portal's own settings before anything else."""

from django import template
from django.utils import timezone

from sessions_app.agenda.selectors import known_event
from sessions_app.ops import misconfiguration
from sessions_app.organizer.admin.zone import event_time as format_event_time
from sessions_app.organizer.admin.zone import zone_of

register = template.Library()


@register.inclusion_tag("admin/sessions_app/upstream_warnings.html")
def upstream_warnings():
    warnings = []
    if problem := misconfiguration.recent():
        warnings.append(
            "The event platform's answers say this portal is set up wrongly for it, so "
            f"attendees see an error page. Check {problem['setting']}, then run "
            "`manage.py check_upstream`."
        )
    event = known_event()
    if event is not None and event.zone.is_fallback:
        warnings.append(
            "The event's time zone is unknown, so session times are read and shown as UTC. "
            "Set ACCELEVENTS_EVENT_TIMEZONE (for example America/New_York)."
        )
    return {"warnings": warnings}


@register.inclusion_tag("admin/sessions_app/event_zone_note.html", takes_context=True)
def event_zone_note(context):
    """Which zone every admin time is in, on every admin page."""
    zone = zone_of(context["request"])
    return {"zone": zone, "abbreviation": timezone.localtime(timezone=zone.tz).tzname()}


@register.simple_tag
def event_time(value, time_format=""):
    """A time in the event's zone (active on admin pages) with its name."""
    return format_event_time(value, time_format=time_format)
