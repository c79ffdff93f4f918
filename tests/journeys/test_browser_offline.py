"""The portal with the network turned off, in Chromium: the agenda, My sessions and a session
page read offline after one visit, saying since when, under the pages' own security headers,
and My sessions is kept without the private calendar feed's URL; a join attempted offline says
it needs a connection and never reaches the platform later; after signing out nothing of the
attendee reads offline. Chromium's own installability verdict on the agenda (the check
Lighthouse's former installable-manifest audit ran) is part of the first."""

import re

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from sandbox.demo import EXTRA_ACCOUNTS, SESSION_IDS
from tests.browser import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACCESSIBLE = SESSION_IDS["accessible-venues"]  # live, open to all tickets
TESSA = EXTRA_ACCOUNTS["tessa"]["email"]
WRITES = ("POST /ev", "DELETE /ev")
# What Chromium logs for each request the page makes with the network off.
NETWORK_OFF = r"net::ERR_INTERNET_DISCONNECTED|Failed to load resource"


def kept_pages(page) -> list[str]:
    """The paths of the pages the service worker holds (once it has kept the current one)."""
    return page.evaluate(
        """async () => {
          await navigator.serviceWorker.ready;
          const paths = [];
          for (const name of await caches.keys()) {
            const cache = await caches.open(name);
            for (const request of await cache.keys()) {
              const url = new URL(request.url);
              if (!url.pathname.startsWith("/static/")) { paths.push(url.pathname + url.search); }
            }
          }
          return paths;
        }"""
    )


def kept_copy(page, path: str) -> str | None:
    """The text of the copy the service worker holds of `path`, as it is on disk."""
    return page.evaluate(
        """async (path) => {
          for (const name of await caches.keys()) {
            const copy = await (await caches.open(name)).match(path, { ignoreVary: true });
            if (copy) { return await copy.text(); }
          }
          return null;
        }""",
        path,
    )


SECURITY_HEADERS = (
    "content-security-policy",
    "permissions-policy",
    "x-frame-options",
    "referrer-policy",
    "x-content-type-options",
    "cross-origin-opener-policy",
)


def wait_until_kept(page, path: str) -> None:
    for _ in range(50):
        if path in kept_pages(page):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"{path} was never kept: {kept_pages(page)}")


def writes(sandbox) -> int:
    return sum(n for key, n in sandbox.stats()["requests"].items() if key.startswith(WRITES))


def test_the_agenda_is_installable_and_reads_offline_after_one_visit(
    profile_page, page_watch, live_server, sandbox
):
    page = profile_page
    page_watch.allow_console_error(NETWORK_OFF)
    sign_in(page, live_server)
    cdp = page.context.new_cdp_session(page)
    assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []
    wait_until_kept(page, "/")
    online = page.goto(f"{live_server.url}/my-sessions/").all_headers()
    feed = page.locator("#feed-url").input_value()  # the private feed: a credential
    assert "/calendar/" in feed
    wait_until_kept(page, "/my-sessions/")
    copy = kept_copy(page, "/my-sessions/")
    assert "My sessions" in copy and feed.rsplit("/", 1)[1] not in copy
    assert "/calendar/" not in copy
    page.goto(f"{live_server.url}/sessions/{ACCESSIBLE}/")
    wait_until_kept(page, f"/sessions/{ACCESSIBLE}/")
    expect(page.locator("#offline-banner")).to_be_hidden()  # online: the live page

    page.context.set_offline(True)
    page.goto(f"{live_server.url}/")
    banner = page.locator("#offline-banner")
    expect(banner).to_have_text(re.compile(r"^Offline — as of \d{1,2}:\d\d\s?[AP]M$"))
    expect(page.locator(f"#session-card-{ACCESSIBLE}")).to_be_visible()
    expect(page.locator("#page-notice")).to_contain_text(banner.inner_text())  # said once
    screenshot(page, "offline-agenda", full_page=False)
    offline = page.goto(f"{live_server.url}/my-sessions/")
    assert offline.from_service_worker
    headers = offline.all_headers()
    assert {h: headers.get(h) for h in SECURITY_HEADERS} == {h: online[h] for h in SECURITY_HEADERS}
    assert "set-cookie" not in headers
    expect(page.get_by_role("heading", level=1)).to_have_text("My sessions")
    expect(banner).to_be_visible()
    expect(page.locator("#calendar-feed")).to_contain_text("never kept offline")
    expect(page.locator("#feed-url")).to_have_count(0)
    page.goto(f"{live_server.url}/sessions/{ACCESSIBLE}/")
    expect(page.locator("#offline-banner")).to_be_visible()


def test_a_join_attempted_offline_says_so_and_is_never_sent(page, page_watch, live_server, sandbox):
    page_watch.allow_console_error(NETWORK_OFF)
    sign_in(page, live_server, TESSA)  # holds no session: her join goes straight to the platform
    wait_until_kept(page, "/")
    sandbox.reset_stats()
    posts = []
    page.on("request", lambda request: request.method == "POST" and posts.append(request.url))

    page.context.set_offline(True)
    join = page.locator(f"#session-status-{ACCESSIBLE}").get_by_role("button", name="Join")
    join.click()
    expect(page.locator("#page-notice")).to_contain_text(
        "You're offline: this needs a connection. Nothing was sent."
    )
    expect(join).to_be_focused()  # the attendee stays on the button
    page.context.set_offline(False)
    page.wait_for_timeout(1500)  # time enough for anything queued to go out
    page.reload()
    expect(page.locator(f"#session-status-{ACCESSIBLE}").get_by_role("button", name="Join"))
    assert posts == []
    assert writes(sandbox) == 0


def test_after_signing_out_nothing_of_the_attendee_reads_offline(
    page, page_watch, live_server, sandbox
):
    page_watch.allow_console_error(NETWORK_OFF)
    sign_in(page, live_server)
    wait_until_kept(page, "/")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You are signed out.")).to_be_visible()
    assert page.evaluate("async () => (await caches.keys()).length") == 0
    assert (
        page.evaluate("async () => (await navigator.serviceWorker.getRegistrations()).length") == 0
    )

    page.context.set_offline(True)
    with pytest.raises(PlaywrightError, match="ERR_INTERNET_DISCONNECTED"):
        page.goto(f"{live_server.url}/")
    page.wait_for_load_state()  # Chromium's own "no internet" page
    expect(page.get_by_text("Gina")).to_have_count(0)
