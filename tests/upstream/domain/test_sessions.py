"""Parsing upstream JSON into domain objects: the guide's sample, tolerance, and what is dropped."""

import copy
import dataclasses
import json
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from sessions_app.upstream.domain import (
    CallToAction,
    Event,
    HostSession,
    Label,
    Profile,
    Session,
    SessionFormat,
    SessionPage,
    SignIn,
    StreamProvider,
)
from sessions_app.upstream.errors import (
    JoinRefused,
    RefusalReason,
    UpstreamUnavailable,
    refusal_reason,
)
from sessions_app.upstream.sanitize import clean_html

FIXTURE = Path(__file__).parents[2] / "fixtures" / "regular_session_guide_sample.json"
NEW_YORK = ZoneInfo("America/New_York")
SECRET_KEYS = {
    "streamKey",
    "rtmpUrl",
    "meetingPassword",
    "thumbnailRestrictionToken",
    "registerdHolderUsers",
    "email",
}


@pytest.fixture
def guide():
    return json.loads(FIXTURE.read_text())


def _item(**overrides):
    item = {
        "sessionId": 1,
        "title": "Opening",
        "startTime": "2030/05/01 09:00",
        "endTime": "2030/05/01 10:00",
    }
    item.update(overrides)
    return item


def _secret_values(node, inside_secret=False):
    """Every string sitting under a secret key, however deep."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _secret_values(value, inside_secret or key in SECRET_KEYS)
    elif isinstance(node, list):
        for value in node:
            yield from _secret_values(value, inside_secret)
    elif inside_secret and isinstance(node, str) and node:
        yield node


def _dump(obj) -> str:
    return repr(obj) + repr(dataclasses.asdict(obj))


# --- the guide's sample -------------------------------------------------------------------


def test_guide_sample_parses_into_three_sessions(guide):
    page = SessionPage.from_api(guide, NEW_YORK)

    assert (page.total, page.filtered) == (3, 3)
    assert [s.id for s in page.sessions] == [11592, 11593, 11594]
    first = page.sessions[0]
    assert first.title == "Reguter First Session"
    assert first.start == datetime(2021, 12, 17, 0, 36, tzinfo=NEW_YORK)
    assert first.end == datetime(2021, 12, 17, 18, 36, tzinfo=NEW_YORK)
    assert first.format is SessionFormat.BREAKOUT_SESSION
    assert first.ticket_ids == (57940,)
    assert first.allowed_ticket_type_ids == (10797,)
    assert first.speakers == first.tracks == first.tags == ()
    assert (first.capacity, first.registered_count, first.seats_left, first.is_full) == (
        0,
        0,
        None,
        False,
    )
    assert first.description == first.location == ""
    assert first.call_to_action is None
    assert first.interested_count == 0  # the sample's sessionStats.interestedUserCount


def test_guide_sample_keeps_the_stream_verbatim(guide):
    sessions = SessionPage.from_api(guide, NEW_YORK).sessions

    assert {s.stream.provider for s in sessions} == {StreamProvider.YOUTUBE}
    assert {s.stream.url for s in sessions} == {"guL_-lvkY5o&list=RDMMguL_-lvkY5o&start_radio=1"}
    assert sessions[0].stream.playback_token == guide["data"][0]["playBackRestrictionToken"]
    assert [s.stream.playback_token for s in sessions[1:]] == ["", ""]


def test_guide_sample_speaker_without_email(guide):
    speakers = SessionPage.from_api(guide, NEW_YORK).sessions[2].speakers

    assert len(speakers) == 1
    assert (speakers[0].id, speakers[0].full_name) == (5758, "Jay Dobariya")
    assert "email" not in {f.name for f in dataclasses.fields(speakers[0])}


def _with_secrets(guide):
    loaded = copy.deepcopy(guide)
    for n, item in enumerate(loaded["data"]):
        item["streamKey"] = f"sk-live-secret-{n}"
        item["rtmpUrl"] = f"rtmps://global-live.mux.com:443/app/secret-{n}"
        item["meetingPassword"] = f"meeting-pass-{n}"
        item["registerdHolderUsers"] = [
            {"userId": 90 + n, "firstName": "Other", "lastName": f"Attendee{n}",
             "email": f"other{n}@attendee.example", "eventTicketId": 700 + n},
        ]  # fmt: skip
    loaded["data"][2]["speakerList"][0]["email"] = "jay.private@speaker.example"
    return loaded


@pytest.mark.parametrize("add_secrets", [False, True], ids=["guide-as-is", "secrets-filled-in"])
def test_no_secret_survives_attendee_parsing(guide, add_secrets):
    payload = _with_secrets(guide) if add_secrets else guide
    secrets = set(_secret_values(payload))
    assert secrets, "the fixture should carry something to leak"
    page = SessionPage.from_api(payload, NEW_YORK)

    dumped = repr(page) + "".join(_dump(s) for s in page.sessions)
    assert [value for value in secrets if value in dumped] == []


def test_host_sessions_keep_registrants_but_not_stream_secrets(guide):
    payload = _with_secrets(guide)
    host_sessions, total, items = HostSession.page_from_api(payload, NEW_YORK)

    assert total == items == 3
    registrant = host_sessions[0].registrants[0]
    assert (registrant.user_id, registrant.email, registrant.ticket_id) == (
        90,
        "other0@attendee.example",
        700,
    )
    dumped = "".join(_dump(h) for h in host_sessions)
    assert "sk-live-secret" not in dumped
    assert "rtmps://" not in dumped
    assert "meeting-pass" not in dumped
    assert "jay.private@speaker.example" not in dumped


# --- tolerant parsing ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "attribute", "expected"),
    [
        ({"speakerList": None}, "speakers", ()),
        ({"tracks": None, "tags": None}, "tracks", ()),
        ({"format": "KEYNOTE"}, "format", SessionFormat.OTHER),
        ({"format": None}, "format", SessionFormat.OTHER),
        ({"format": "workshop"}, "format", SessionFormat.WORKSHOP),
        ({"capacity": "25"}, "capacity", 25),
        ({"capacity": 25.0}, "capacity", 25),
        ({"capacity": "lots"}, "capacity", 0),
        ({"capacity": True}, "capacity", 0),
        ({"sessionId": "42"}, "id", 42),
        ({"sessionStats": None}, "registered_count", 0),
        ({"sessionStats": {"registeredUserCount": "7"}}, "registered_count", 7),
        # The platform's interest: a number it gives, else unknown (never a made-up 0).
        ({"sessionStats": {"interestedUserCount": 12}}, "interested_count", 12),
        ({"sessionStats": {"interestedUserCount": "3"}}, "interested_count", 3),
        ({"sessionStats": {"registeredUserCount": 2}}, "interested_count", None),
        ({"sessionStats": {"interestedUserCount": None}}, "interested_count", None),
        ({"sessionStats": {"interestedUserCount": -1}}, "interested_count", None),
        ({"sessionStats": None}, "interested_count", None),
        ({"currentUserRegisteredEventTicketId": 57940}, "ticket_ids", (57940,)),
        ({"currentUserRegisteredEventTicketId": "57940"}, "ticket_ids", (57940,)),
        ({"currentUserRegisteredEventTicketId": None}, "ticket_ids", ()),
        ({"currentUserRegisteredEventTicketId": [1, "x", None, "2"]}, "ticket_ids", (1, 2)),
        ({"ticketTypesThatCanBeRegistered": None}, "allowed_ticket_type_ids", ()),
        ({"allowedMinutesToJoinLate": "10"}, "allowed_minutes_late", 10),
        ({"allowedMinutesToJoinLate": -5}, "allowed_minutes_late", 0),
        ({"allowedMinutesToJoinLate": None}, "allowed_minutes_late", 0),
        ({"location": None}, "location", ""),
        ({"location": "Hall B"}, "location", "Hall B"),
        ({"postSessionCallToActionJson": None}, "call_to_action", None),
    ],
)
def test_session_parsing_is_tolerant(overrides, attribute, expected):
    assert getattr(Session.from_api(_item(**overrides), UTC), attribute) == expected


@pytest.mark.parametrize(
    ("overrides", "attribute", "expected"),
    [
        ({"streamProvider": "TWITCH"}, "provider", StreamProvider.OTHER),
        ({"streamProvider": None}, "provider", StreamProvider.OTHER),
        ({"streamProvider": "vimeo"}, "provider", StreamProvider.VIMEO),
        ({"streamUrl": None}, "url", ""),
        ({"closedCaptionUrl": "javascript:alert(1)"}, "closed_caption_url", ""),
        ({"closedCaptionUrl": "https://cc.example/a.vtt"}, "closed_caption_url", "https://cc.example/a.vtt"),
        ({"directVideoAutoStart": "yes"}, "auto_start", False),
        ({"directVideoAutoStart": True}, "auto_start", True),
    ],
)  # fmt: skip
def test_stream_parsing_is_tolerant(overrides, attribute, expected):
    assert getattr(Session.from_api(_item(**overrides), UTC).stream, attribute) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"id": 1, "name": "AI", "color": "#ff0000"}, (Label(1, "AI", "#ff0000"),)),
        ({"id": "2", "name": "Ops", "color": "#AbC"}, (Label(2, "Ops", "#AbC"),)),
        ({"id": 3, "name": "X", "color": "red;background:url(x)"}, (Label(3, "X", ""),)),
        ({"id": 4, "name": "X", "color": "#12345"}, (Label(4, "X", ""),)),
        ({"id": 5, "name": None, "color": None}, (Label(5, "", ""),)),
        ({"name": "no id"}, ()),
        ("not an object", ()),
    ],
)
def test_tracks_and_tags(raw, expected):
    session = Session.from_api(_item(tracks=[raw], tags=[raw]), UTC)
    assert session.tracks == session.tags == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, None),
        ({"enablePostSessionCallToAction": False, "destination": "https://x.example"}, None),
        ({"enablePostSessionCallToAction": True, "destination": "javascript:alert(1)"}, None),
        ({"enablePostSessionCallToAction": True, "destination": None}, None),
        (
            {"enablePostSessionCallToAction": True, "destination": "https://x.example/survey",
             "buttonLabelText": "Give feedback"},
            CallToAction("Give feedback", "https://x.example/survey"),
        ),
        (
            {"enablePostSessionCallToAction": True, "destination": "http://x.example"},
            CallToAction("Learn more", "http://x.example"),
        ),
    ],
)  # fmt: skip
def test_call_to_action_only_when_enabled_and_http(raw, expected):
    assert Session.from_api(_item(postSessionCallToActionJson=raw), UTC).call_to_action == expected


@pytest.mark.parametrize(
    "bad",
    [
        _item(sessionId=None),
        _item(sessionId="eleven"),
        _item(title=None),
        _item(title="   "),
        _item(startTime="soon"),
        _item(endTime=None),
        "a string",
        None,
        [],
    ],
    ids=lambda v: repr(v)[:40],
)
def test_one_bad_item_is_skipped_and_logged(bad, caplog):
    payload = {"recordsTotal": 3, "recordsFiltered": 3, "data": [_item(), bad, _item(sessionId=2)]}
    with caplog.at_level(logging.WARNING, logger="sessions_app.upstream.domain"):
        page = SessionPage.from_api(payload, UTC)

    assert [s.id for s in page.sessions] == [1, 2]
    assert "skipped upstream Session at index 1" in caplog.text


@pytest.mark.parametrize(
    "payload",
    [
        None,
        [],
        "data",
        {},
        {"data": None},
        {"data": {"sessionId": 1}},
        {"recordsTotal": 1, "data": "x"},
    ],
)
def test_wrong_shaped_envelope_raises_unavailable(payload):
    with pytest.raises(UpstreamUnavailable):
        SessionPage.from_api(payload, UTC)
    with pytest.raises(UpstreamUnavailable):
        HostSession.page_from_api(payload, UTC)


def test_envelope_counts_fall_back_to_data_length():
    page = SessionPage.from_api({"data": [_item()], "recordsTotal": "n/a"}, UTC)
    assert (page.total, page.filtered) == (1, 1)


def test_single_session_that_is_not_an_object_raises_value_error():
    with pytest.raises(ValueError):
        Session.from_api(["not", "a", "session"], UTC)


def test_times_are_wall_clock_in_the_event_zone_across_dst():
    berlin = ZoneInfo("Europe/Berlin")
    session = Session.from_api(
        _item(startTime="2030/03/30 12:00", endTime="2030/03/31 12:00"), berlin
    )
    assert session.start.utcoffset() == timedelta(hours=1)
    assert session.end.utcoffset() == timedelta(hours=2)
    # Same-zone subtraction is wall-clock in Python; the real elapsed time is one hour less.
    assert session.end.astimezone(UTC) - session.start.astimezone(UTC) == timedelta(hours=23)


# --- live state and seats -----------------------------------------------------------------


def test_live_window_includes_minutes_late():
    session = Session.from_api(_item(allowedMinutesToJoinLate=15), UTC)
    start, end = session.start, session.end

    assert session.not_started(start - timedelta(seconds=1))
    assert not session.is_live(start - timedelta(seconds=1))
    assert session.is_live(start)
    assert session.is_live(end + timedelta(minutes=14, seconds=59))
    assert not session.has_ended(end + timedelta(minutes=14, seconds=59))
    assert session.has_ended(end + timedelta(minutes=15))
    assert not session.is_live(end + timedelta(minutes=15))


@pytest.mark.parametrize(
    ("capacity", "registered", "seats_left", "is_full"),
    [
        (0, 5, None, False),
        (-1, 0, None, False),
        (10, 3, 7, False),
        (10, 10, 0, True),
        (10, 12, 0, True),
    ],
)
def test_seats(capacity, registered, seats_left, is_full):
    item = _item(capacity=capacity, sessionStats={"registeredUserCount": registered})
    session = Session.from_api(item, UTC)
    assert (session.seats_left, session.is_full) == (seats_left, is_full)


# --- description sanitising ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>Hi <script>alert(1)</script>there</p>", "<p>Hi there</p>"),
        ('<p onclick="steal()" onmouseover="x()">Hi</p>', "<p>Hi</p>"),
        ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer nofollow">x</a>'),
        ('<a href="/relative">x</a>', '<a rel="noopener noreferrer nofollow">x</a>'),
        ('<iframe src="https://evil.example">inner</iframe>ok', "ok"),
        ("<style>p{color:red}</style><p style='color:red'>ok</p>", "<p>ok</p>"),
        ('<img src="x" onerror="alert(1)">', ""),
        ("<h1>Big</h1><div class='x'>Box</div>", "BigBox"),
        (
            '<a href="https://x.example" target="_blank" title="T" rel="opener">x</a>',
            '<a href="https://x.example" title="T" rel="noopener noreferrer nofollow">x</a>',
        ),
        (
            '<a href="mailto:host@x.example">mail</a>',
            '<a href="mailto:host@x.example" rel="noopener noreferrer nofollow">mail</a>',
        ),
        (
            "<p><strong>a</strong><em>b</em><b>c</b><i>d</i><u>e</u><br></p>",
            "<p><strong>a</strong><em>b</em><b>c</b><i>d</i><u>e</u><br></p>",
        ),
        (
            "<h3>T</h3><h4>S</h4><ul><li>1</li></ul><ol><li>2</li></ol><blockquote>q</blockquote>",
            "<h3>T</h3><h4>S</h4><ul><li>1</li></ul><ol><li>2</li></ol><blockquote>q</blockquote>",
        ),
        ("<!-- note --><p>x</p>", "<p>x</p>"),
        (None, ""),
    ],
)
def test_description_is_sanitised(html, expected):
    assert clean_html(html) == expected
    assert Session.from_api(_item(description=html), UTC).description == expected


# --- refusals -----------------------------------------------------------------------------

LIMIT_MESSAGE = (
    "Your registration type only permits registering for 3 sessions. If you would like to "
    "register for this session please un-register from a different session first."
)


R = RefusalReason
NOT_FOUND = "Session not found!"
CAPACITY = "Max user registration capacity reached"
TICKET = "Your ticket does not permit access to this session"
EXPIRED = "The time limit for accessing this session is expired."
NO_EVENT_TICKET = (
    "You have not yet registered for the event. You must register for the event before you "
    "can register for individual sessions."
)


@pytest.mark.parametrize(
    ("status", "code", "message", "reason"),
    [
        (404, "404800", NOT_FOUND, R.NOT_FOUND),
        (404, "404801", "You are not registered for this session", R.NOT_FOUND),
        (406, "4060610", CAPACITY, R.CAPACITY_FULL),
        (406, "4042005", TICKET, R.TICKET_TYPE),
        (406, "4060611", LIMIT_MESSAGE, R.SESSION_LIMIT),
        (407, "4072002", EXPIRED, R.EXPIRED),
        (406, "4068910", NO_EVENT_TICKET, R.NOT_REGISTERED_FOR_EVENT),
        # by code alone (message reworded upstream)
        (406, "4042005", "Nope", R.TICKET_TYPE),
        (406, 4060610, "", R.CAPACITY_FULL),
        # by message alone (a real upstream with other codes)
        (404, "999", NOT_FOUND, R.NOT_FOUND),
        (406, "", CAPACITY, R.CAPACITY_FULL),
        (406, "4069999", TICKET, R.TICKET_TYPE),
        (406, "4069998", LIMIT_MESSAGE, R.SESSION_LIMIT),
        (407, "", EXPIRED, R.EXPIRED),
        (406, "1", NO_EVENT_TICKET, R.NOT_REGISTERED_FOR_EVENT),
        # by status, then nothing
        (404, "", "", R.NOT_FOUND),
        (406, "", "Something new", R.OTHER),
        # 407 is the guide's "time limit ... expired", whatever its words and code
        (407, "", "", R.EXPIRED),
        (407, "4079999", "Session window closed", R.EXPIRED),
    ],
)
def test_refusal_reason(status, code, message, reason):
    assert refusal_reason(status, code, message) is reason
    refused = JoinRefused(message, status=status, code=str(code), request_id="r1")
    assert refused.reason is reason
    assert (refused.status, refused.request_id) == (status, "r1")


@pytest.mark.parametrize(
    ("message", "limit"),
    [
        (LIMIT_MESSAGE, 3),
        (LIMIT_MESSAGE.replace("3", "12"), 12),
        ("Your registration type only permits registering for 1 session.", 1),
        ("Max user registration capacity reached", None),
        ("", None),
    ],
)
def test_session_limit_number(message, limit):
    assert JoinRefused(message, status=406, code="4060611").limit == limit


def test_refusal_keeps_upstream_message_or_falls_back():
    assert JoinRefused("Session not found!", status=404).message == "Session not found!"
    assert JoinRefused("", status=406).message == "The event platform refused that request."


# --- event, sign-in, profile --------------------------------------------------------------


def test_event_parses_zone_and_dates():
    event = Event.from_api(
        {
            "eventId": "77",
            "name": "Aurora Summit",
            "eventURL": "aurora-summit",
            "startDate": "2030/05/01 08:00",
            "endDate": "2030/05/02 18:00",
            "equivalentTimezone": "Europe/Lisbon",
            "timezoneId": "Lisbon Time",
        }
    )
    assert (event.id, event.name, event.url, event.tz_name) == (
        77,
        "Aurora Summit",
        "aurora-summit",
        "Europe/Lisbon",
    )
    assert event.tz == ZoneInfo("Europe/Lisbon") and event.zone.source == "equivalentTimezone"
    assert event.start == datetime(2030, 5, 1, 8, 0, tzinfo=ZoneInfo("Europe/Lisbon"))


@pytest.mark.parametrize("zone_name", ["Mars/Olympus", "", None, "../../etc/passwd"])
def test_event_with_unknown_zone_falls_back_to_utc_and_says_so(zone_name):
    event = Event.from_api({"eventId": 1, "equivalentTimezone": zone_name, "startDate": "bad"})
    assert event.tz_name == "UTC" and event.zone.is_fallback
    assert event.start is None


@pytest.mark.parametrize(
    ("setting", "data", "zone", "source"),
    [
        ("Asia/Tokyo", {"equivalentTimezone": "Europe/Lisbon"}, "Asia/Tokyo", "setting"),
        ("", {"equivalentTimeZone": "Europe/Lisbon"}, "Europe/Lisbon", "equivalentTimezone"),
        (
            "",
            {"timezoneId": "United States (New York) Time"},
            "America/New_York",
            "timezoneId",
        ),
        ("", {"timezoneId": "India (Kolkata) Time"}, "Asia/Kolkata", "timezoneId"),
        ("", {"timezoneId": "Australia/Sydney"}, "Australia/Sydney", "timezoneId"),
        ("", {"timezoneId": "Somewhere (Nowhere) Time"}, "UTC", "fallback"),
        ("", {}, "UTC", "fallback"),
    ],
)
def test_event_zone_comes_from_the_setting_then_the_event_then_its_label(
    setting, data, zone, source
):
    event = Event.from_api({"eventId": 1, **data}, zone_setting=setting)
    assert (event.tz_name, event.zone.source) == (zone, source)


def test_event_name_from_the_setting_then_the_event_then_the_slug():
    assert Event.from_api({"name": "Summit"}, name="Our Summit").name == "Our Summit"
    assert Event.from_api({"name": "Summit"}, slug="summit").name == "Summit"
    assert Event.from_api({"eventId": 3, "name": None}, slug="summit").name == "summit"


@pytest.mark.parametrize("data", [[], None, "event", {}, {"eventId": None, "name": ""}])
def test_an_event_with_nothing_that_identifies_it_is_unreadable(data):
    with pytest.raises(ValueError):
        Event.from_api(data)


def test_a_profile_needs_no_user_id():
    """The reference lists email, names, phone, address…, admin, userLabel, photo: no userId."""
    documented = {
        "email": "ana@x.example",
        "firstName": "Ana",
        "lastName": "Silva",
        "countryCode": "PT",
        "phoneNumber": None,
        "admin": False,
        "userLabel": None,
        "userProfilePhoto": None,
    }
    profile = Profile.from_api(documented)
    assert (profile.user_id, profile.email, profile.full_name) == (
        None,
        "ana@x.example",
        "Ana Silva",
    )
    with pytest.raises(ValueError):
        Profile.from_api([])


NOW = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("expires_in", "expected"),
    [
        (3600, NOW + timedelta(hours=1)),
        ("3600", NOW + timedelta(hours=1)),
        ("2030/01/02 12:00", datetime(2030, 1, 2, 12, 0, tzinfo=UTC)),
        ("2030-01-02T12:00:00+01:00", datetime(2030, 1, 2, 11, 0, tzinfo=UTC)),
        (1893585600000, datetime(2030, 1, 2, 12, 0, tzinfo=UTC)),
        (1893585600, datetime(2030, 1, 2, 12, 0, tzinfo=UTC)),
        (None, None),
        ("whenever", None),
    ],
)
def test_sign_in_expiry_forms(expires_in, expected):
    data = {
        "access_token": "tok-123",
        "expires_in": expires_in,
        "userId": "9",
        "userRole": "attendee",
    }
    sign_in = SignIn.from_api(data, now=NOW)
    assert (sign_in.token, sign_in.user_id, sign_in.role) == ("tok-123", 9, "attendee")
    assert sign_in.expires_at == expected


def test_sign_in_without_token_is_unreadable_and_repr_hides_token():
    with pytest.raises(ValueError):
        SignIn.from_api({"userId": 1})
    sign_in = SignIn.from_api(
        {"access_token": "very-secret-token", "userRole": ["attendee", "staff"]}
    )
    assert "very-secret-token" not in repr(sign_in)
    assert sign_in.role == "attendee,staff"


def test_profile():
    profile = Profile.from_api(
        {"userId": 5, "email": "ana@x.example", "firstName": "Ana", "lastName": None}
    )
    assert (profile.user_id, profile.email, profile.full_name) == (5, "ana@x.example", "Ana")
