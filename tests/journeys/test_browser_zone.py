"""The zone switch with JavaScript, from the keyboard: the page comes back in the attendee's own
zone without a navigation, the focus stays on the switch, and the new zone is said once."""

import re
from contextlib import contextmanager

import pytest
from playwright.sync_api import expect

from sandbox.demo import ACCOUNTS
from tests.browser import DEFAULT_TIMEOUT_MS, DESKTOP_VIEWPORT, PageWatch, _keep_local

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@contextmanager
def in_tokyo(browser):
    watch = PageWatch()
    context = browser.new_context(
        viewport=DESKTOP_VIEWPORT, locale="en-US", timezone_id="Asia/Tokyo"
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.route("**/*", lambda route: _keep_local(route, watch))
    try:
        yield context.new_page()
    finally:
        context.close()
    assert not watch.problems(), watch.problems()


def test_the_switch_keeps_the_focus_and_says_the_new_zone_once(browser, live_server, sandbox):
    with in_tokyo(browser) as page:
        page.goto(f"{live_server.url}/sign-in/")
        page.locator("#id_email").fill(ACCOUNTS["general"]["email"])
        page.locator("#id_password").fill(ACCOUNTS["general"]["password"])
        with page.expect_navigation():
            page.locator("form.form button[type=submit]").click()
        note, switch = page.locator("[data-zone-note]"), page.locator("#zone-switch")
        viewer = page.locator(".zone-note__viewer")
        expect(note).to_have_text("Times in EST")
        expect(viewer).to_have_text("· your time: GMT+9, shown in grey")
        page.evaluate("window.loadedOnce = true")  # gone if the page navigates

        switch.focus()
        page.keyboard.press("Enter")

        expect(note).to_have_text("Times in JST, your own time")
        expect(viewer).to_be_hidden()
        expect(switch).to_have_text("Show the event's time")
        expect(switch).to_be_focused()
        expect(page.locator("#page-notice")).to_have_text("Times in JST, your own time")
        assert page.evaluate("window.loadedOnce") is True
        times = page.locator(".session-card .session-meta__time").all_inner_texts()
        assert times and all(re.search(r" JST$", t.strip()) for t in times), times[:3]
        assert page.locator(".local-time").count() == 0  # their time is the page's: no grey

        page.keyboard.press("Enter")  # and back, the focus still there

        expect(note).to_have_text("Times in EST")
        expect(viewer).to_have_text("· your time: GMT+9, shown in grey")
        expect(switch).to_be_focused()
        expect(page.locator("#page-notice")).to_have_text("Times in EST")
