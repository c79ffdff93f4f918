"""The attendee journey in a real browser, against the sandbox: sign in, filter and page the
agenda with the URL following, join and watch, every refusal in place, unregister, and status
changes that arrive without a reload. The `page` fixture fails a test on any console error or
CSP violation, on every page it visits."""

import re
import time
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from sandbox.demo import ACCOUNTS, SESSION_IDS
from tests.browser import DESKTOP_VIEWPORT, MOBILE_VIEWPORT, screenshot, sign_in
from tests.portal_helpers import upstream_sessions

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACCESSIBLE = SESSION_IDS["accessible-venues"]  # live, YouTube, open to all tickets
SPONSOR = SESSION_IDS["sponsor-stories"]  # live, Vimeo, open to all tickets
HYBRID = SESSION_IDS["hybrid-data"]  # live; Gina is registered
VIP_ONLY = SESSION_IDS["vip-roadmap"]
LAST_SEATS = SESSION_IDS["last-five-seats"]  # live, capacity 5, empty
FULL = SESSION_IDS["full-house"]
ROADMAP_QA = SESSION_IDS["roadmap-qa"]  # starts in 12 minutes
ROUNDTABLE = SESSION_IDS["procurement-roundtable"]  # live meet-up on Zoom
KEYNOTE = SESSION_IDS["opening-keynote"]  # live, Mux HLS; Victor is registered


def card(page, session_id):
    return page.locator(f"#session-card-{session_id}")


def status(page, session_id):
    return page.locator(f"#session-status-{session_id}")


def query_of(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query, keep_blank_values=True)


def join(page, session_id):
    """Join from the card; Gina and Victor each hold a live session already, so every live join
    of theirs overlaps it and the portal asks first: they keep both."""
    status(page, session_id).get_by_role("button", name=re.compile(r"^Join")).click()
    status(page, session_id).get_by_role("button", name="Keep both").click()


# --- sign in ------------------------------------------------------------------------------


def test_gina_signs_in_and_sees_her_agenda(page, live_server, sandbox):
    sign_in(page, live_server, "general")
    expect(page.get_by_role("heading", level=1)).to_have_text("Aurora Product Summit")
    expect(status(page, HYBRID)).to_contain_text("You're registered")
    expect(status(page, HYBRID).get_by_role("link", name=re.compile("^Watch"))).to_be_visible()
    expect(status(page, ACCESSIBLE).get_by_role("button", name=re.compile("^Join"))).to_be_visible()
    # Full sessions are known before the click: the reason, and no button but the watch.
    expect(status(page, FULL)).to_contain_text("This session is full.")
    expect(status(page, FULL).get_by_role("button")).to_have_text(
        [re.compile("^Tell me when a seat frees")]
    )
    expect(status(page, ROADMAP_QA)).to_contain_text(re.compile(r"Starts in 1[12] min"))
    screenshot(page, "agenda")


def test_victor_signs_in_and_may_join_the_vip_session(page, live_server, sandbox):
    sign_in(page, live_server, "vip")
    expect(status(page, VIP_ONLY).get_by_role("button", name=re.compile("^Join"))).to_be_visible()


def test_nora_without_a_ticket_is_told_before_any_click(page, live_server, sandbox):
    sign_in(page, live_server, "noticket")
    expect(page.locator(".banner")).to_contain_text("You don't have a ticket for this event yet")
    # Nothing to click that needs a ticket: only stars, which take no seat.
    expect(page.locator("#agenda-list .session-status").get_by_role("button")).to_have_count(0)
    expect(page.locator("#agenda-list button:not(.star-toggle__button)")).to_have_count(0)


def test_magic_link_signs_in_once_and_a_wrong_password_is_explained(page, live_server, sandbox):
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Email").fill(ACCOUNTS["general"]["email"])
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text("Email or password is wrong")

    key = sandbox.magic_key(ACCOUNTS["general"]["email"])
    page.goto(f"{live_server.url}/magic/{key}/")
    page.get_by_role("button", name="Continue to the event").click()
    page.get_by_role("button", name="Continue as Gina Garcia").click()
    expect(page).to_have_url(f"{live_server.url}/")
    expect(status(page, HYBRID)).to_contain_text("You're registered")


@pytest.mark.parametrize("viewport", [MOBILE_VIEWPORT, DESKTOP_VIEWPORT], ids=["390", "1280"])
def test_a_planted_link_names_both_accounts_and_switches_only_when_asked(
    page, live_server, sandbox, viewport
):
    page.set_viewport_size(viewport)
    sign_in(page, live_server, "general", next_path="/my-sessions/")
    who = page.locator(".site-nav__who")
    expect(who).to_have_text("Signed in as Gina Garcia")
    expect(who).to_be_in_viewport()
    for choice in ("Stay signed in as Gina Garcia", "Switch to Victor Villanueva"):
        # Another site sends Gina to Victor's link; she clicks what it shows her.
        page.goto(f"{live_server.url}/magic/{sandbox.magic_key(ACCOUNTS['vip']['email'])}/")
        page.get_by_role("button", name="Continue to the event").click()
        expect(page.locator(".account-question")).to_have_text(
            "You are signed in as Gina Garcia. "
            "This link is for Victor Villanueva (victor@example.com)."
        )
        expect(who).to_have_text("Signed in as Gina Garcia")
        expect(who).to_be_in_viewport()
        screenshot(page, f"magic-link-switch-{viewport['width']}")
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
        page.get_by_role("button", name=choice).click()
        expect(page).to_have_url(f"{live_server.url}/")
    expect(who).to_have_text("Signed in as Victor Villanueva")


def test_a_signed_out_visitor_comes_back_to_the_page_they_asked_for(page, live_server, sandbox):
    page.goto(f"{live_server.url}/my-sessions/")
    expect(page).to_have_url(re.compile(r"/sign-in/\?next=/my-sessions/"))
    page.get_by_label("Email").fill(ACCOUNTS["general"]["email"])
    page.get_by_label("Password").fill(ACCOUNTS["general"]["password"])
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{live_server.url}/my-sessions/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My sessions")


# --- filter and page ----------------------------------------------------------------------


def test_day_tabs_push_the_url_and_back_forward_restore_the_view(page, live_server, sandbox):
    sign_in(page, live_server, "general")
    days = page.get_by_role("navigation", name="Days")
    titles = page.locator(".session-card__title")
    expect(days.locator("[aria-current=page] .day-tabs__day")).to_have_text("Today")
    today_titles = titles.all_inner_texts()

    second, third = days.locator("a").nth(1), days.locator("a").nth(2)
    second_url, third_url = second.get_attribute("href"), third.get_attribute("href")
    second.click()
    expect(page).to_have_url(f"{live_server.url}{second_url}")
    expect(second).to_have_attribute("aria-current", "page")
    second_titles = titles.all_inner_texts()
    assert second_titles and set(today_titles).isdisjoint(second_titles)
    third.click()
    expect(page).to_have_url(f"{live_server.url}{third_url}")

    page.go_back()
    expect(page).to_have_url(f"{live_server.url}{second_url}")
    expect(titles).to_have_text(second_titles)
    page.go_back()
    expect(titles).to_have_text(today_titles)
    page.go_forward()
    expect(titles).to_have_text(second_titles)

    page.reload()  # a shared or reloaded link shows the same view
    expect(days.locator("a").nth(1)).to_have_attribute("aria-current", "page")
    expect(titles).to_have_text(second_titles)


def test_filters_and_search_push_clean_urls_and_back_restores(page, live_server, sandbox):
    sign_in(page, live_server, "general")
    heading = page.locator("#agenda-heading")
    today = page.locator(".day-tabs a[aria-current=page] .day-tabs__count").inner_text()
    expect(heading).to_have_text(today)

    page.get_by_label("Format", exact=True).select_option(label="Workshops")
    expect(page).to_have_url(re.compile(r"format=WORKSHOP"))
    # Empty filters stay out of the URL.
    assert query_of(page) == {"format": ["WORKSHOP"]}
    all_formats = heading.inner_text()
    assert all_formats != today

    page.get_by_label("Track", exact=True).select_option(label="Engineering")
    expect(page).to_have_url(re.compile(r"track=\d+"))
    expect(page.locator(".session-card .track-chip", has_text="Engineering")).to_have_count(
        page.locator(".session-card").count()
    )
    engineering = heading.inner_text()

    page.get_by_label("Search titles, speakers, places and topics").press_sequentially(
        "hiroshi", delay=30
    )
    expect(page).to_have_url(re.compile(r"q=hiroshi"))
    expect(heading).to_have_text("1 session matching “hiroshi”")
    expect(page.locator(".session-card__title")).to_have_text(
        ["Hands-on: Building Session Recommendations"]
    )
    assert set(query_of(page)) == {"format", "track", "q"}

    page.go_back()
    expect(heading).to_have_text(engineering)
    expect(page.get_by_label("Search titles, speakers, places and topics")).to_have_value("")
    expect(page.get_by_label("Track", exact=True)).to_have_value(query_of(page)["track"][0])
    page.go_back()
    expect(heading).to_have_text(all_formats)
    expect(page.get_by_label("Track", exact=True)).to_have_value("")

    page.get_by_role("link", name="Past").click()
    expect(page).to_have_url(re.compile(r"tab=past"))
    expect(page.get_by_role("link", name="Past")).to_have_attribute("aria-current", "page")
    # No past workshop: the empty view offers wider ones that do show sessions.
    page.locator(".ways-out a", has_text="Clear the filters").click()
    expect(status(page, SESSION_IDS["lessons-1000"])).to_contain_text("Ended")


# --- join ---------------------------------------------------------------------------------


def test_join_lands_on_the_stream_page_with_the_providers_player(
    page, page_watch, live_server, sandbox
):
    sign_in(page, live_server, "vip")
    join(page, ACCESSIBLE)
    expect(page).to_have_url(f"{live_server.url}/sessions/{ACCESSIBLE}/")
    iframe = page.locator(".stream iframe")
    expect(iframe).to_be_visible()
    src = urlsplit(iframe.get_attribute("src"))
    assert (src.scheme, src.hostname, src.path) == (
        "https",
        "www.youtube-nocookie.com",
        "/embed/aqz-KE-bpKQ",
    )
    expect(iframe).to_have_attribute("title", re.compile(r"\S"))
    page.frame_locator(".stream iframe").locator("body").wait_for(state="attached")
    assert page_watch.external_hosts() == {"www.youtube-nocookie.com"}
    screenshot(page, "stream")

    # A Zoom meeting is not iframed: the page offers a button that opens Zoom.
    page.goto(f"{live_server.url}/?format=all")
    join(page, ROUNDTABLE)
    expect(page).to_have_url(f"{live_server.url}/sessions/{ROUNDTABLE}/")
    zoom = page.get_by_role("link", name=re.compile("^Open in Zoom"))
    expect(zoom).to_have_attribute("href", re.compile(r"^https://us02web\.zoom\.us/j/85512345678"))
    expect(page.locator("iframe")).to_have_count(0)


def test_capacity_reached_after_the_page_loaded_is_explained_on_the_card(
    page, live_server, sandbox
):
    sign_in(page, live_server, "vip")
    expect(status(page, LAST_SEATS)).to_contain_text("5 seats left")
    for attendee in sandbox.create_attendees(5, "vip"):  # someone else takes every seat
        path = f"/events/{{event}}/session/{LAST_SEATS}/register/{attendee['eventTicketId']}"
        sandbox.rest("POST", path, token=attendee["accessToken"]).raise_for_status()

    join(page, LAST_SEATS)
    alert = status(page, LAST_SEATS).locator(".refusal")
    expect(alert).to_contain_text("This session is full.")
    expect(alert).to_contain_text("Max user registration capacity reached")
    expect(status(page, LAST_SEATS).get_by_role("button", name=re.compile("^Join"))).to_have_count(
        0
    )
    card(page, LAST_SEATS).scroll_into_view_if_needed()
    screenshot(page, "refusal-capacity", full_page=False)


def test_ticket_type_and_session_limit_refusals_appear_in_place(page, live_server, sandbox):
    sign_in(page, live_server, "general")
    join(page, VIP_ONLY)
    expect(status(page, VIP_ONLY).locator(".refusal")).to_contain_text(
        "Your ticket does not permit access to this session"
    )
    assert urlsplit(page.url).path == "/"

    join(page, ACCESSIBLE)  # her second session: the limit is 2
    expect(page).to_have_url(f"{live_server.url}/sessions/{ACCESSIBLE}/")
    page.goto(f"{live_server.url}/")
    join(page, SPONSOR)
    refused = status(page, SPONSOR)
    expect(refused.locator(".refusal")).to_contain_text(
        "Your registration type only permits registering for 2 sessions."
    )
    refused.scroll_into_view_if_needed()
    screenshot(page, "refusal-session-limit", full_page=False)
    refused.get_by_role("link", name=re.compile("Swap one of yours for this")).click()
    expect(page).to_have_url(f"{live_server.url}/sessions/{SPONSOR}/swap/")
    expect(page.get_by_role("radio")).to_have_count(2)  # her two sessions, to pick one


def test_a_session_moved_to_later_after_the_page_loaded_is_refused_as_not_live(
    page, live_server, sandbox
):
    sign_in(page, live_server, "vip")
    sandbox.patch_session(SPONSOR, start_offset_minutes=30, end_offset_minutes=75)
    join(page, SPONSOR)
    expect(status(page, SPONSOR).locator(".refusal")).to_contain_text(
        "This session isn't open for joining right now."
    )
    expect(status(page, SPONSOR).locator(".refusal__detail")).to_contain_text(
        "The time limit for accessing this session is expired."
    )


def test_unregister_from_my_sessions_is_confirmed_in_place(page, live_server, sandbox):
    sign_in(page, live_server, "general", next_path="/my-sessions/")
    title = "Scaling Hybrid Events with Real-Time Data"
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=f"Unregister from {title}").click()
    expect(page.locator(f"#my-session-{HYBRID} .notice")).to_contain_text(
        f"You left “{title}”. Your seat is free."
    )
    page.goto(f"{live_server.url}/")
    expect(status(page, HYBRID).get_by_role("button", name=re.compile("^Join"))).to_be_visible()


# --- changes that arrive without a reload -------------------------------------------------


def test_an_upcoming_card_turns_live_when_the_clock_moves(page, live_server, sandbox, settings):
    settings.PORTAL_STATUS_POLL_SECONDS = 2
    settings.PORTAL_CACHE_TTL = settings.PORTAL_ATTENDEE_TTL = 1
    sign_in(page, live_server, "general")
    badge = status(page, ROADMAP_QA).locator(".badge")
    expect(badge).to_have_text(re.compile(r"Starts in 1[12] min"))
    expect(status(page, ROADMAP_QA).get_by_role("button")).to_have_text(
        [re.compile("^Reserve a seat")]
    )

    sandbox.advance(13 * 60)
    expect(badge).to_have_text("Live now", timeout=12_000)
    expect(status(page, ROADMAP_QA).get_by_role("button", name=re.compile("^Join"))).to_be_visible()


def test_the_open_agenda_says_when_it_shows_the_last_copy_and_when_that_ends(
    page, live_server, sandbox, settings
):
    settings.PORTAL_STATUS_POLL_SECONDS = 2
    settings.PORTAL_CACHE_TTL = settings.PORTAL_ATTENDEE_TTL = 1
    settings.UPSTREAM_GET_RETRIES = 0
    settings.UPSTREAM_CIRCUIT_COOLDOWN = 1
    sign_in(page, live_server, "general")
    note = page.locator("#agenda-freshness .stale-note")
    expect(status(page, ROADMAP_QA).locator(".badge")).to_be_visible()
    expect(note).to_have_count(0)

    sandbox.set_fault(mode="status", status=503, path_contains="/session")
    expect(note).to_contain_text("isn't answering right now", timeout=12_000)
    expect(note).to_contain_text("Updated 0 minutes ago")
    expect(status(page, ROADMAP_QA).locator(".badge")).to_be_visible()  # the cards stay

    sandbox.clear_faults()
    expect(note).to_have_count(0, timeout=12_000)


def test_the_countdown_switches_to_the_player_at_the_start(page, live_server, sandbox, settings):
    settings.PORTAL_CACHE_TTL = settings.PORTAL_ATTENDEE_TTL = 1
    sign_in(page, live_server, "vip")
    page.goto(f"{live_server.url}/sessions/{ACCESSIBLE}/")
    join(page, ACCESSIBLE)  # from the stream page's own "not registered" panel
    expect(page.locator(".stream iframe")).to_be_visible()

    # Move the upstream clock to a few seconds before the session's start.
    start = next(s.start for s in upstream_sessions(sandbox, "vip") if s.id == ACCESSIBLE)
    lead = 5
    upstream_now = sandbox.health()["now"]
    offset = start.timestamp() - lead - _timestamp(upstream_now)
    sandbox.set_clock(offset)
    time.sleep(1.1)  # let the cached lists expire, so the portal hears the new Date header
    page.goto(f"{live_server.url}/")
    page.goto(f"{live_server.url}/sessions/{ACCESSIBLE}/")

    countdown = page.get_by_role("timer")
    expect(countdown).to_have_text(re.compile(r"^Starts in [1-5] s$"))
    expect(page.locator(".stream iframe")).to_be_hidden()
    expect(page.locator(".stream iframe")).to_be_visible(timeout=(lead + 4) * 1000)
    expect(countdown).to_be_hidden()


def _timestamp(iso: str) -> float:
    return datetime.fromisoformat(iso).timestamp()


# --- layout -------------------------------------------------------------------------------


def test_the_agenda_fits_a_phone_and_shows_keyboard_focus(page, live_server, sandbox):
    page.set_viewport_size(MOBILE_VIEWPORT)
    sign_in(page, live_server, "general")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the agenda is {overflow}px wider than a 390px phone"
    screenshot(page, "agenda-mobile")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


def test_an_hls_stream_is_played_from_mux_and_fails_gently_offline(
    page, page_watch, live_server, sandbox
):
    sign_in(page, live_server, "vip")  # Victor is registered for the opening keynote
    page.goto(f"{live_server.url}/sessions/{KEYNOTE}/")
    expect(page.get_by_label("Session video")).to_be_attached()
    # The stand-in for stream.mux.com answers with nothing playable: the page says so, in the
    # player's box, and once in the live region.
    expect(page.locator("[data-player-failure]")).to_contain_text("The stream didn't load.")
    expect(page.locator("#page-notice")).to_contain_text("The stream didn't load.")
    expect(page.locator("video track[kind=captions]")).to_have_attribute(
        "src", "https://captions.example.com/aurora/keynote.vtt"
    )
    page.wait_for_timeout(500)
    # The caption file is asked for under the page's CSP (no violation: the fixture fails
    # the test on one).
    assert page_watch.external_hosts() == {"stream.mux.com", "captions.example.com"}


# --- the watchdog itself ------------------------------------------------------------------


def test_the_page_fixture_notices_console_errors_and_csp_violations(page, page_watch, live_server):
    page.goto(f"{live_server.url}/sign-in/")
    page.evaluate(
        """() => {
          const s = document.createElement("script");
          s.textContent = "window.injected = true";
          document.body.appendChild(s);
          console.error("boom");
        }"""
    )
    page.wait_for_function("window.__cspViolations.length > 0")
    deadline = time.monotonic() + 5
    while not page_watch.csp_violations and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    assert page.evaluate("window.injected") is None
    problems = page_watch.problems()
    assert any(p.startswith("console error: boom") for p in problems), problems
    assert any("script-src" in p for p in problems), problems
    page_watch.console_errors.clear()  # seen: don't fail this test at teardown
    page_watch.csp_violations.clear()
