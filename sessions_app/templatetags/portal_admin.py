"""What the admin index tells organizers about the portal's own settings before anything else."""

from django import template

from .. import misconfiguration
from ..selectors import known_event

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
