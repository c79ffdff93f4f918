"""The event's time or the attendee's own: a switch on every page with times, remembered for the
attendee; days regrouped in the chosen zone, every time said in it and the zone named; pages
kept for one zone never served for the other; calendar files in the event's zone whatever the
choice; an unknown zone refused in words."""

import re
from datetime import datetime, time, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from sandbox.demo import SESSION_IDS
from sessions_app.models import AttendeeChoices
from sessions_app.upstream.clock import upstream_now
from tests.portal_helpers import sign_in

pytestmark = pytest.mark.django_db

NEW_YORK, BERLIN = ZoneInfo("America/New_York"), ZoneInfo("Europe/Berlin")
EVENING = SESSION_IDS["event-roi"]  # moved to 21:30 in New York: 03:30 the next day in Berlin
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def evening(sandbox):
    """The session, moved to 21:30 (New York) tomorrow; returns its start."""
    now = upstream_now().replace(second=0, microsecond=0)
    tomorrow = now.astimezone(NEW_YORK).date() + timedelta(days=1)
    start = datetime.combine(tomorrow, time(21, 30), tzinfo=NEW_YORK)
    minutes = round((start - now).total_seconds() / 60)
    sandbox.patch_session(EVENING, start_offset_minutes=minutes, end_offset_minutes=minutes + 45)
    return start


def switch(client, zone: str = "viewer", viewer_zone: str = "Europe/Berlin", **extra):
    body = {"zone": zone, "viewer_zone": viewer_zone, "next": "/"}
    return client.post("/time-zone/", body, **extra)


def agenda_day(client, day) -> str:
    return client.get("/", {"day": day.isoformat()}).content.decode()


def card(html: str, session_id: int) -> str:
    found = re.search(rf'<li id="session-card-{session_id}".*?</li>', html, re.S)
    return found.group(0) if found else ""


def zone_note(html: str) -> str:
    return re.search(r'<p class="zone-note"[^>]*>(.*?)</p>', html, re.S).group(1)


def test_the_viewers_zone_moves_a_late_evening_session_to_the_next_days_group(
    client, sandbox, evening
):
    sign_in(client)
    event_day, berlin_day = evening.date(), evening.astimezone(BERLIN).date()
    assert berlin_day == event_day + timedelta(days=1)
    before = agenda_day(client, event_day)
    assert "9:30 PM" in card(before, EVENING)
    assert zone_note(before) in ("Times in EST", "Times in EDT")

    assert switch(client)["Location"] == "/"

    on_event_day, on_berlin_day = agenda_day(client, event_day), agenda_day(client, berlin_day)
    assert not card(on_event_day, EVENING)
    moved = card(on_berlin_day, EVENING)
    assert re.search(r"3:30 AM</time>.*<abbr title=\"Europe/Berlin\">CES?T</abbr>", moved, re.S)
    assert re.fullmatch(r"Times in CES?T, your own time", zone_note(on_berlin_day))
    # The day's tab and heading are Berlin's too.
    assert f'id="day-{berlin_day.isoformat()}"' in on_berlin_day
    session_page = client.get(f"/sessions/{EVENING}/").content.decode()
    assert "3:30 AM" in session_page and "9:30 PM" not in session_page
    assert re.fullmatch(r"Times in CES?T, your own time", zone_note(session_page))

    switch(client, zone="event", viewer_zone="")
    assert "9:30 PM" in card(agenda_day(client, event_day), EVENING)


def test_the_choice_survives_sign_out_and_sign_in(client, sandbox):
    sign_in(client)
    switch(client, viewer_zone="Asia/Tokyo")
    client.post("/sign-out/")
    sign_in(client)

    assert zone_note(client.get("/").content.decode()) == "Times in JST, your own time"
    assert zone_note(client.get("/my-sessions/").content.decode()) == (
        "Times in JST, your own time"
    )
    choices = AttendeeChoices.objects.get()
    assert (choices.zone, choices.viewer_zone) == ("viewer", "Asia/Tokyo")


def test_a_page_kept_for_one_zone_is_never_served_after_switching(client, sandbox):
    sign_in(client)
    assert zone_note(client.get("/").content.decode()).startswith("Times in E")
    client.get("/")  # kept and served again

    switch(client, viewer_zone="Asia/Tokyo")
    assert zone_note(client.get("/").content.decode()) == "Times in JST, your own time"
    switch(client, zone="event", viewer_zone="Asia/Tokyo")
    assert zone_note(client.get("/").content.decode()).startswith("Times in E")


def test_a_poll_answered_in_one_zone_is_not_modified_in_the_other(client, sandbox):
    sign_in(client)
    path = f"/agenda/status/?ids={SESSION_IDS['last-five-seats']}"
    client.get(path, **HX)  # the first poll says the reminders once
    tag = client.get(path, **HX)["ETag"]
    assert client.get(path, **HX, HTTP_IF_NONE_MATCH=tag).status_code == 304

    switch(client, viewer_zone="Asia/Tokyo")

    answer = client.get(path, **HX, HTTP_IF_NONE_MATCH=tag)
    assert answer.status_code == 200 and answer["ETag"] != tag


@pytest.mark.parametrize(
    "name", ["Mars/Olympus_Mons", "../../etc/passwd", "Asia/" + "x" * 80, "America", "localtime"]
)
def test_an_unknown_zone_is_refused_in_words_and_changes_nothing(client, sandbox, name):
    sign_in(client)
    refused = switch(client, viewer_zone=name)

    assert refused.status_code == 400
    html = unescape(refused.content.decode())
    assert "isn't a time zone this portal knows. Pick yours from the list." in html
    assert '<select name="viewer_zone"' in html and "<script>" not in html
    assert zone_note(client.get("/").content.decode()).startswith("Times in E")
    assert not AttendeeChoices.objects.exists()


def test_neither_of_the_two_choices_is_refused_in_words(client, sandbox):
    sign_in(client)
    refused = client.post("/time-zone/", {"zone": "mars", "next": "/"})
    assert refused.status_code == 400
    assert "Pick the event's time or your own." in unescape(refused.content.decode())


def test_an_unknown_zone_from_htmx_shows_the_list_in_place(client, sandbox):
    sign_in(client)
    refused = switch(
        client, viewer_zone="Etc/Unknown", HTTP_HX_CURRENT_URL="http://testserver/", **HX
    )

    assert refused.status_code == 200  # htmx swaps only a 2xx
    assert refused["HX-Push-Url"] == "/time-zone/"
    assert 'id="zone-error"' in refused.content.decode()


def test_without_javascript_the_switch_uses_the_zone_last_named_else_offers_the_list(
    client, sandbox
):
    sign_in(client)
    asked = switch(client, viewer_zone="")
    assert asked.status_code == 200
    html = unescape(asked.content.decode())
    assert "Your browser didn't tell us its time zone. Pick yours from the list." in html
    assert '<option value="Asia/Tokyo">Asia/Tokyo</option>' in html
    assert '<option value="America/New_York">America/New York</option>' in html

    assert switch(client, viewer_zone="Asia/Tokyo").status_code == 302
    switch(client, zone="event", viewer_zone="")
    assert switch(client, viewer_zone="")["Location"] == "/"  # Tokyo again, as last named
    assert zone_note(client.get("/").content.decode()) == "Times in JST, your own time"


def test_the_switch_goes_back_only_to_a_page_of_the_portal(client, sandbox):
    sign_in(client)
    body = {"zone": "viewer", "viewer_zone": "Asia/Tokyo"}
    assert client.post("/time-zone/", {**body, "next": "/my-sessions/"})["Location"] == (
        "/my-sessions/"
    )
    assert client.post("/time-zone/", {**body, "next": "https://evil.example/"})["Location"] == "/"
    assert client.post("/time-zone/", {**body, "next": "//evil.example/"})["Location"] == "/"


def test_the_calendar_file_keeps_the_events_zone_whatever_the_choice(client, sandbox):
    sign_in(client)
    path = f"/sessions/{SESSION_IDS['day2-keynote']}/calendar.ics"
    before = client.get(path).content.decode()
    switch(client, viewer_zone="Asia/Tokyo")
    after = client.get(path).content.decode()

    def times(ics: str) -> list[str]:
        return re.findall(r"^(?:DTSTART|DTEND|TZID)[^\r\n]*", ics, re.M)

    assert times(before) == times(after)
    assert "America/New_York" in after and "Asia/Tokyo" not in after


def test_switching_needs_a_sign_in_and_a_csrf_token(client, sandbox):
    anonymous = Client()
    assert anonymous.post("/time-zone/", {"zone": "viewer"})["Location"].startswith("/sign-in/")
    sign_in(client)
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = client.cookies
    assert strict.post("/time-zone/", {"zone": "viewer", "viewer_zone": "UTC"}).status_code == 403


def test_the_polls_notices_say_times_in_the_chosen_zone_and_name_it(client, sandbox, settings):
    settings.PORTAL_REMINDER_MINUTES = 600  # both reservations below start "soon"
    sign_in(client, "vip")
    for key in ("roadmap-qa", "virtual-booths"):
        body = {"confirm": "overlap"}  # Victor holds the keynote, live now: keep both
        client.post(f"/sessions/{SESSION_IDS[key]}/reserve/", body, **HX)
    switch(client, viewer_zone="Asia/Tokyo")

    html = client.get("/agenda/status/?ids=", **HX).content.decode()

    whens = re.findall(r'<span class="portal-notice__when">([^<]*)</span>', html)
    assert len(whens) == 2 and all(re.fullmatch(r"\d{1,2}:\d\d [AP]M JST", w) for w in whens)
