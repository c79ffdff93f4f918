"""Issue 12's eight problems, each seen in Chromium at 1280 px and at 390 px: the whole event on
the landing agenda, a timetable, times that read one way, no dead ends, late entry said as such,
a stream page that recovers, focus (tests/journeys/test_browser_focus.py) and four languages."""

import re
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from sandbox.demo import ACCOUNTS, SESSION_IDS
from sessions_app.models import JoinAttempt
from tests.browser import (
    DEFAULT_TIMEOUT_MS,
    DESKTOP_VIEWPORT,
    MOBILE_VIEWPORT,
    PageWatch,
    _keep_local,
    screenshot,
    sign_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KEYNOTE = SESSION_IDS["opening-keynote"]
ACCESSIBLE = SESSION_IDS["accessible-venues"]
VIP_ONLY = SESSION_IDS["vip-roadmap"]
FULL = SESSION_IDS["full-house"]
ROADMAP_QA = SESSION_IDS["roadmap-qa"]
OPS_STANDUP = SESSION_IDS["ops-standup"]
TICKETS = "https://www.accelevents.com/events/aurora-summit"
DASH = "\u2013"  # between the start and the end of a session


@pytest.fixture(params=["1280", "390"])
def width(request):
    return {"1280": DESKTOP_VIEWPORT, "390": MOBILE_VIEWPORT}[request.param]


@pytest.fixture
def on(page, width):
    page.set_viewport_size(width)
    return page


@contextmanager
def other_context(browser, width, **options):
    """A page in a context of its own (a time zone, a language, no JavaScript)."""
    watch = PageWatch()
    context = browser.new_context(viewport=width, **{"locale": "en-US", **options})
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.route("**/*", lambda route: _keep_local(route, watch))
    try:
        yield context.new_page()
    finally:
        context.close()


def form_sign_in(page, live_server, who="general"):
    page.goto(f"{live_server.url}/sign-in/")
    page.locator("#id_email").fill(ACCOUNTS[who]["email"])
    page.locator("#id_password").fill(ACCOUNTS[who]["password"])
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").click()


def open_filters(page):
    toggle = page.locator(".filters__toggle")
    if toggle.is_visible():
        toggle.click()


def status(page, session_id):
    return page.locator(f"#session-status-{session_id}")


def join(page, session_id):
    """Gina and Victor each hold a live session: every live join overlaps it, they keep both."""
    status(page, session_id).get_by_role("button", name=re.compile("^Join")).click()
    status(page, session_id).locator("button[type=submit]").click()


def name(width) -> str:
    return str(width["width"])


# --- 1. the landing agenda shows the whole event --------------------------------------------


def test_the_landing_agenda_shows_every_format_and_search_finds_the_keynote(
    on, live_server, sandbox, width
):
    sign_in(on, live_server, "general")
    heading = on.locator("#agenda-heading")
    # Every live and upcoming session of today (a day is one view; its tab says how many).
    today = on.locator(".day-tabs a[aria-current=page] .day-tabs__count")
    expect(heading).to_have_text(today.inner_text())
    for title in ("Opening Keynote", "Expo Hall Live Tour", "Hands-on: Building Session"):
        expect(on.locator(".session-card__title", has_text=title)).to_have_count(1)
    on.locator("#agenda-q").press_sequentially("keynote", delay=20)
    expect(heading).to_have_text("1 session matching “keynote”")  # the others are later days

    open_filters(on)
    on.locator("#agenda-format").select_option(label="Workshops")
    expect(heading).to_have_text("0 sessions matching “keynote”")
    way_out = on.locator(".ways-out a", has_text="Clear the filters")
    expect(on.locator(".ways-out")).to_contain_text("Clear the filters (1 session)")
    way_out.click()
    expect(heading).to_have_text("1 session matching “keynote”")
    assert "format" not in urlsplit(on.url).query


# --- 2. a timetable, by day and time; phone-sized controls ---------------------------------


def test_the_agenda_is_a_timetable_opening_on_what_is_live(on, live_server, sandbox, width):
    sign_in(on, live_server, "general")
    days = on.locator(".day-heading")
    expect(days.first).to_have_text(re.compile(r"^Today · \w+, \w+ \d{1,2}$"))
    expect(days).to_have_count(1)  # one day per view (issue 22); the day tabs lead to others
    expect(on.locator(".slot-heading").first).to_have_text(re.compile(r"^\d{1,2}:\d\d [AP]M"))
    now, upcoming = on.locator('[data-slot-mark="now"]'), on.locator('[data-slot-mark="next"]')
    expect(now).to_have_count(1)
    expect(upcoming).to_have_count(1)
    expect(now.locator(".slot-mark")).to_have_text("Now")
    expect(upcoming).to_contain_text("Product Roadmap Q&A")
    expect(on.locator("#on-now")).to_be_in_viewport()  # opened at its top, on what is live
    assert on.evaluate("window.scrollY") == 0
    screenshot(on, f"timetable-{name(width)}", full_page=False)


def test_on_a_phone_the_filters_fold_away_and_the_tabs_keep_one_row(
    on, live_server, sandbox, width
):
    sign_in(on, live_server, "general")
    on.evaluate("window.scrollTo(0, 0)")
    tabs = on.locator(".tabs a")
    tops = {round(box["y"]) for box in (tabs.nth(i).bounding_box() for i in range(tabs.count()))}
    assert len(tops) == 1, "the tabs stay on one row"
    format_select = on.locator("#agenda-format")
    if width == MOBILE_VIEWPORT:
        expect(format_select).to_be_hidden()
        toggle = on.locator(".filters__toggle")
        expect(toggle).to_have_text("Filters (0)")
        # What is live comes first (issue 22): the sessions on the first screen are those.
        first_live = on.locator("#on-now .on-now__live li").first.bounding_box()
        assert first_live["y"] < MOBILE_VIEWPORT["height"], "sessions on the first screen"
        assert on.locator(".tabs ul").evaluate("(e) => e.scrollWidth > e.clientWidth")
        toggle.click()
        on.locator("#agenda-track").select_option(label="Engineering")
        expect(toggle).to_have_text("Filters (1)")
    else:
        expect(format_select).to_be_visible()
        expect(on.locator(".filters__toggle")).to_be_hidden()


def test_the_timetable_needs_no_javascript(browser, live_server, sandbox, width):
    with other_context(browser, width, java_script_enabled=False) as page:
        form_sign_in(page, live_server)
        expect(page.locator(".day-heading").first).to_contain_text("Today")
        assert page.locator(".slot-heading").count() > 10
        page.locator("#agenda-q").fill("keynote")
        page.locator(".filters__submit").click()
        expect(page.locator("#agenda-heading")).to_have_text("1 session matching “keynote”")


# --- 3. times that read one way, the viewer's zone named once ------------------------------


def test_times_read_one_way_and_the_viewers_zone_is_named_once(
    browser, live_server, sandbox, width
):
    with other_context(browser, width, timezone_id="Asia/Tokyo") as page:
        form_sign_in(page, live_server)
        expect(page.locator("[data-zone-note]")).to_have_text("Times in EST")
        expect(page.locator(".zone-note__viewer")).to_have_text("· your time: GMT+9, shown in grey")
        cards = page.locator(".session-card .session-meta__time")
        times = [" ".join(t.replace("your time:", "").split()) for t in cards.all_inner_texts()]
        twelve = r"\d{1,2}:\d\d [AP]M"
        pattern = rf"{twelve}{DASH}{twelve} EST · (\w{{3}} )?{twelve}{DASH}(\w{{3}} )?{twelve}"
        assert times and all(re.fullmatch(pattern, t) for t in times), times[:3]
        # The viewer's time once per card, grey, its label for screen readers only.
        assert page.locator(".session-card .local-time").count() == cards.count()
        assert page.locator(".session-card .local-time .sr-only").count() == cards.count()
        assert "America/New_York" not in page.locator("main").inner_text()
    with other_context(browser, width, locale="de-DE", timezone_id="America/New_York") as page:
        form_sign_in(page, live_server)
        expect(page.locator("[data-zone-note]")).to_have_text("Zeiten in EST")  # the event's own
        expect(page.locator(".zone-note__viewer")).to_be_hidden()
        times = page.locator(".session-card .session-meta__time").all_inner_texts()
        german = rf"\d\d:\d\d{DASH}\d\d:\d\d EST"
        assert all(re.fullmatch(german, t.strip()) for t in times), times[:3]


# --- 4. no dead ends --------------------------------------------------------------------------


def test_without_a_ticket_one_banner_leads_to_a_ticket(on, live_server, sandbox, width):
    sign_in(on, live_server, "noticket")
    banner = on.locator(".banner")
    expect(banner).to_have_count(1)
    expect(banner.get_by_role("link", name="Get a ticket")).to_have_attribute("href", TICKETS)
    expect(on.locator("#agenda-list")).not_to_contain_text("ticket")  # said once, above
    expect(status(on, ROADMAP_QA)).not_to_contain_text("join")  # no promise that will refuse
    # Nothing to click that needs a ticket: only stars, which take no seat.
    expect(on.locator("#agenda-list button:not(.star-toggle__button)")).to_have_count(0)
    screenshot(on, f"no-ticket-{name(width)}", full_page=False)

    on.goto(f"{live_server.url}/sessions/{ACCESSIBLE}/")
    expect(on.locator(".refusal")).to_contain_text(
        "You need a ticket for the event to join its sessions."
    )
    on.locator(".refusal").get_by_role("button", name=re.compile("^Get a ticket")).click()
    on.wait_for_url(TICKETS)
    attempt = JoinAttempt.objects.get()
    assert (attempt.kind, attempt.outcome, attempt.session_id) == (
        "blocked",
        "not_registered_for_event",
        ACCESSIBLE,
    )


def test_a_refusal_says_why_keeps_the_platforms_words_and_gives_one_next_step(
    on, live_server, sandbox, width
):
    sign_in(on, live_server, "general")
    join(on, VIP_ONLY)
    refusal = status(on, VIP_ONLY).locator(".refusal")
    expect(refusal.locator(".refusal__sentence")).to_have_text(
        "Your ticket doesn't include this session."
    )
    expect(refusal.locator(".refusal__detail")).to_have_text(
        "The event platform said: “Your ticket does not permit access to this session”"
    )
    expect(refusal.get_by_role("link")).to_have_text(re.compile("^See tickets that include it"))
    screenshot(on, f"refusal-ticket-type-{name(width)}", full_page=False)

    on.reload()  # now known before any click
    expect(status(on, VIP_ONLY).get_by_role("button", name=re.compile("^Join"))).to_have_count(0)
    expect(status(on, VIP_ONLY)).to_contain_text("Your ticket doesn't include this session.")


def test_a_full_session_is_marked_before_the_click_with_a_seat_to_watch_for(
    on, live_server, sandbox, width
):
    sign_in(on, live_server, "general")
    full = status(on, FULL)
    expect(full.get_by_role("button", name=re.compile("^Join"))).to_have_count(0)
    expect(full.locator(".refusal__sentence")).to_have_text("This session is full.")
    full.get_by_role("button", name=re.compile("^Tell me when a seat frees")).click()
    expect(full).to_contain_text("We'll tell you here when a seat frees.")
    expect(full.locator(".card-reason")).to_be_focused()
    attempt = JoinAttempt.objects.get()
    assert (attempt.kind, attempt.outcome) == ("blocked", "capacity_full")


def test_sign_in_names_the_event_and_errs_in_our_words(on, live_server, sandbox, width):
    on.goto(f"{live_server.url}/sign-in/")
    expect(on.locator(".form-page__event")).to_have_text("Aurora Product Summit")
    for email, password in (
        (ACCOUNTS["general"]["email"], "not-the-password"),
        ("nobody@example.com", "whatever-1"),
    ):
        on.locator("#id_email").fill(email)
        on.locator("#id_password").fill(password)
        on.locator("form.form button[type=submit]").click()
        expect(on.get_by_role("alert")).to_have_text("Email or password is wrong")
    screenshot(on, f"sign-in-error-{name(width)}", full_page=False)


# --- 5. late entry ----------------------------------------------------------------------------


def test_a_session_in_its_late_entry_window_says_so(on, live_server, sandbox, width):
    sign_in(on, live_server, "vip")
    badge = status(on, OPS_STANDUP).locator(".badge")
    expect(badge).to_have_text(
        re.compile(r"^Ended \d{1,2}:\d\d [AP]M · late entry until \d{1,2}:\d\d [AP]M$")
    )
    expect(status(on, OPS_STANDUP).get_by_role("button", name=re.compile("^Join"))).to_be_visible()


# --- 6. the stream page recovers ------------------------------------------------------------


def test_the_stream_page_says_where_you_are_links_the_provider_and_lets_you_leave(
    on, live_server, sandbox, width
):
    sign_in(on, live_server, "vip")
    join(on, ACCESSIBLE)
    on.wait_for_url(f"**/sessions/{ACCESSIBLE}/")
    line = on.locator(".stream-status")
    expect(line).to_contain_text("You're registered")
    expect(line.locator(".badge")).to_have_text("Live now")
    expect(line).to_contain_text(re.compile(r"until \d{1,2}:\d\d [AP]M"))
    on.get_by_role("link", name="Stream not working?").click()
    provider = on.get_by_role("link", name=re.compile("^Open on YouTube"))
    expect(provider).to_have_attribute("href", "https://www.youtube.com/watch?v=aqz-KE-bpKQ")
    expect(provider).to_have_attribute("target", "_blank")
    screenshot(on, f"stream-{name(width)}", full_page=False)

    on.get_by_text("Leave this session", exact=True).click()
    on.get_by_role("button", name="Yes, leave").click()
    on.wait_for_url(f"**/sessions/{ACCESSIBLE}/")
    expect(on.locator("#page-notice")).to_contain_text(
        "You left “Designing Accessible Virtual Venues”. Your seat is free."
    )
    expect(status(on, ACCESSIBLE).get_by_role("button", name=re.compile("^Join"))).to_be_visible()


def test_a_player_that_fails_to_load_offers_to_try_again(
    on, page_watch, live_server, sandbox, width
):
    sign_in(on, live_server, "vip")  # Victor is registered for the keynote (Mux, hls.js)
    on.goto(f"{live_server.url}/sessions/{KEYNOTE}/")
    recovery = on.locator("[data-player-failure]")
    expect(recovery).to_contain_text("The stream didn't load.")
    asked = len(page_watch.external)
    recovery.get_by_role("button", name="Try again").click()
    expect(recovery).to_be_visible()  # offline here, so it fails again, and says so
    assert len(page_watch.external) > asked, "trying again asked for the stream again"


# --- 8. four languages --------------------------------------------------------------------------


def test_the_browsers_language_is_used_and_the_switcher_remembers_another(
    browser, live_server, sandbox, width
):
    with other_context(browser, width, locale="de-DE") as page:
        form_sign_in(page, live_server)
        expect(page.locator("html")).to_have_attribute("lang", "de")
        expect(page.get_by_role("navigation", name="Hauptmenü")).to_contain_text("Programm")
        today = page.locator(".day-tabs a[aria-current=page] .day-tabs__count").inner_text()
        assert re.fullmatch(r"\d+ Sessions", today)
        expect(page.locator("#agenda-heading")).to_have_text(today)
        page.locator(".lang-switch summary").click()
        page.get_by_role("button", name="Français").click()
        expect(page.locator("html")).to_have_attribute("lang", "fr")
        expect(page.locator("#agenda-heading")).to_have_text(today.replace("Sessions", "sessions"))
        page.get_by_role("link", name="Mes sessions").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Mes sessions")
        screenshot(page, f"fr-from-de-{name(width)}", full_page=False)


def test_the_switcher_needs_no_javascript(browser, live_server, sandbox, width):
    with other_context(browser, width, java_script_enabled=False) as page:
        page.goto(f"{live_server.url}/sign-in/")
        page.locator(".lang-switch summary").click()
        page.get_by_role("button", name="Español").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Iniciar sesión")
        page.reload()
        expect(page.locator("html")).to_have_attribute("lang", "es")
