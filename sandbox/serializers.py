"""Model → upstream JSON, key for key as in the upstream guide's sample (including its typos)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from sandbox import dialects
from sandbox.avatars import image_url
from sandbox.models import Event, Session, User

TIME_FORMAT = "%Y/%m/%d %H:%M"
DISABLED_CTA = {
    "enablePostSessionCallToAction": False,
    "destinationType": None,
    "description": None,
    "buttonLabelText": None,
    "destination": None,
}


def format_time(value: datetime, tz: str) -> str:
    """`yyyy/MM/dd HH:mm`, wall-clock in the event's timezone, no offset."""
    return value.astimezone(ZoneInfo(tz)).strftime(TIME_FORMAT)


def _or_none(value):
    return value if value not in ("", None) else None


def event_data(event: Event) -> dict:
    data = {
        "eventId": event.pk,
        "name": event.name,
        "eventURL": event.url,
        "startDate": format_time(event.start, event.timezone),
        "endDate": format_time(event.end, event.timezone),
        "timezoneId": event.timezone_label,
        "equivalentTimezone": event.timezone,
        "address": None,
        "isRecurring": False,
        "organizerName": _or_none(event.organizer_name),
        "organizerPageURL": None,
        "eventStatus": None,
        "currency": "USD",
        "eventDesignDetails": {"logoImage": None, "headerColor": "#1E3A8A"},
    }
    if dialects.is_on(dialects.EVENT_WITHOUT_ZONE):
        del data["timezoneId"], data["equivalentTimezone"]
    return data


def profile_data(user: User) -> dict:
    data = {
        "userId": user.pk,
        "email": user.email,
        "firstName": user.first_name,
        "lastName": user.last_name,
        "countryCode": "US",
        "phoneNumber": None,
        "address1": None,
        "address2": None,
        "cityOrProvidence": None,
        "zipcode": None,
        "state": None,
        "country": None,
        "admin": False,
        "userLabel": None,
        "userProfilePhoto": None,
    }
    if dialects.is_on(dialects.PROFILE_WITHOUT_USER_ID):
        del data["userId"]  # the reference lists no userId among the profile's fields
    return data


def label_data(label: dict) -> dict:
    """From a `Label` values() row."""
    return {
        "id": label["id"],
        "name": label["name"],
        "color": label["color"],
        "description": _or_none(label["description"]),
        "position": label["position"],
    }


def speaker_data(speaker: dict) -> dict:
    """From a `Speaker` values() row."""
    return {
        "speakerId": speaker["id"],
        "title": _or_none(speaker["title"]),
        "pronouns": _or_none(speaker["pronouns"]),
        "firstName": speaker["first_name"],
        "lastName": speaker["last_name"],
        "email": speaker["email"],
        "sessionDTO": None,
        "userId": None,
        "imageUrl": _or_none(image_url(speaker["image_url"])),
        "company": _or_none(speaker["company"]),
        "bio": _or_none(speaker["bio"]),
        "linkedIn": _or_none(speaker["linkedin"]),
        "twitter": _or_none(speaker["twitter"]),
        "instagram": None,
        "position": speaker["position"],
        "moderator": speaker["moderator"],
        "ticketTypesForSpeaker": None,
        "loggedInAtVEH": False,
        "showModerator": True,
        "deviceChecked": False,
        "allowOverrideDetails": False,
        "allowAttendeeAccess": False,
    }


def holder_data(registration) -> dict:
    user = registration.user
    return {
        "userId": user.pk,
        "firstName": user.first_name,
        "lastName": user.last_name,
        "email": user.email,
        "eventTicketId": registration.ticket_id,
    }


def session_item(session: Session, *, tz: str, ticket_ids: list, holders=None) -> dict:
    """One list item. `holders` is None on attendee calls (as upstream), a list on host calls.

    Expects a session from `listing.fetch` (registered count and relation rows attached).
    """
    speakers = [speaker_data(s) for s in session.speaker_rows]
    return {
        "sessionId": session.pk,
        "title": session.title,
        "startTime": format_time(session.start_time, tz),
        "endTime": format_time(session.end_time, tz),
        "location": _or_none(session.location),
        "description": _or_none(session.description),
        "capacity": session.capacity,
        "status": session.status,
        "format": session.format,
        "speakerList": speakers or None,
        "sponsorList": [],
        "sessionStats": {
            "id": session.pk,
            "registeredUserCount": session.registered_count,
            "interestedUserCount": 0,
            "attendeeCount": 0,
            "sessionSpeakerCount": len(speakers),
        },
        "registerdHolderUsers": holders,
        "currentUserRegisteredEventTicketId": list(ticket_ids),
        "purchaserUserRegisteredEventTicketId": None,
        "duration": None,
        # On unless the demo session turns them off (in its materials, as the API names them).
        "enableChat": session.materials.get("enableChat", True),
        "enablePoll": session.materials.get("enablePoll", True),
        "enableQuesAndAns": session.materials.get("enableQuesAndAns", True),
        "hideSessionFromAttendees": session.status == Session.HIDDEN,
        "enableVirtualization": False,
        "tags": [label_data(t) for t in session.tag_rows],
        "tracks": [label_data(t) for t in session.track_rows],
        "ticketTypesThatCanBeRegistered": session.allowed_type_ids,
        "streamProvider": session.stream_provider,
        "subStreamProvider": session.sub_stream_provider,
        "streamUrl": _or_none(session.stream_url),
        "streamKey": _or_none(session.stream_key),
        "rtmpUrl": _or_none(session.rtmp_url),
        "accelEventsStudio": session.stream_provider == "ACCELEVENTS",
        "directVideoAutoStart": False,
        "assetList": session.materials.get("assetList"),
        "displayDonation": False,
        "closedCaptionUrl": _or_none(session.closed_caption_url),
        "closedCaptionHeight": 150,
        "meetingPassword": _or_none(session.meeting_password),
        "documentKeyValue": session.materials.get("documentKeyValue", []),
        "linkKeyValue": session.materials.get("linkKeyValue", []),
        "sessionVisibilityType": "PUBLIC",
        "subTitleFileUrl": None,
        "hideVideoControls": True,
        "recordSession": True,
        "position": session.position,
        "allowedMinutesToJoinLate": session.allowed_minutes_to_join_late,
        "enableAttendeeList": True,
        "playBackRestrictionToken": _or_none(session.playback_restriction_token),
        "thumbnailRestrictionToken": _or_none(session.thumbnail_restriction_token),
        "postSessionCallToActionJson": {**DISABLED_CTA, **(session.post_session_cta or {})},
        "chimeConfig": None,
        "qnAPrivate": True,
    }


def envelope(items: list, *, total: int, filtered: int) -> dict:
    return {"recordsTotal": total, "recordsFiltered": filtered, "data": items, "error": None}
