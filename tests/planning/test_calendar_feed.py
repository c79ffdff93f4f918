"""Calendars: one session's .ics, and the private feed of an attendee's sessions — what is in
them (parsed back with icalendar) and who can read the feed."""

import re
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from icalendar import Calendar

from sandbox.demo import ACCOUNTS, EVENT_TIMEZONE, PASSWORD, SESSION_IDS
from sessions_app.accounts.ratelimit import FEED_LIMIT
from sessions_app.models import Registration
from tests.portal_helpers import KEEP_BOTH

pytestmark = pytest.mark.django_db(transaction=True)

HX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/"}
KEYNOTE = SESSION_IDS["opening-keynote"]  # Mux stream with a signed playback token
ACCESSIBLE = SESSION_IDS["accessible-venues"]
NEW_YORK = ZoneInfo(EVENT_TIMEZONE)


def signed_in(who: str) -> Client:
    client = Client()
    form = {"email": ACCOUNTS[who]["email"], "password": PASSWORD}
    assert client.post("/sign-in/", form).status_code == 302
    return client


def feed_path(client) -> str:
    mine = client.get("/my-sessions/").content.decode()
    https = re.search(r'id="feed-url" type="text" readonly value="([^"]+)"', mine).group(1)
    assert f'href="webcal://{https.split("://", 1)[1]}"' in mine
    return https.replace("http://testserver", "")


def events(body: bytes) -> dict[str, object]:
    return {str(e["summary"]): e for e in Calendar.from_ical(body).walk("VEVENT")}


def test_one_session_downloads_in_the_event_zone_without_a_stream_or_secret(sandbox):
    victor = signed_in("vip")
    response = victor.get(f"/sessions/{KEYNOTE}/calendar.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="session-{KEYNOTE}.ics"'
    (event,) = events(response.content).values()
    assert str(event["summary"]) == "Opening Keynote: The Next Decade of Events"
    start = event.decoded("dtstart")
    assert start.tzinfo.key == EVENT_TIMEZONE and event["dtstart"].params["TZID"] == EVENT_TIMEZONE
    assert str(event["url"]) == f"http://testserver/sessions/{KEYNOTE}/"
    assert b"BEGIN:VTIMEZONE" in response.content
    body = response.content.decode()
    assert "mux" not in body.lower() and "stream" not in body.lower() and "eyJ" not in body


def test_the_feed_follows_joins_and_leaves_and_needs_no_browser_session(sandbox):
    victor = signed_in("vip")
    path = feed_path(victor)
    assert set(events(Client().get(path).content)) == {
        "Opening Keynote: The Next Decade of Events",
        "Kickoff: State of the Industry",
    }
    victor.post(f"/sessions/{ACCESSIBLE}/join/", KEEP_BOTH, **HX)
    anonymous = Client()
    after_join = anonymous.get(path)
    assert "Designing Accessible Virtual Venues" in events(after_join.content)
    assert after_join.cookies == {} and "Set-Cookie" not in after_join
    assert after_join["Cache-Control"] == "private, max-age=300"
    victor.post(f"/sessions/{ACCESSIBLE}/unregister/", **HX)
    assert "Designing Accessible Virtual Venues" not in events(anonymous.get(path).content)


def test_times_in_the_feed_are_the_events_wall_clock(sandbox):
    victor = signed_in("vip")
    keynote = events(Client().get(feed_path(victor)).content)[
        "Opening Keynote: The Next Decade of Events"
    ]
    upstream = sandbox.rest("GET", f"/events/{{event}}/session/v2/{KEYNOTE}", sandbox.token("vip"))
    wall_clock = upstream.json()["startTime"]  # yyyy/MM/dd HH:mm in the event's zone
    assert keynote.decoded("dtstart").strftime("%Y/%m/%d %H:%M") == wall_clock


def test_a_rotated_feed_answers_404_at_the_old_address(sandbox):
    victor = signed_in("vip")
    old = feed_path(victor)
    replaced = victor.post("/my-sessions/calendar/rotate/")
    assert replaced.status_code == 302
    new = feed_path(victor)
    assert new != old
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200


def tampered(path: str) -> list[str]:
    """The real feed path of an attendee, changed in every way a guess could change it."""
    head, mac = path.removeprefix("/calendar/").removesuffix(".ics").split("-")
    flipped = mac[:-1] + ("0" if mac[-1] != "0" else "1")
    return [
        f"/calendar/{head}-{flipped}.ics",  # right attendee, wrong MAC
        f"/calendar/{int(head) + 1}-{mac}.ics",  # right MAC, another attendee
        f"/calendar/{head}-{mac[:-1]}.ics",  # short
        f"/calendar/{head}.ics",
        "/calendar/.ics",
        "/calendar/not-a-token.ics",
    ]


def test_a_wrong_token_learns_nothing(sandbox):
    path = feed_path(signed_in("vip"))
    signed_in("general")  # another attendee exists, next to Victor
    for wrong in tampered(path):
        response = Client().get(wrong)
        assert response.status_code == 404, wrong
        assert b"VEVENT" not in response.content


def test_another_attendees_feed_shows_only_that_attendees_sessions(sandbox):
    victor, gina = signed_in("vip"), signed_in("general")
    victors_feed = feed_path(victor)
    titles = set(events(gina.get(victors_feed).content))
    assert "Scaling Hybrid Events with Real-Time Data" not in titles, "Gina's own session"
    assert "Opening Keynote: The Next Decade of Events" in titles


def test_the_feed_is_rate_limited_per_address(sandbox):
    path = feed_path(signed_in("vip"))
    reader = Client(REMOTE_ADDR="203.0.113.9")
    codes = [reader.get(path).status_code for _ in range(FEED_LIMIT + 1)]
    assert codes[:FEED_LIMIT] == [200] * FEED_LIMIT
    assert codes[-1] == 429
    assert Client(REMOTE_ADDR="203.0.113.10").get(path).status_code == 200


def test_my_sessions_brings_registrations_made_elsewhere_into_the_portals_records(
    sandbox, settings
):
    settings.PORTAL_CACHE_TTL = settings.PORTAL_ATTENDEE_TTL = (
        0  # each visit reads the upstream's list afresh
    )
    victor = signed_in("vip")
    assert not Registration.objects.exists(), "Victor's two were made in the hub (the seed)"
    victor.get("/my-sessions/")
    titles = set(Registration.objects.values_list("session_title", flat=True))
    assert titles == {
        "Opening Keynote: The Next Decade of Events",
        "Kickoff: State of the Industry",
    }
    token = sandbox.token("vip")
    path = f"/events/{{event}}/session/{KEYNOTE}/register/57941"
    sandbox.rest("DELETE", path, token).raise_for_status()  # left in the hub
    victor.get("/my-sessions/")
    keynote = Registration.objects.get(session_id=KEYNOTE)
    assert keynote.status == "unregistered" and keynote.unregistered_at is not None


def test_starred_sessions_join_the_feed_only_when_chosen_and_marked_tentative(sandbox):
    victor = signed_in("vip")
    path = feed_path(victor)
    victor.post(f"/sessions/{ACCESSIBLE}/star/", {"starred": "1"})
    victor.post(f"/sessions/{KEYNOTE}/star/", {"starred": "1"})  # held too: listed once
    held = {"Opening Keynote: The Next Decade of Events", "Kickoff: State of the Industry"}
    assert set(events(Client().get(path).content)) == held

    chosen = victor.post("/my-sessions/calendar/stars/", {"stars_in_feed": "1"})

    assert chosen["Location"] == "/my-sessions/#calendar-feed"
    assert 'id="stars-in-feed" name="stars_in_feed" value="1" checked' in (
        victor.get("/my-sessions/").content.decode()
    )
    with_stars = events(Client().get(path).content)
    assert set(with_stars) == held | {"☆ Designing Accessible Virtual Venues"}
    starred = with_stars["☆ Designing Accessible Virtual Venues"]
    assert (str(starred["status"]), str(starred["transp"])) == ("TENTATIVE", "TRANSPARENT")
    assert "Starred" in starred["categories"].to_ical().decode()
    assert "status" not in with_stars["Opening Keynote: The Next Decade of Events"]
    victor.post("/my-sessions/calendar/stars/", {})  # unticked: off again
    assert set(events(Client().get(path).content)) == held
