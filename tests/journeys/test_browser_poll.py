"""The status poll on the wire, in Chromium: an unchanged agenda's polls are bodyless 304s (the
page sends the last shown answer's ETag itself, since signed-in pages are no-store) and leave
the page as it is; a change comes in the next poll, also when the page had to hold an answer
back while the attendee was on the card."""

import pytest
from playwright.sync_api import expect

from sandbox.demo import SESSION_IDS
from tests.browser import sign_in
from tests.portal_helpers import clear_of_a_minute_tick

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LAST_SEATS = SESSION_IDS["last-five-seats"]  # live, capacity 5, empty
WIRE_LIMIT = 1024  # bytes of an unchanged poll's answer, headers and body (benchmark target)
SWAP_COUNTER = """() => {
  window.__swaps = 0;
  ["htmx:afterSwap", "htmx:oobAfterSwap"].forEach((name) =>
    document.addEventListener(name, () => { window.__swaps += 1; }));
}"""


@pytest.fixture
def polling(page, settings):
    settings.PORTAL_STATUS_POLL_SECONDS = 2
    settings.PORTAL_CACHE_TTL = 1
    return page


def next_poll(page, status: int):
    """Waits for the next answer of the status poll with this status."""
    with page.expect_response(
        lambda r: "/agenda/status/" in r.url and r.status == status, timeout=12_000
    ) as answer:
        pass
    return answer.value


def seats(page):
    return page.locator(f"#session-status-{LAST_SEATS} .seats")


def test_an_unchanged_agendas_polls_are_304s_and_a_change_comes_in_the_next_poll(
    polling, live_server, sandbox
):
    page = polling
    clear_of_a_minute_tick()
    sign_in(page, live_server, "general")
    expect(seats(page)).to_have_text("5 seats left")
    shown = next_poll(page, 304)
    page_before = page.inner_html("#main")
    page.evaluate(SWAP_COUNTER)

    unchanged = next_poll(page, 304)
    assert unchanged.request.header_value("if-none-match") == unchanged.header_value("etag")
    sizes = unchanged.request.sizes()
    assert sizes["responseBodySize"] == 0 and page.inner_html("#main") == page_before
    assert page.evaluate("window.__swaps") == 0, "htmx 2 swaps a 304 unless told"
    on_the_wire = sizes["responseHeadersSize"] + sizes["responseBodySize"]
    print(f"unchanged poll: {on_the_wire} B on the wire ({sizes})")
    assert on_the_wire <= WIRE_LIMIT

    sandbox.add_registrants(LAST_SEATS, 1)  # another attendee takes a seat
    changed = next_poll(page, 200)
    assert changed.header_value("etag") not in (None, shown.header_value("etag"))
    expect(seats(page)).to_have_text("4 seats left")
    assert next_poll(page, 304).request.header_value("if-none-match") == changed.header_value(
        "etag"
    )


def test_an_answer_held_back_under_the_focus_comes_in_the_next_poll(polling, live_server, sandbox):
    page = polling
    sign_in(page, live_server, "general")
    next_poll(page, 304)
    join = page.locator(f"#join-{LAST_SEATS}")
    join.focus()

    sandbox.add_registrants(LAST_SEATS, 1)
    next_poll(page, 200)
    next_poll(page, 200)  # held back: the page did not show it, so it did not keep its tag
    expect(seats(page)).to_have_text("5 seats left")
    expect(join).to_be_focused()

    page.locator("#agenda-heading").focus()
    expect(seats(page)).to_have_text("4 seats left", timeout=6_000)
    next_poll(page, 304)
