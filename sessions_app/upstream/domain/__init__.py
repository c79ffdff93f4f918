"""Typed, immutable views of upstream data, parsed once at the boundary.

`from_api` constructors are tolerant: nulls become empty values, numeric strings become
numbers, unknown enum values become OTHER, and a list item missing what makes it usable
(id, title, parsable times) is skipped and logged. Only a wrong-shaped envelope raises
(`UpstreamUnavailable`). Secrets the upstream sends (`streamKey`, `rtmpUrl`,
`meetingPassword`, `thumbnailRestrictionToken`, attendees' and speakers' emails on
attendee calls) have no field here, so they cannot leak past this module.
"""

from .accounts import Profile, SignIn
from .event import Event
from .fields import (
    UPSTREAM_TIME_FORMATS,
    as_dict,
    as_http_url,
    as_int,
    as_ints,
    as_list,
    as_str,
    parse_wallclock,
    zone,
)
from .host import HostSession, Registrant
from .session_page import SessionPage, hidden_from_attendees
from .session_parts import CallToAction, Label, Speaker, Stream, StreamProvider
from .sessions import CallInfo, Session, SessionFormat
from .shared import ATTENDEES_OWN, for_everyone, may_share, nobodys
from .zones import EventZone, ZoneSource, resolve_zone

__all__ = [
    "ATTENDEES_OWN",
    "UPSTREAM_TIME_FORMATS",
    "CallInfo",
    "CallToAction",
    "Event",
    "EventZone",
    "HostSession",
    "Label",
    "Profile",
    "Registrant",
    "Session",
    "SessionFormat",
    "SessionPage",
    "SignIn",
    "Speaker",
    "Stream",
    "StreamProvider",
    "ZoneSource",
    "as_dict",
    "as_http_url",
    "as_int",
    "as_ints",
    "as_list",
    "as_str",
    "for_everyone",
    "hidden_from_attendees",
    "may_share",
    "nobodys",
    "parse_wallclock",
    "resolve_zone",
    "zone",
]
