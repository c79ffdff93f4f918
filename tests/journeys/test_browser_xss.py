"""The XSS corpus in a real browser: with every payload of tests/hostile.py planted in every
session's text and in the upstream's error messages, no script runs. Each payload would set
`window.__xss` (or open a dialog) if it executed; the `page` fixture also fails on any CSP
violation or console error, which an injected inline script or handler would cause."""

import re

import pytest
from playwright.sync_api import expect

from sandbox.demo import SESSION_IDS
from tests.browser import sign_in
from tests.hostile import XSS_PAYLOADS, plant_payloads

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_nothing_ran(page, dialogs, where: str) -> None:
    assert page.evaluate("window.__xss") is None, f"a payload ran on {where}"
    assert dialogs == [], f"a payload opened a dialog on {where}: {dialogs}"


def test_no_payload_runs_on_any_page(page, live_server, sandbox, settings):
    titles = plant_payloads(sandbox)
    dialogs: list[str] = []

    def on_dialog(dialog):
        if dialog.type == "confirm" and dialog.message.startswith("Leave"):
            dialog.accept()  # the portal's own hx-confirm before unregistering
        else:
            dialogs.append(dialog.message)
            dialog.dismiss()

    page.on("dialog", on_dialog)
    sign_in(page, live_server, "vip")
    for query in ("?format=all", "?format=all&tab=past", "?format=all&tab=upcoming"):
        page.goto(f"{live_server.url}/{query}")
        for summary in page.locator(".session-card summary").all()[:12]:
            summary.click()  # open descriptions (ontoggle, autofocus, ...)
        page.locator(".session-card__title").first.hover()
        assert_nothing_ran(page, dialogs, query)

    for session_id in list(titles)[:4]:
        page.goto(f"{live_server.url}/sessions/{session_id}/")
        page.locator("#session-heading").hover()
        assert_nothing_ran(page, dialogs, f"/sessions/{session_id}/")

    # Reflected: the search box echoes its text ("matching …").
    for payload in (XSS_PAYLOADS[0], XSS_PAYLOADS[3], XSS_PAYLOADS[21], XSS_PAYLOADS[36]):
        page.goto(f"{live_server.url}/?format=all")
        page.get_by_label("Search titles, speakers, places and topics").fill(payload)
        page.get_by_role("button", name="Apply filters").click()
        expect(page.locator("#agenda-heading")).to_contain_text("matching")
        assert_nothing_ran(page, dialogs, f"search {payload!r}")

    # The upstream's own error message, shown in place after an htmx unregister.
    sandbox.set_fault(mode="status", status=406, message=" ".join(XSS_PAYLOADS), method="DELETE")
    page.goto(f"{live_server.url}/my-sessions/")
    target = SESSION_IDS["accessible-venues"]
    page.locator(f"#my-session-{target}").get_by_role(
        "button", name=re.compile("^Unregister")
    ).click()
    expect(page.locator(f"#my-session-{target} .refusal")).to_contain_text("XSS1")
    assert_nothing_ran(page, dialogs, "unregister refusal")
    sandbox.clear_faults()
