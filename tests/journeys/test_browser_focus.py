"""Keyboard only (Tab, Shift+Tab, Enter, arrow keys), at 1280 and 390 px: after every swap the
focus is where the attendee needs it (the result's message, the new list's heading, or where it
was), the status poll never replaces what has the focus, and nothing is announced twice."""

import re

import pytest
from playwright.sync_api import expect

from sandbox.demo import SESSION_IDS
from tests.a11y import ANNOUNCE_RECORDER, active, announced, assert_nothing_said_twice, tab_to
from tests.browser import DESKTOP_VIEWPORT, MOBILE_VIEWPORT, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACCESSIBLE = SESSION_IDS["accessible-venues"]
SPONSOR = SESSION_IDS["sponsor-stories"]
VIP_ONLY = SESSION_IDS["vip-roadmap"]
LAST_SEATS = SESSION_IDS["last-five-seats"]
ROADMAP_QA = SESSION_IDS["roadmap-qa"]


@pytest.fixture(params=["1280", "390"])
def on(request, page, settings):
    settings.PORTAL_STATUS_POLL_SECONDS = 2
    page.set_viewport_size({"1280": DESKTOP_VIEWPORT, "390": MOBILE_VIEWPORT}[request.param])
    page.context.add_init_script(ANNOUNCE_RECORDER)
    return page


def focus_in(page, selector: str) -> None:
    assert page.evaluate("(s) => !!document.activeElement.closest(s)", selector), active(page)


def press_enter_on(page, selector: str) -> None:
    tab_to(page, selector)
    page.keyboard.press("Enter")


def join_keeping_both(page, session_id: int) -> None:
    """Join by keyboard; every live join overlaps the session the attendee is in, and the
    question takes the focus: Tab to "Keep both", Enter."""
    press_enter_on(page, f"#join-{session_id}")
    question = page.locator(f"#session-status-{session_id} .notice")
    expect(question).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator(f"#session-status-{session_id} button[type=submit]")).to_be_focused()
    page.keyboard.press("Enter")


def test_filter_join_refusal_next_step_and_unregister_by_keyboard(on, live_server, sandbox):
    sign_in(on, live_server, "general")
    heading = on.locator("#agenda-heading")

    # Filter: focus stays on the control; the new count is said once.
    if on.locator(".filters__toggle").is_visible():
        press_enter_on(on, ".filters__toggle")
    every_format = heading.inner_text()
    tab_to(on, "#agenda-format")
    on.keyboard.press("ArrowDown")  # Main stage
    on.keyboard.press("ArrowDown")  # Regular sessions
    expect(on).to_have_url(re.compile(r"format=BREAKOUT_SESSION"))
    expect(heading).not_to_have_text(every_format)
    focus_in(on, "#agenda-format")
    expect(on.locator("#announcer")).to_have_text(heading.inner_text())

    # Join a session the ticket doesn't include: the refusal takes the focus, its step is next.
    join_keeping_both(on, VIP_ONLY)
    refusal = on.locator(f"#session-status-{VIP_ONLY} .refusal")
    expect(refusal).to_be_focused()
    on.keyboard.press("Tab")
    step = refusal.get_by_role("link", name=re.compile("^See tickets that include it"))
    expect(step).to_be_focused()
    on.wait_for_timeout(4500)  # two polls: the focused step is neither replaced nor moved
    expect(step).to_be_focused()

    # Her second session, then the limit: the refusal's next step leads to the swap.
    join_keeping_both(on, ACCESSIBLE)
    on.wait_for_url(f"**/sessions/{ACCESSIBLE}/")
    on.goto(f"{live_server.url}/?format=BREAKOUT_SESSION")
    join_keeping_both(on, SPONSOR)
    limit = on.locator(f"#session-status-{SPONSOR} .refusal")
    expect(limit).to_be_focused()
    expect(limit).to_contain_text("Your ticket lets you join 2 sessions")
    on.keyboard.press("Tab")
    expect(limit.get_by_role("link", name=re.compile("^Swap one of yours"))).to_be_focused()
    on.keyboard.press("Enter")
    on.wait_for_url(f"{live_server.url}/sessions/{SPONSOR}/swap/")
    on.goto(f"{live_server.url}/my-sessions/")

    # Unregister: the confirmation takes the focus.
    on.once("dialog", lambda dialog: dialog.accept())
    press_enter_on(on, f"#unregister-{ACCESSIBLE}")
    left = on.locator(f"#my-session-{ACCESSIBLE} .notice")
    expect(left).to_be_focused()
    expect(left).to_contain_text("Your seat is free.")
    assert_nothing_said_twice(on)


def test_day_tabs_and_tabs_move_the_focus_to_the_new_lists_heading(on, live_server, sandbox):
    sign_in(on, live_server, "general")
    heading = on.locator("#agenda-heading")
    press_enter_on(on, ".day-tabs li:nth-child(2) a")
    expect(on).to_have_url(re.compile(r"\?day=\d{4}-\d\d-\d\d$"))
    expect(heading).to_be_focused()
    expect(heading).to_be_in_viewport()  # the view starts at the new day's top
    expect(on.locator(".day-tabs li:nth-child(2) a")).to_have_attribute("aria-current", "page")

    tab_to(on, ".tabs a[href*='tab=past']", backwards=True)
    on.keyboard.press("Enter")
    expect(on.locator(".tabs a[aria-current=page]")).to_have_text("Past")
    expect(heading).to_be_focused()
    assert on.locator("#agenda-list").count() == 1, "one list, no nested copies"
    assert on.evaluate("document.querySelectorAll('#agenda-list #agenda-list').length") == 0
    assert_nothing_said_twice(on)


def test_the_poll_leaves_the_focused_card_alone_and_says_a_change_once(
    on, live_server, sandbox, settings
):
    settings.PORTAL_CACHE_TTL = settings.PORTAL_ATTENDEE_TTL = 1
    sign_in(on, live_server, "vip")
    join_keeping_both(on, LAST_SEATS)
    on.wait_for_url(f"**/sessions/{LAST_SEATS}/")
    on.goto(f"{live_server.url}/")
    # A refusal on show: the poll must not announce it again and again.
    for attendee in sandbox.create_attendees(4, "vip"):  # the last seats go
        path = f"/events/{{event}}/session/{LAST_SEATS}/register/{attendee['eventTicketId']}"
        sandbox.rest("POST", path, token=attendee["accessToken"]).raise_for_status()
    sandbox.advance(13 * 60)  # the Q&A goes live
    tab_to(on, f"#session-status-{ACCESSIBLE} button")
    focused_button = on.locator(f"#session-status-{ACCESSIBLE} button")
    badge = on.locator(f"#session-status-{ROADMAP_QA} .badge")
    expect(badge).to_have_text("Live now", timeout=12_000)
    on.wait_for_timeout(4500)  # more polls, nothing new
    expect(focused_button).to_be_focused()
    said = announced(on)
    assert said.count("Product Roadmap Q&A: Live now") == 1, said
    assert_nothing_said_twice(on)
