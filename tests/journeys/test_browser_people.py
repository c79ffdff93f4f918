"""Where, what and who, in Chromium at 1280 and 390 px: a card says where a session is and what
kind it is, its speaker's name leads to their page and back to a session, and the session page
offers Add to calendar."""

import re

import pytest
from playwright.sync_api import expect

from sandbox.demo import SESSION_IDS
from tests.browser import DESKTOP_VIEWPORT, MOBILE_VIEWPORT, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KEYNOTE = SESSION_IDS["opening-keynote"]
VIP_ONLY = SESSION_IDS["vip-roadmap"]


@pytest.mark.parametrize("width", [DESKTOP_VIEWPORT, MOBILE_VIEWPORT], ids=["1280", "390"])
def test_a_card_leads_to_where_what_who_and_a_calendar(page, live_server, sandbox, width):
    page.set_viewport_size(width)
    sign_in(page, live_server)
    card = page.locator(f"#session-card-{KEYNOTE}")
    expect(card.locator(".format-chip")).to_have_text("Main stage")
    expect(card.locator(".session-meta__location")).to_have_text(re.compile("Main Stage"))
    card.get_by_role("link", name="Ethan Brooks").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ethan Brooks")
    expect(page.locator(".speaker__role").first).to_have_text("Founder & CEO, Aurora Events")
    expect(page.locator(f"#session-card-{VIP_ONLY}")).to_be_visible()
    screenshot(page, f"speaker-{width['width']}")
    page.locator(f"#session-card-{KEYNOTE}").get_by_role("link", name=re.compile("Opening")).click()
    calendar = page.get_by_role("link", name=re.compile("^Add to calendar"))
    expect(calendar).to_be_visible()
    assert calendar.get_attribute("href") == f"/sessions/{KEYNOTE}/calendar.ics"
    expect(page.locator("#speakers-heading")).to_have_text("Speakers")
    screenshot(page, f"session-speakers-{width['width']}")
