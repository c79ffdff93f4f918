"""Issue 22, part C, in Chromium at 1280 and 390 px: the stream never dead-ends (a failure
state in the player's own box, above the fold, with three ways out), Leave asks first, and a
forgotten password or a spent link has a way back in."""

import re

import pytest
from playwright.sync_api import expect

from sandbox.demo import ACCOUNTS, SESSION_IDS
from tests.a11y import axe_context, axe_violations
from tests.browser import (
    DESKTOP_VIEWPORT,
    MOBILE_VIEWPORT,
    PageWatch,
    _keep_local,
    screenshot,
    sign_in,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KEYNOTE = SESSION_IDS["opening-keynote"]  # Mux (HLS), Victor is registered
ACCESSIBLE = SESSION_IDS["accessible-venues"]  # YouTube
GINA_SESSION = SESSION_IDS["hybrid-data"]  # YouTube, Gina is registered
EVENT_PAGE = "https://www.accelevents.com/events/aurora-summit"
HELP_URL = "https://help.example.org/streams"
HELP_TEXT = "Still stuck? The help desk is by the main entrance."
WAIT = 2  # PORTAL_STREAM_LOAD_SECONDS here


@pytest.fixture(params=["1280", "390"])
def width(request):
    return {"1280": DESKTOP_VIEWPORT, "390": MOBILE_VIEWPORT}[request.param]


@pytest.fixture
def on(page, width, settings):
    settings.PORTAL_STREAM_LOAD_SECONDS = WAIT
    settings.PORTAL_STREAM_HELP_URL = HELP_URL
    settings.PORTAL_STREAM_HELP_TEXT = HELP_TEXT
    page.set_viewport_size(width)
    return page


def join_youtube_session(page, live_server):
    """Victor holds the keynote: joining another live session asks first; he keeps both."""
    sign_in(page, live_server, "vip")
    status = page.locator(f"#session-status-{ACCESSIBLE}")
    status.get_by_role("button", name=re.compile("^Join")).click()
    status.locator("button[type=submit]").click()
    # A provider that never answers holds the page's load event back: the page is there.
    page.wait_for_url(f"**/sessions/{ACCESSIBLE}/", wait_until="domcontentloaded")


def above_the_fold(page, locator) -> None:
    box = locator.bounding_box()
    assert box is not None and box["y"] + box["height"] <= page.viewport_size["height"], (
        f"{locator} ends at {box and box['y'] + box['height']:.0f} px"
    )


def inside(outer, inner) -> bool:
    a, b = outer.bounding_box(), inner.bounding_box()
    return a["y"] <= b["y"] + 1 and b["y"] + b["height"] <= a["y"] + a["height"] + 1


def test_an_embed_that_never_loads_shows_three_ways_out_in_the_players_box(
    on, live_server, sandbox, width
):
    asked = []
    # The provider never answers (a hung network): the frame's load event never comes.
    on.route("https://www.youtube-nocookie.com/**", lambda route: asked.append(route.request.url))
    join_youtube_session(on, live_server)
    failure = on.locator("[data-player-failure]")
    expect(failure).to_be_visible(timeout=(WAIT + 4) * 1000)
    expect(failure).to_contain_text("The stream didn't load")
    assert inside(on.locator(".player .stream"), failure), "in the frame's own box"
    try_again = failure.get_by_role("button", name="Try again")
    provider = failure.get_by_role("link", name=re.compile("^Open on YouTube"))
    expect(provider).to_have_attribute("href", "https://www.youtube.com/watch?v=aqz-KE-bpKQ")
    expect(provider).to_have_attribute("target", "_blank")
    expect(failure).to_contain_text(HELP_TEXT)
    expect(failure.get_by_role("link", name=re.compile("help"))).to_have_attribute("href", HELP_URL)
    for way_out in (try_again, provider, failure.get_by_role("link", name=re.compile("help"))):
        above_the_fold(on, way_out)
    screenshot(on, f"stream-failed-embed-{width['width']}", full_page=False)

    before = len(asked)
    try_again.click()
    expect(failure).to_be_hidden()
    expect(on.locator(".player iframe")).to_be_focused()
    on.wait_for_timeout(500)
    assert len(asked) > before, "the frame asked the provider again"
    expect(failure).to_be_visible(timeout=(WAIT + 4) * 1000)  # still hung: it says so again


def test_an_embed_that_loads_keeps_the_player_and_help_stays_one_click_away(
    on, live_server, sandbox, width
):
    join_youtube_session(on, live_server)  # the provider's page answers (an empty stand-in)
    on.wait_for_timeout((WAIT + 1) * 1000)
    failure = on.locator("[data-player-failure]")
    expect(failure).to_be_hidden()
    # A frame that loads can still show the provider's own error: help is always reachable.
    trouble = on.get_by_role("link", name="Stream not working?")
    above_the_fold(on, trouble)
    trouble.click()
    expect(failure).to_be_visible()
    expect(failure.get_by_role("link", name=re.compile("^Open on YouTube"))).to_be_visible()


def test_a_direct_stream_that_fails_says_so_in_the_players_box(on, live_server, sandbox, width):
    sign_in(on, live_server, "vip", next_path=f"/sessions/{KEYNOTE}/")
    failure = on.locator("[data-player-failure]")
    expect(failure).to_contain_text("The stream didn't load")  # offline here: hls.js fails
    assert inside(on.locator(".player .stream"), failure)
    above_the_fold(on, failure.get_by_role("button", name="Try again"))
    expect(failure).to_contain_text(HELP_TEXT)
    screenshot(on, f"stream-failed-hls-{width['width']}", full_page=False)


def test_leave_under_the_player_asks_first(on, live_server, sandbox, width):
    join_youtube_session(on, live_server)
    on.get_by_text("Leave this session", exact=True).click()
    question = on.locator(".leave-form")
    expect(question).to_contain_text(
        "Leave “Designing Accessible Virtual Venues”? Your seat goes to someone else."
    )
    screenshot(on, f"stream-leave-asks-{width['width']}", full_page=False)
    on.get_by_role("button", name="Keep my seat").click()
    expect(on.get_by_role("button", name="Yes, leave")).to_be_hidden()
    on.reload()
    expect(on.locator(".stream-status")).to_contain_text("You're registered")  # nothing sent

    on.get_by_text("Leave this session", exact=True).click()
    on.get_by_role("button", name="Yes, leave").click()
    on.wait_for_url(f"**/sessions/{ACCESSIBLE}/")
    expect(on.locator("#page-notice")).to_contain_text(
        "You left “Designing Accessible Virtual Venues”. Your seat is free."
    )


def test_the_failure_panel_and_leaves_question_pass_axe(browser, live_server, sandbox, settings):
    settings.PORTAL_STREAM_LOAD_SECONDS = WAIT
    settings.PORTAL_STREAM_HELP_URL = HELP_URL
    settings.PORTAL_STREAM_HELP_TEXT = HELP_TEXT
    with axe_context(browser, locale="en-US", viewport=MOBILE_VIEWPORT) as context:
        page = context.new_page()
        page.route("https://www.youtube-nocookie.com/**", lambda route: None)
        join_youtube_session(page, live_server)
        expect(page.locator("[data-player-failure]")).to_be_visible(timeout=(WAIT + 4) * 1000)
        page.get_by_text("Leave this session", exact=True).click()
        expect(page.get_by_role("button", name="Yes, leave")).to_be_visible()
        assert axe_violations(page) == []


def test_the_sign_in_page_and_a_spent_link_offer_a_way_back_in(on, live_server, sandbox, width):
    way_back = on.get_by_role("link", name="Forgot your password? Get a new sign-in link")
    on.goto(f"{live_server.url}/sign-in/")
    expect(way_back).to_have_attribute("href", EVENT_PAGE)
    above_the_fold(on, way_back)
    screenshot(on, f"sign-in-way-back-{width['width']}", full_page=False)
    on.goto(f"{live_server.url}/magic/")  # no key left: spent, or opened too late
    expect(on.get_by_role("alert")).to_contain_text("expired or has already been used")
    expect(way_back).to_have_attribute("href", EVENT_PAGE)
    above_the_fold(on, way_back)


def test_without_javascript_help_and_leaves_question_still_work(browser, live_server, sandbox):
    context = browser.new_context(viewport=MOBILE_VIEWPORT, java_script_enabled=False)
    context.route("**/*", lambda route: _keep_local(route, PageWatch()))
    try:
        page = context.new_page()
        page.goto(f"{live_server.url}/sign-in/")
        page.locator("#id_email").fill(ACCOUNTS["general"]["email"])
        page.locator("#id_password").fill(ACCOUNTS["general"]["password"])
        with page.expect_navigation():
            page.locator("form.form button[type=submit]").click()
        page.goto(f"{live_server.url}/sessions/{GINA_SESSION}/")
        failure = page.locator("[data-player-failure]")
        expect(failure).to_be_hidden()
        page.get_by_role("link", name="Stream not working?").click()  # #player-failure
        expect(failure).to_be_visible()
        expect(failure.get_by_role("button", name="Try again")).to_be_visible()
        page.get_by_text("Leave this session", exact=True).click()
        with page.expect_navigation():
            page.get_by_role("button", name="Yes, leave").click()
        expect(page.locator("#page-notice")).to_contain_text("Your seat is free.")
    finally:
        context.close()


def test_try_again_closes_a_panel_opened_by_its_address(on, live_server, sandbox, width):
    sign_in(on, live_server, "general", next_path=f"/sessions/{GINA_SESSION}/")
    on.goto(f"{live_server.url}/sessions/{GINA_SESSION}/#player-failure")  # e.g. a reload
    failure = on.locator("[data-player-failure]")
    expect(failure).to_be_visible()
    failure.get_by_role("button", name="Try again").click()
    expect(failure).to_be_hidden()
    expect(on.locator(".player iframe")).to_be_visible()
