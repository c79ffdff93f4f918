"""The agenda as an attendee sees it: sign-in required, filters, htmx partials, freshness."""

import re

import pytest
from django.core.cache import cache
from django.utils.html import escape

from sessions_app import cache as portal_cache
from sessions_app.agenda.catalogue import SHAPE
from sessions_app.models import Attendee
from sessions_app.upstream.clock import upstream_now
from tests.portal_helpers import agenda_day, live_sessions, sign_in, upstream_sessions

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "agenda-list"}


def card_ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'id="session-card-(\d+)"', html)]


def test_agenda_requires_sign_in_and_comes_back_after(client, sandbox):
    response = client.get("/?tab=live")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=/%3Ftab%3Dlive"


def test_htmx_request_without_sign_in_redirects_the_whole_page(client, sandbox):
    response = client.get("/", **HX)
    assert response["HX-Redirect"].startswith("/sign-in/")


def test_default_agenda_opens_on_today_every_format_live_before_upcoming(client, sandbox):
    sign_in(client)
    html = client.get("/").content.decode()
    sessions = {s.id: s for s in upstream_sessions(sandbox)}
    shown = [sessions[i] for i in card_ids(html)]
    now = upstream_now()
    zone = shown[0].start.tzinfo  # the event's
    on_today = str(now.astimezone(zone).date())
    # The day's sessions, and those live since before midnight: what is on now.
    today = [s for s in sessions.values() if agenda_day(s) == on_today or s.is_live(now)]
    assert {s.id for s in shown} == {s.id for s in today if not s.has_ended(now)}
    assert {s.format for s in shown} > {"BREAKOUT_SESSION", "MAIN_STAGE", "EXPO", "WORKSHOP"}
    assert "Opening Keynote" in html
    live_ids = {s.id for s in live_sessions(shown)}
    first_upcoming = next((i for i, s in enumerate(shown) if s.id not in live_ids), len(shown))
    assert all(s.id not in live_ids for s in shown[first_upcoming:]), "live sessions come first"
    assert "Live now" in html and "badge--ended" not in html


def test_one_day_per_view_and_old_page_links_still_open_the_agenda(client, sandbox):
    sign_in(client)
    sessions = upstream_sessions(sandbox)
    later = max(sessions, key=lambda s: s.start)  # the closing day
    html = client.get("/", {"day": agenda_day(later)}).content.decode()
    assert later.id in card_ids(html)
    assert all(agenda_day(s) == agenda_day(later) for s in sessions if s.id in card_ids(html))
    assert 'class="pagination"' not in html
    old_link = client.get("/", {"page": "2"})
    assert old_link.status_code == 200
    assert card_ids(old_link.content.decode()) == card_ids(client.get("/").content.decode())


def test_the_organizer_chooses_the_default_format(client, sandbox, settings):
    settings.PORTAL_DEFAULT_FORMAT = "WORKSHOP"
    sign_in(client)
    sessions = {s.id: s for s in upstream_sessions(sandbox)}
    shown = card_ids(client.get("/").content.decode())
    assert shown and all(sessions[i].format == "WORKSHOP" for i in shown)
    everything = card_ids(client.get("/", {"format": "all"}).content.decode())
    assert len(everything) > len(shown)


def test_an_empty_view_offers_wider_views_that_do_show_sessions(client, sandbox, settings):
    sign_in(client)
    html = client.get("/", {"q": "keynote", "format": "WORKSHOP"}).content.decode()
    assert not card_ids(html)
    ways = re.findall(
        r'<li><a href="([^"]+)"[^>]*>([^<]+)</a> <span class="ways-out__count">'
        r"\((\d+) sessions?\)",
        html,
    )
    assert ways, html[:2000]
    for href, _label, count in ways:
        wider = client.get(href.replace("&amp;", "&")).content.decode()
        assert len(card_ids(wider)) == int(count) > 0, href


def test_htmx_filter_returns_only_the_list(client, sandbox):
    sign_in(client)
    response = client.get("/?tab=past", **HX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'id="agenda-list"' in html
    assert "badge--ended" in html and "badge--live" not in html
    assert response["Vary"].count("HX-Request") == 1


def test_history_restore_gets_the_full_page(client, sandbox):
    sign_in(client)
    response = client.get("/?tab=past", HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HX)
    assert "<html" in response.content.decode()


def test_search_matches_speaker_names(client, sandbox, settings):
    sign_in(client)
    with_speaker = next(s for s in upstream_sessions(sandbox) if s.speakers)
    speaker = with_speaker.speakers[0]
    html = client.get("/", {"q": speaker.last_name, "format": "all", "tab": ""}).content.decode()
    ids = card_ids(html)
    assert ids
    sessions = {s.id: s for s in upstream_sessions(sandbox)}
    assert all(
        speaker.last_name.lower() in " ".join(sp.full_name.lower() for sp in sessions[i].speakers)
        or speaker.last_name.lower() in sessions[i].title.lower()
        for i in ids
    )


def test_next_marks_only_the_events_next_start_whatever_the_filter(client, sandbox):
    sign_in(client)
    sessions = upstream_sessions(sandbox)
    upcoming = sorted((s for s in sessions if s.start > upstream_now()), key=lambda s: s.start)
    first, workshop = upcoming[0], next(s for s in upcoming if s.format == "WORKSHOP")
    assert first.format != "WORKSHOP"
    every = client.get("/", {"format": "all", "day": agenda_day(first)}).content.decode()
    marked = every[every.index('data-slot-mark="next"') :]
    assert f'id="session-card-{first.id}"' in marked[: marked.index("</ol>")]
    only = client.get("/", {"format": "WORKSHOP", "day": agenda_day(workshop)}).content.decode()
    assert workshop.id in card_ids(only) and 'data-slot-mark="next"' not in only
    on_now = only[only.index('class="on-now__next"') :]
    assert escape(first.title) in on_now[: on_now.index("</p>")]  # the top still says what is next


def test_track_filter_and_day_tabs_keep_the_query(client, sandbox):
    sign_in(client)
    sessions = upstream_sessions(sandbox)
    track = next(t for s in sessions for t in s.tracks)
    html = client.get("/", {"track": track.id, "tab": "past"}).content.decode()
    html_all = client.get("/", {"format": "BREAKOUT_SESSION", "tab": ""}).content.decode()
    days = re.findall(r'<nav class="day-tabs".*?</nav>', html_all, re.S)[0]
    links = re.findall(r'<a href="([^"]+)"', days)
    assert len(links) == len({agenda_day(s) for s in sessions}) > 1
    assert all("format=BREAKOUT_SESSION" in link and "day=" in link for link in links)
    # Live, Upcoming, Past keep the filters and open on their own day.
    tabs = re.findall(r'<nav class="tabs".*?</nav>', html_all, re.S)[0]
    assert all("day=" not in link for link in re.findall(r'<a href="([^"]+)"', tabs))
    for session_id in card_ids(html):
        session = next(s for s in sessions if s.id == session_id)
        assert any(t.id == track.id for t in session.tracks)


def test_bad_filter_values_are_corrected_not_errors(client, sandbox):
    sign_in(client)
    response = client.get(
        "/", {"page": "-3", "track": "abc", "day": "2026-99-99", "format": "NOPE", "q": "x" * 5000}
    )
    assert response.status_code == 200
    assert "x" * 101 not in response.content.decode()


def test_cards_show_time_zone_speakers_and_seats(client, sandbox, settings):
    sign_in(client)
    html = client.get("/", {"format": "all"}).content.decode()
    assert "America/New_York" in html
    assert re.search(r"\d+ seats? left", html)
    assert "With " in html


def test_already_registered_session_shows_watch_instead_of_join(client, sandbox):
    sign_in(client, "general")  # the demo general attendee is registered for one live session
    html = client.get("/", {"format": "all", "tab": "live"}).content.decode()
    assert "You&#x27;re registered" in html or "You're registered" in html


def test_attendee_without_ticket_is_told_once_with_a_way_to_get_one(client, sandbox, settings):
    sign_in(client, "noticket")
    html = client.get("/", {"tab": "live"}).content.decode()
    assert html.count("have a ticket for this event yet") == 1
    assert f'href="{settings.ACCELEVENTS_TICKETS_URL}"' in html
    assert "You need a ticket for the event" not in html  # no per-card repetition
    assert not re.search(r'hx-post="/sessions/\d+/(join|reserve)/"', html)  # a star, at most
    assert settings.ACCELEVENTS_TICKETS_URL == "https://www.accelevents.com/events/aurora-summit"


def test_status_poll_returns_out_of_band_fragments(client, sandbox):
    sign_in(client)
    live = live_sessions(upstream_sessions(sandbox))
    ids = ",".join(str(s.id) for s in live[:3])
    html = client.get(f"/agenda/status/?ids={ids}", HTTP_HX_REQUEST="true").content.decode()
    for session in live[:3]:
        assert re.search(
            rf'<div id="session-status-{session.id}" class="session-status"[^>]*'
            r' hx-swap-oob="true"',
            html,
        )
    # Fresh data: the agenda's "last copy we received" note is swapped out (emptied) as well.
    assert '<div id="agenda-freshness" hx-swap-oob="true"></div>' in html


def test_status_poll_is_served_from_cache(client, sandbox):
    sign_in(client)
    client.get("/")
    sandbox.reset_stats()
    for _ in range(5):
        client.get("/agenda/status/?ids=1,2,3", HTTP_HX_REQUEST="true")
    assert sum(sandbox.stats()["requests"].values()) == 0


def test_two_attendees_never_share_cached_lists(client, sandbox, django_user_model):
    from django.test import Client

    sign_in(client, "general")
    other = Client()
    sign_in(other, "noticket")
    general_html = client.get("/", {"tab": "live"}).content.decode()
    noticket_html = other.get("/", {"tab": "live"}).content.decode()
    assert "have a ticket for this event yet" not in general_html
    assert "have a ticket for this event yet" in noticket_html
    user_ids = {a.upstream_user_id for a in Attendee.objects.all()}
    keys = [portal_cache.user_key(user_id, f"own:{SHAPE}") for user_id in user_ids]
    assert len(user_ids) == 2 and len(cache.get_many(keys)) == 2  # one own part per attendee


def test_stale_agenda_is_served_with_its_age_when_upstream_fails(client, sandbox, settings):
    sign_in(client)
    assert client.get("/").status_code == 200
    settings.PORTAL_CACHE_TTL = 0
    sandbox.set_fault(mode="status", status=503)
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Updated 0 minutes ago" in html
    assert card_ids(html)


def test_no_cached_copy_and_upstream_down_gives_a_retry_page(client, sandbox, settings):
    sign_in(client)
    cache.clear()
    sign_in(client)
    sandbox.set_fault(mode="status", status=503)
    response = client.get("/")
    assert response.status_code == 503
    assert "Try again" in response.content.decode()


def test_expired_token_sends_the_attendee_to_sign_in_and_back(client, sandbox):
    sign_in(client)
    sandbox.expire_tokens()
    response = client.get("/my-sessions/")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=/my-sessions/"


# --- the attendee's own filters: "mine" and "only sessions I can join" ------------------------

JOIN_ANYWAY = {"confirm": "overlap"}  # she holds a live session: a live join asks first


def test_mine_shows_the_sessions_held_and_starred_and_nothing_else(client, sandbox):
    sign_in(client)  # Gina holds "Scaling Hybrid Events", live
    sessions = {s.title: s.id for s in upstream_sessions(sandbox)}
    held, accessible = (
        sessions["Scaling Hybrid Events with Real-Time Data"],
        sessions["Designing Accessible Virtual Venues"],
    )
    assert card_ids(client.get("/", {"mine": "1", "format": "all"}).content.decode()) == [held]
    # With htmx: no message waits, so the page shown before would be reused if the star did
    # not retire it.
    client.post(f"/sessions/{accessible}/star/", {"starred": "1"}, HTTP_HX_REQUEST="true")
    mine = client.get("/", {"mine": "1", "format": "all"}).content.decode()
    assert sorted(card_ids(mine)) == sorted([held, accessible])
    assert 'name="mine" value="1" checked' in mine
    assert 'tab=live&amp;mine=1"' in mine  # tabs keep the filter
    narrowed = client.get("/", {"mine": "1", "format": "all", "q": "Accessible"}, **HX)
    assert card_ids(narrowed.content.decode()) == [accessible]


def test_only_sessions_i_can_join_hides_what_a_known_refusal_rules_out(client, sandbox):
    sign_in(client)  # General Admission: the VIP-only session refuses her ticket
    sessions = {s.title: s for s in upstream_sessions(sandbox)}
    vip = sessions["VIP Lounge: Roadmap Preview with the Founders"].id
    full = sessions["Full House: Data Privacy Clinic"].id
    held = sessions["Scaling Hybrid Events with Real-Time Data"].id
    joinable = {"joinable": "1", "format": "all"}
    before = card_ids(client.get("/", joinable).content.decode())
    assert vip in before and full not in before and held in before
    assert full in card_ids(client.get("/", {"format": "all"}).content.decode())
    refused = client.post(f"/sessions/{vip}/join/", JOIN_ANYWAY, HTTP_HX_REQUEST="true")
    assert "ticket" in refused.content.decode().lower()
    after = client.get("/", joinable).content.decode()
    assert vip not in card_ids(after) and held in card_ids(after)
    assert vip in card_ids(client.get("/", {"format": "all"}).content.decode())
    assert 'name="joinable" value="1" checked' in after
