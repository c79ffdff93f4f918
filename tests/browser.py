"""Shared Playwright fixtures and helpers for browser tests (Debian chromium, sync API).

tests/conftest.py registers this module as a plugin, so the fixtures `browser`, `page_watch`,
`page` and `profile_page` are available everywhere; import the helpers (`sign_in`,
`screenshot`). Tests also need `live_server`, `@pytest.mark.browser` and
`@pytest.mark.django_db(transaction=True)`.

- `browser`: one chromium for the whole run (`/usr/bin/chromium`, or `PORTAL_CHROMIUM`).
  Without it the tests skip with a loud message (repeated at the end of the run), unless
  `PORTAL_REQUIRE_BROWSER=1` (CI), where that is a failure.
- `page`: a fresh context and page per test. Console errors, uncaught page errors and CSP
  violations (from every frame, across navigations) fail the test at teardown.
- Nothing leaves the machine: requests to hosts other than the live server are answered
  locally (an empty page for iframes, an empty body otherwise) and recorded in
  `page_watch.external`, so a test can assert which hosts a page tried to reach. Checked
  offline: a provider iframe that can't load is only a failed request inside the frame, but
  hls.js fetching the Mux playlist logs "Failed to load resource" on our page; and online, a
  third-party frame's own console messages would be reported as the page's. Answering
  locally makes both cases deterministic (the HLS player then shows its "could not be
  played" notice) without ignoring any console error.
"""

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from sandbox.demo import ACCOUNTS

CHROMIUM = Path(os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    # Without these chromium stalls on background calls home in an offline container.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}
DEFAULT_TIMEOUT_MS = 10_000
MOBILE_VIEWPORT = {"width": 390, "height": 844}
DESKTOP_VIEWPORT = {"width": 1280, "height": 900}

CSP_LISTENER = """
(() => {
  window.__cspViolations = window.__cspViolations || [];
  document.addEventListener("securitypolicyviolation", (e) => {
    const v = {directive: e.violatedDirective, blocked: e.blockedURI,
               source: e.sourceFile, line: e.lineNumber, sample: e.sample,
               page: document.location.href};
    window.__cspViolations.push(v);
    if (window.__reportCspViolation) { window.__reportCspViolation(v); }
  });
})();
"""
OFFLINE_FRAME = (
    "<!doctype html><html lang=en><title>offline stand-in</title>"
    "<body style='margin:0;background:#111'></body></html>"
)


@dataclass
class PageWatch:
    """What went wrong (or left the machine) while a test's pages were open."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    csp_violations: list[dict] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    allowed_console: list[re.Pattern] = field(default_factory=list)

    def allow_console_error(self, pattern: str) -> None:
        """Explicitly expect a console error matching `pattern` (a regex); use sparingly."""
        self.allowed_console.append(re.compile(pattern))

    def external_hosts(self) -> set[str]:
        return {urlsplit(url).hostname for url in self.external}

    def problems(self) -> list[str]:
        console = [
            text
            for text in self.console_errors
            if not any(p.search(text) for p in self.allowed_console)
        ]
        return (
            [f"console error: {text}" for text in console]
            + [f"page error: {text}" for text in self.page_errors]
            + [f"CSP violation: {v}" for v in self.csp_violations]
        )


# --- fixtures -------------------------------------------------------------------------------

_missing_browser: list[str] = []


def pytest_terminal_summary(terminalreporter):
    """Repeat the skip at the very end of the run, where nobody can miss it."""
    if _missing_browser:
        terminalreporter.write_line(_missing_browser[0], red=True, bold=True)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = (
            f"\n\n{'!' * 78}\n!! BROWSER TESTS NOT RUN: no chromium at {CHROMIUM}.\n"
            "!! Install it with `apt-get install chromium` (CI does, see .ci/run).\n"
            f"{'!' * 78}\n"
        )
        if os.environ.get("PORTAL_REQUIRE_BROWSER") == "1":
            pytest.fail(message, pytrace=False)
        _missing_browser.append(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API leaves an event loop marked running in the main thread for the
    # rest of the run; Django would then refuse every ORM call from tests as "async unsafe".
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page_watch() -> PageWatch:
    return PageWatch()


@pytest.fixture
def page(browser, page_watch):
    """A page in a fresh context; fails the test at teardown on any console error, page
    error or CSP violation."""
    context = browser.new_context(viewport=DESKTOP_VIEWPORT, locale="en-US")
    yield from _watched_page(context, page_watch)


@pytest.fixture
def profile_page(browser, page_watch, tmp_path):
    """Like `page`, but in a browser profile of its own on disk instead of an incognito
    context: what only a regular profile does (Chromium's installability verdict says
    "in-incognito" otherwise). Starts a second chromium: use sparingly."""
    context = browser.browser_type.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path=str(CHROMIUM),
        args=CHROMIUM_ARGS,
        headless=True,
        viewport=DESKTOP_VIEWPORT,
        locale="en-US",
    )
    yield from _watched_page(context, page_watch)


def _watched_page(context, page_watch):
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    context.expose_binding(
        "__reportCspViolation", lambda _source, v: page_watch.csp_violations.append(v)
    )
    context.add_init_script(CSP_LISTENER)
    context.route("**/*", lambda route: _keep_local(route, page_watch))
    new_page = context.pages[0] if context.pages else context.new_page()
    new_page.on("console", lambda msg: _note_console(msg, page_watch))
    new_page.on("pageerror", lambda error: page_watch.page_errors.append(str(error)))
    try:
        yield new_page
    finally:
        context.close()
    problems = page_watch.problems()
    assert not problems, "the browser reported:\n" + "\n".join(problems)


def _note_console(message, watch: PageWatch) -> None:
    if message.type == "error":
        location = message.location or {}
        watch.console_errors.append(f"{message.text} (at {location.get('url', '?')})")


def _keep_local(route, watch: PageWatch) -> None:
    request = route.request
    if urlsplit(request.url).hostname in LOCAL_HOSTS:
        route.continue_()
        return
    # Offline here and in CI: answer for the internet, and remember what was asked.
    watch.external.append(request.url)
    if request.resource_type == "document":
        route.fulfill(status=200, content_type="text/html", body=OFFLINE_FRAME)
    else:
        route.fulfill(status=204, body="")


# --- helpers --------------------------------------------------------------------------------


def sign_in(page, live_server, who: str = "general", next_path: str = "") -> None:
    """Sign in through the real form as a demo account (`general`, `vip`, `noticket`, or an
    e-mail of `sandbox.create_attendees` with the demo password); lands on the agenda or
    `next_path`."""
    account = ACCOUNTS.get(who, {"email": who, "password": ACCOUNTS["general"]["password"]})
    url = f"{live_server.url}/sign-in/"
    if next_path:
        url += f"?next={next_path}"
    page.goto(url)
    page.get_by_label("Email").fill(account["email"])
    page.get_by_label("Password").fill(account["password"])
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    assert urlsplit(page.url).path == (next_path or "/"), page.url


def screenshot(page, name: str, full_page: bool = True) -> Path:
    """Save a PNG under test-artifacts/ (gitignored) and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
