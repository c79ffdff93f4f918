"""The organizer's question in a real browser: "who was refused because the session was full?"
Attendees click through the portal (against the sandbox); the demo organizer signs in at
/admin/, filters join attempts by refusal reason and downloads that list as CSV."""

import csv
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from playwright.sync_api import expect

from sandbox.demo import ACCOUNTS, SESSION_IDS
from sessions_app.management.commands.seed_organizer import (
    ORGANIZER_PASSWORD,
    ORGANIZER_USERNAME,
    create_demo_organizer,
)
from tests.browser import screenshot
from tests.portal_helpers import KEEP_BOTH, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HX = {"HTTP_HX_REQUEST": "true"}


def click_join(who: str, session_id: int) -> None:
    attendee = Client()
    sign_in(attendee, who)
    attendee.get("/")
    attendee.post(f"/sessions/{session_id}/join/", KEEP_BOTH, **HX)


def test_organizer_filters_refusals_by_reason_and_downloads_the_csv(page, live_server, sandbox):
    click_join("vip", SESSION_IDS["full-house"])  # refused: capacity full
    click_join("general", SESSION_IDS["vip-roadmap"])  # refused: ticket type
    click_join("vip", SESSION_IDS["accessible-venues"])  # joined
    create_demo_organizer()

    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Username").fill(ORGANIZER_USERNAME)
    page.get_by_label("Password").fill(ORGANIZER_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Join attempts").click()
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(3)

    page.locator('#changelist-filter details[data-filter-title="outcome"]').get_by_role(
        "link", name="Capacity full"
    ).click()
    assert parse_qs(urlsplit(page.url).query) == {"outcome__exact": ["capacity_full"]}
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(ACCOUNTS["vip"]["email"])
    expect(rows.first).to_contain_text("Full House")
    screenshot(page, "admin-refused-capacity-full")

    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(r"^Export CSV")).click()
    download = download_info.value
    assert re.fullmatch(r"join-attempts-\d{8}-\d{6}\.csv", download.suggested_filename)
    with Path(download.path()).open(newline="", encoding="utf-8") as exported:
        lines = list(csv.DictReader(exported))
    assert [(r["email"], r["outcome"], r["error_code"]) for r in lines] == [
        (ACCOUNTS["vip"]["email"], "capacity_full", "4060610")
    ]
    assert lines[0]["session_id"] == str(SESSION_IDS["full-house"])
    assert lines[0]["error_message"] == "Max user registration capacity reached"
    assert lines[0]["request_id"]

    # The per-session summary links straight back to the same list.
    page.get_by_role("link", name="Sessions (summary)").click()
    full_row = page.locator("#result_list tbody tr", has_text="Full House")
    expect(full_row.locator("td.field-fill .fill__text")).to_have_text("3 / 3 (100%)")
    expect(full_row.locator("td.field-fill .fill__label")).to_have_text("Full")
    screenshot(page, "admin-session-summary")
    full_row.locator("td.field-refusals a").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(ACCOUNTS["vip"]["email"])


def test_join_attempts_list_is_readable_at_1280_without_scrolling_sideways(
    page, live_server, sandbox
):
    """Every column, request id included, fits the desktop width beside the filters."""
    click_join("vip", SESSION_IDS["full-house"])  # refused: a long message, a long request id
    click_join("vip", SESSION_IDS["accessible-venues"])
    create_demo_organizer()
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Username").fill(ORGANIZER_USERNAME)
    page.get_by_label("Password").fill(ORGANIZER_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Join attempts").click()
    expect(page.locator("#result_list tbody tr")).to_have_count(2)
    screenshot(page, "admin-join-attempts-1280", full_page=False)
    width = page.viewport_size["width"]
    for header in page.locator("#result_list thead th").all():
        box = header.bounding_box()
        assert box["x"] + box["width"] <= width, f"{header.inner_text()!r} is cut off"
    results = page.locator("#changelist .results")
    assert results.evaluate("el => el.scrollWidth <= el.clientWidth")
