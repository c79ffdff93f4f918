"""Planning the day in a real browser: reserve ahead and watch at the start, the overlap
question both ways, a freed seat in a watched session, the calendar feed following joins and
leaves, rotating its link, and a reminder that comes once."""

import re

import pytest
from playwright.sync_api import expect

from sandbox.demo import PASSWORD, SESSION_IDS, TICKET_IDS
from tests.browser import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACCESSIBLE = SESSION_IDS["accessible-venues"]
ROADMAP = SESSION_IDS["roadmap-qa"]  # starts in 12 minutes; overlaps Victor's keynote
FULL = SESSION_IDS["full-house"]


def status(page, session_id):
    return page.locator(f"#session-status-{session_id}")


def button(page, session_id, name):
    return status(page, session_id).get_by_role("button", name=re.compile(f"^{name}"))


@pytest.fixture
def quick(settings):
    settings.PORTAL_STATUS_POLL_SECONDS = 2
    settings.PORTAL_CACHE_TTL = settings.PORTAL_ATTENDEE_TTL = 1


def test_a_seat_reserved_ahead_turns_into_watch_at_the_start(page, live_server, sandbox, quick):
    sign_in(page, live_server, "vip")
    button(page, ROADMAP, "Reserve a seat").click()
    button(page, ROADMAP, "Keep both").click()
    expect(status(page, ROADMAP)).to_contain_text("Seat reserved")
    screenshot(page, "reserved-ahead", full_page=False)

    sandbox.advance(13 * 60)
    watch = status(page, ROADMAP).get_by_role("link", name=re.compile("^Watch"))
    expect(watch).to_be_visible(timeout=12_000)
    watch.click()
    expect(page).to_have_url(f"{live_server.url}/sessions/{ROADMAP}/")
    expect(page.locator(".stream iframe")).to_be_visible()


def test_the_overlap_question_cancels_or_keeps_both(page, live_server, sandbox):
    sign_in(page, live_server, "vip")
    button(page, ACCESSIBLE, "Join").click()
    expect(status(page, ACCESSIBLE)).to_contain_text(
        "This overlaps “Opening Keynote: The Next Decade of Events”"
    )
    screenshot(page, "overlap-question", full_page=False)
    status(page, ACCESSIBLE).get_by_role("link", name="Cancel").click()
    expect(button(page, ACCESSIBLE, "Join")).to_be_visible()
    assert "/sessions/" not in page.url

    button(page, ACCESSIBLE, "Join").click()
    button(page, ACCESSIBLE, "Keep both").click()
    expect(page).to_have_url(f"{live_server.url}/sessions/{ACCESSIBLE}/")
    page.goto(f"{live_server.url}/my-sessions/")
    expect(page.get_by_text("Overlaps with")).to_have_count(2)


def test_the_status_poll_leaves_an_unanswered_overlap_question_alone(
    page, live_server, sandbox, quick
):
    sign_in(page, live_server, "vip")
    button(page, ACCESSIBLE, "Join").click()
    question = status(page, ACCESSIBLE).get_by_text("This overlaps")
    expect(question).to_be_visible()
    page.locator("h1").click()  # the attendee looks elsewhere: the focus leaves the question
    page.wait_for_timeout(4500)  # two polls
    expect(question).to_be_visible()
    expect(button(page, ACCESSIBLE, "Keep both")).to_be_visible()


def test_a_seat_freed_in_a_watched_session_is_shown_with_a_working_join(
    page, live_server, sandbox, quick
):
    page.context.grant_permissions(["notifications"])
    sign_in(page, live_server, "vip")
    button(page, FULL, "Tell me when a seat frees").click()
    expect(status(page, FULL)).to_contain_text("We'll tell you here when a seat frees.")

    fiona = sandbox.login("fiona@example.com", PASSWORD)
    path = f"/events/{{event}}/session/{FULL}/register/{TICKET_IDS['fiona'][0]}"
    sandbox.rest("DELETE", path, fiona).raise_for_status()

    notice = page.locator(".portal-notice", has_text="A seat just freed")
    expect(notice).to_have_count(1, timeout=12_000)
    screenshot(page, "seat-freed", full_page=False)
    notice.get_by_role("button", name=re.compile("^Join")).click()
    page.get_by_role("button", name="Keep both").click()
    expect(page).to_have_url(f"{live_server.url}/sessions/{FULL}/")


def feed_address(page, live_server) -> str:
    page.goto(f"{live_server.url}/my-sessions/")
    return page.get_by_label("Or copy this address into your calendar app").input_value()


def test_the_calendar_feed_follows_the_attendee_and_its_link_can_be_replaced(
    page, browser, live_server, sandbox
):
    sign_in(page, live_server, "vip")
    address = feed_address(page, live_server)
    calendar_app = browser.new_context()  # no cookie: as a calendar app subscribes
    try:
        assert "Designing Accessible" not in calendar_app.request.get(address).text()
        page.goto(f"{live_server.url}/?format=all")
        button(page, ACCESSIBLE, "Join").click()
        button(page, ACCESSIBLE, "Keep both").click()
        expect(page).to_have_url(f"{live_server.url}/sessions/{ACCESSIBLE}/")
        assert (
            "SUMMARY:Designing Accessible Virtual Venues"
            in calendar_app.request.get(address).text()
        )

        page.goto(f"{live_server.url}/my-sessions/")
        page.once("dialog", lambda dialog: dialog.accept())
        page.get_by_role("button", name=re.compile("^Unregister from Designing")).click()
        expect(page.get_by_text("You left “Designing Accessible Virtual Venues”")).to_be_visible()
        assert "Designing Accessible" not in calendar_app.request.get(address).text()

        page.get_by_role("button", name=re.compile("^Replace the link")).click()
        new_address = feed_address(page, live_server)
        assert new_address != address
        assert calendar_app.request.get(address).status == 404
        assert calendar_app.request.get(new_address).status == 200
    finally:
        calendar_app.close()


def test_a_reminder_appears_once_and_can_be_dismissed(page, live_server, sandbox, quick, settings):
    settings.PORTAL_REMINDER_MINUTES = 15
    sign_in(page, live_server, "vip")
    button(page, ROADMAP, "Reserve a seat").click()
    button(page, ROADMAP, "Keep both").click()
    reminder = page.locator(".portal-notice", has_text="Product Roadmap Q&A” starts in")
    expect(reminder).to_have_count(1, timeout=12_000)
    expect(reminder.get_by_role("link", name=re.compile("^Watch"))).to_be_visible()
    page.wait_for_timeout(5_000)  # two more polls
    expect(reminder).to_have_count(1)
    reminder.get_by_role("button", name="Dismiss").click()
    expect(reminder).to_have_count(0)
    page.wait_for_timeout(4_000)
    expect(reminder).to_have_count(0)


def test_a_star_toggles_in_place_with_the_focus_kept_and_without_javascript_too(
    browser, page, live_server, sandbox
):
    sign_in(page, live_server, "general")
    star = page.locator(f"#star-{ACCESSIBLE}")
    expect(star).to_have_attribute("aria-pressed", "false")
    expect(star).to_have_accessible_name(re.compile("Designing Accessible Virtual Venues"))
    star.focus()
    page.keyboard.press("Enter")
    expect(star).to_have_attribute("aria-pressed", "true")
    expect(star).to_be_focused()
    said = "Starred “Designing Accessible Virtual Venues”."
    expect(page.locator("#page-notice")).to_have_text(said)
    assert page.url == f"{live_server.url}/"  # swapped in place, no page load
    screenshot(page, "starred", full_page=False)

    plain = browser.new_context(java_script_enabled=False)
    try:
        no_js = plain.new_page()
        sign_in(no_js, live_server, "general")
        no_js.goto(f"{live_server.url}/?tab=live")
        no_js.locator(f"#star-{ACCESSIBLE}").click()  # a plain form post, back to this view
        expect(no_js).to_have_url(f"{live_server.url}/?tab=live#star-{ACCESSIBLE}")
        expect(no_js.locator(f"#star-{ACCESSIBLE}")).to_have_attribute("aria-pressed", "false")
        expect(no_js.locator("#page-notice")).to_contain_text("Removed the star from")
    finally:
        plain.close()
