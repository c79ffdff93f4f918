"""Which zone an attendee's pages show times in: the event's (the default) or their own.

Their own is the IANA zone their browser names (static/js/app.js fills it into the switch), or
the one they pick from a list (the page for browsers without JavaScript, or for another zone).
The choice is kept in AttendeeChoices, so it outlives a sign-out, and copied into the sign-in's
session (identity.ZONE_KEY), so no page asks the database for it: another device already signed
in keeps its own choice until it signs in again or switches there.

Pages show the event (and the sessions' times) as `shown_event` and `in_shown_zone` make them:
days, "today", the timetable and every time then follow the chosen zone. Calendar files never
do: they carry the event's zone (`Viewer.in_event_zone`).
"""

from dataclasses import replace
from functools import cache
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from sessions_app.identity import ZONE_KEY, Viewer
from sessions_app.models import AttendeeChoices
from sessions_app.ops.middleware import return_path, safe_next
from sessions_app.upstream.domain import Event
from sessions_app.upstream.domain.zones import EventZone, iana_zone, known_zones

OWN_ZONE = "viewer"  # an EventZone's source when it is the attendee's own, not the event's
EVENT, VIEWER = AttendeeChoices.Zone.EVENT, AttendeeChoices.Zone.VIEWER
MAX_ZONE_NAME = 64  # AttendeeChoices.viewer_zone's length; the longest IANA name is 32


def viewer_tz(viewer: Viewer) -> ZoneInfo | None:
    """The attendee's own zone when their pages show it, else None (the event's)."""
    return iana_zone(viewer.zone) if viewer.zone else None


def shown_event(event: Event, viewer: Viewer) -> Event:
    """The event as this attendee's pages show it: its zone their own when they chose it."""
    tz = viewer_tz(viewer)
    return event if tz is None else replace(event, zone=EventZone(tz, OWN_ZONE))


def in_shown_zone(sessions, viewer: Viewer):
    """`sessions` with their times in the attendee's own zone when they chose it (the card's
    words, "from 9:00 PM", are written in a time's own zone); else `sessions` as they are."""
    tz = viewer_tz(viewer)
    if tz is None:
        return sessions
    return [
        replace(s, start=s.start.astimezone(tz), end=s.end.astimezone(tz)) if s.has_times else s
        for s in sessions
    ]


def is_own_zone(event: Event) -> bool:
    return event.zone.source == OWN_ZONE


@cache
def zone_names() -> tuple[str, ...]:
    """The zones a list offers: the regions' cities (no Etc/, no legacy aliases), and UTC."""
    regions = ("Africa/", "America/", "Antarctica/", "Arctic/", "Asia/", "Atlantic/")
    regions += ("Australia/", "Europe/", "Indian/", "Pacific/")
    return ("UTC", *sorted(name for name in known_zones() if name.startswith(regions)))


def saved_zone(attendee_id: int) -> str:
    """The zone an attendee last chose to see times in ("" = the event's), read at sign-in."""
    row = (
        AttendeeChoices.objects.filter(attendee_id=attendee_id)
        .values_list("zone", "viewer_zone")
        .first()
    )
    if row and row[0] == VIEWER and iana_zone(row[1]):
        return row[1]
    return ""


def saved_own_zone(attendee_id: int) -> str:
    """The attendee's own zone as last named (their browser or their pick), "" if never."""
    row = AttendeeChoices.objects.filter(attendee_id=attendee_id).values_list("viewer_zone")
    return next((name for (name,) in row if iana_zone(name)), "")


def choose_zone(request, viewer: Viewer, *, own: bool, zone_name: str) -> str | None:
    """Keep the attendee's choice and show it from this request on; returns the zone pages now
    show ("" = the event's), or None when they chose their own and no zone is known yet."""
    zone_name = zone_name or saved_own_zone(viewer.attendee_id)
    if own and not zone_name:
        return None
    choices, _created = AttendeeChoices.objects.get_or_create(attendee_id=viewer.attendee_id)
    choices.zone = VIEWER if own else EVENT
    choices.viewer_zone = zone_name or choices.viewer_zone
    choices.save(update_fields=["zone", "viewer_zone", "updated_at"])
    request.session[ZONE_KEY] = zone_name if own else ""
    return request.session[ZONE_KEY]


def page_to_return_to(request) -> str:
    """The page the switch was on (for htmx, the address bar's), else the agenda."""
    return return_path(request) if request.htmx else safe_next(request)


class ZoneForm(forms.Form):
    """The switch (`zone` and, from the browser, `viewer_zone`) and the list's page alike."""

    zone = forms.ChoiceField(choices=[(EVENT, EVENT), (VIEWER, VIEWER)])
    viewer_zone = forms.CharField(required=False, strip=True)

    def clean_viewer_zone(self) -> str:
        name = self.cleaned_data["viewer_zone"]
        if name and (len(name) > MAX_ZONE_NAME or iana_zone(name) is None):
            raise forms.ValidationError(
                _("“%(zone)s” isn't a time zone this portal knows. Pick yours from the list."),
                params={"zone": name[:MAX_ZONE_NAME]},
            )
        return name

    def choice(self) -> dict:
        own = self.cleaned_data["zone"] == VIEWER
        return {"own": own, "zone_name": self.cleaned_data["viewer_zone"]}
