"""The day at the session limit and with several sessions live, in a real browser at 1280 and
390 px: one banner and quiet cards, a swap that puts back the seat it left when the new session
refuses, and one notice for all the attendee's live sessions that later polls never stack."""

import re

import pytest
from playwright.sync_api import expect

from sandbox.demo import SESSION_IDS
from tests.browser import DESKTOP_VIEWPORT, MOBILE_VIEWPORT, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"1280": DESKTOP_VIEWPORT, "390": MOBILE_VIEWPORT}
ACCESSIBLE = SESSION_IDS["accessible-venues"]
SPONSOR = SESSION_IDS["sponsor-stories"]
VIP_ONLY = SESSION_IDS["vip-roadmap"]


def status(page, session_id):
    return page.locator(f"#session-status-{session_id}")


def join_keeping_both(page, session_id):
    status(page, session_id).get_by_role("button", name=re.compile("^Join")).click()
    status(page, session_id).get_by_role("button", name="Keep both").click()


@pytest.mark.parametrize("width", list(WIDTHS))
def test_at_the_limit_one_banner_and_a_refused_swap_keeps_her_seat(
    page, live_server, sandbox, width
):
    page.set_viewport_size(WIDTHS[width])
    sign_in(page, live_server, "general")  # holds one session; her limit (2) is not known yet
    join_keeping_both(page, ACCESSIBLE)
    page.wait_for_url(f"**/sessions/{ACCESSIBLE}/")
    page.goto(f"{live_server.url}/?tab=live")
    join_keeping_both(page, SPONSOR)
    expect(status(page, SPONSOR).locator(".refusal")).to_contain_text("reached that limit")

    page.reload()
    expect(page.locator(".banner--limit")).to_have_count(1)
    expect(page.locator(".banner--limit")).to_contain_text("used the 2 sessions")
    expect(page.locator("#agenda-list .refusal")).to_have_count(0)  # no pink box on any card
    vip = status(page, VIP_ONLY)
    expect(vip).to_contain_text("At your limit")
    page.locator(".banner--limit").scroll_into_view_if_needed()
    screenshot(page, f"limit-agenda-{width}", full_page=False)

    vip.get_by_role("button", name=re.compile("^Swap one of yours")).click()
    page.wait_for_url(f"**/sessions/{VIP_ONLY}/swap/")
    screenshot(page, f"limit-swap-{width}")
    page.get_by_label(re.compile("^Designing Accessible Virtual Venues")).check()
    page.get_by_role("button", name="Swap", exact=True).click()

    page.wait_for_url(f"**/sessions/{VIP_ONLY}/")
    said = page.locator("#page-notice")
    expect(said).to_contain_text("Your ticket doesn't include this session.")
    expect(said).to_contain_text("You're still in “Designing Accessible Virtual Venues”")
    expect(page.locator(".join-hint")).to_be_hidden()
    expect(page.locator(".not-registered")).not_to_contain_text("Swap")  # now known: no swap
    screenshot(page, f"limit-swap-refused-{width}", full_page=False)
    page.goto(f"{live_server.url}/my-sessions/")
    expect(page.locator(".session-card__title")).to_have_text(
        [re.compile("Scaling Hybrid Events"), re.compile("Designing Accessible")]
    )


@pytest.mark.parametrize("width", list(WIDTHS))
def test_several_live_sessions_make_one_notice_that_never_stacks(
    page, live_server, sandbox, settings, width
):
    settings.PORTAL_STATUS_POLL_SECONDS = 2
    settings.PORTAL_CACHE_TTL = settings.PORTAL_ATTENDEE_TTL = 1
    page.set_viewport_size(WIDTHS[width])
    sign_in(page, live_server, "vip", next_path="/my-sessions/")  # the keynote: live
    for session_id in (ACCESSIBLE, SPONSOR):
        page.goto(f"{live_server.url}/?tab=live")
        join_keeping_both(page, session_id)
        page.wait_for_url(f"**/sessions/{session_id}/")
    page.goto(f"{live_server.url}/?tab=live")

    notice = page.locator(".portal-notice")
    expect(notice).to_have_count(1, timeout=12_000)
    expect(notice).to_contain_text("3 of your sessions are live now.")
    expect(notice.get_by_role("link")).to_have_count(3)
    notice.scroll_into_view_if_needed()
    screenshot(page, f"notices-grouped-{width}", full_page=False)
    page.wait_for_timeout(5_000)  # two more polls
    expect(notice).to_have_count(1)
    notice.get_by_role("button", name="Dismiss").click()
    expect(notice).to_have_count(0)


@pytest.mark.parametrize("width", list(WIDTHS))
def test_my_sessions_is_current_right_after_a_leave(page, live_server, sandbox, width):
    page.set_viewport_size(WIDTHS[width])
    sign_in(page, live_server, "general")
    join_keeping_both(page, ACCESSIBLE)  # overlaps the session she holds
    page.wait_for_url(f"**/sessions/{ACCESSIBLE}/")
    page.goto(f"{live_server.url}/?tab=live")
    join_keeping_both(page, SPONSOR)  # the limit, stated by the platform
    expect(status(page, SPONSOR).locator(".refusal")).to_be_visible()

    page.goto(f"{live_server.url}/my-sessions/")
    expect(page.locator("#allowance")).to_contain_text("2 of 2 sessions used")
    expect(page.locator(".overlap-note:visible")).to_have_count(2)
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(f"#unregister-{ACCESSIBLE}").click()
    expect(page.locator(f"#my-session-{ACCESSIBLE} .notice")).to_be_focused()
    expect(page.locator("#allowance")).to_have_text("1 of 2 sessions used")
    expect(page.locator(".overlap-note:visible")).to_have_count(0)
    screenshot(page, f"my-sessions-after-leave-{width}")


@pytest.mark.parametrize("width", list(WIDTHS))
def test_a_refusal_on_the_session_page_does_not_sit_under_join_to_watch(
    page, live_server, sandbox, width
):
    page.set_viewport_size(WIDTHS[width])
    sign_in(page, live_server, "general", next_path=f"/sessions/{VIP_ONLY}/")
    expect(page.locator(".join-hint")).to_be_visible()
    join_keeping_both(page, VIP_ONLY)
    expect(status(page, VIP_ONLY).locator(".refusal")).to_contain_text(
        "Your ticket doesn't include this session."
    )
    expect(page.locator(".join-hint")).to_be_hidden()
    screenshot(page, f"session-refused-{width}", full_page=False)


@pytest.mark.parametrize("width", list(WIDTHS))
def test_a_refusal_already_known_comes_before_the_overlap_question(
    page, live_server, sandbox, width
):
    """An agenda left open while another tab learned that her ticket does not include the VIP
    session: its Join, clicked from the stale page, is answered with that refusal at once, and
    never asks "Keep both?" first."""
    page.set_viewport_size(WIDTHS[width])
    sign_in(page, live_server, "general")
    stale = status(page, VIP_ONLY)
    expect(stale.get_by_role("button", name=re.compile("^Join"))).to_be_visible()

    other = page.context.new_page()  # the same attendee in another tab
    other.goto(f"{live_server.url}/sessions/{VIP_ONLY}/")
    join_keeping_both(other, VIP_ONLY)
    expect(status(other, VIP_ONLY).locator(".refusal")).to_contain_text("doesn't include")
    other.close()

    stale.get_by_role("button", name=re.compile("^Join")).click()
    expect(stale.locator(".refusal")).to_contain_text("Your ticket doesn't include this session.")
    expect(page.get_by_role("button", name="Keep both")).to_have_count(0)
    screenshot(page, f"known-refusal-first-{width}", full_page=False)
