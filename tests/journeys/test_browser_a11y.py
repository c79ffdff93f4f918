"""axe-core finds nothing on any attendee page, in any of the four languages, at either width;
and every page is photographed into test-artifacts/ (e.g. `de-390-agenda-live.png`).

axe runs in a browser context of its own made with Playwright's `bypass_csp=True` (tests/a11y.py):
only there can the test inject axe.min.js; the portal's Content-Security-Policy is the same as
everywhere else, which tests/security/test_headers.py holds it to."""

import pytest

from sandbox.demo import ACCOUNTS, SESSION_IDS
from sessions_app.models import Attendee
from sessions_app.planning.reminder_emails import unsubscribe_token
from tests.a11y import axe_context, axe_violations
from tests.browser import DESKTOP_VIEWPORT, MOBILE_VIEWPORT, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = {"en": "en-US", "de": "de-DE", "fr": "fr-FR", "es": "es-ES"}
WIDTHS = {"1280": DESKTOP_VIEWPORT, "390": MOBILE_VIEWPORT}
ACCESSIBLE = SESSION_IDS["accessible-venues"]
SPONSOR = SESSION_IDS["sponsor-stories"]
ENDED = SESSION_IDS["lessons-1000"]  # documents, links, a recording, speakers
VIP_ONLY = SESSION_IDS["vip-roadmap"]
TABS = {"all": "/", "live": "/?tab=live", "upcoming": "/?tab=upcoming", "past": "/?tab=past"}


def sign_in(page, live_server, who: str) -> None:
    account = ACCOUNTS[who]
    page.goto(f"{live_server.url}/sign-in/")
    page.locator("#id_email").fill(account["email"])
    page.locator("#id_password").fill(account["password"])
    with page.expect_navigation():
        page.locator("form.form button[type=submit]").click()


def join(page, session_id: int) -> None:
    """Every live join of Gina's overlaps the session she is in: she keeps both."""
    page.locator(f"#join-{session_id}").click()
    page.locator(f"#session-status-{session_id} button[type=submit]").click()


def check(page, name: str, found: dict) -> None:
    page.wait_for_load_state("networkidle")
    violations = axe_violations(page)
    if violations:
        found[name] = violations
    for width, viewport in WIDTHS.items():
        page.set_viewport_size(viewport)
        language = name.split("-", 1)[0]
        screenshot(page, f"{language}-{width}-{name.split('-', 1)[1]}")
    page.set_viewport_size(DESKTOP_VIEWPORT)


@pytest.mark.parametrize("language", list(LANGUAGES))
def test_every_attendee_page_passes_axe(browser, live_server, sandbox, settings, language):
    settings.PORTAL_STATUS_POLL_SECONDS = 3600  # nothing changes under axe
    found: dict[str, list] = {}
    with axe_context(browser, locale=LANGUAGES[language], viewport=DESKTOP_VIEWPORT) as context:
        page = context.new_page()
        page.goto(f"{live_server.url}/sign-in/")
        page.locator("#id_email").fill(ACCOUNTS["general"]["email"])
        page.locator("#id_password").fill("not-the-password")
        page.locator("form.form button[type=submit]").click()
        page.locator("#sign-in-error").wait_for()
        check(page, f"{language}-sign-in", found)

        # Gina's second session, then the limit: one banner, every other card says so quietly.
        sign_in(page, live_server, "general")
        join(page, ACCESSIBLE)
        page.wait_for_url(f"**/sessions/{ACCESSIBLE}/")
        check(page, f"{language}-stream", found)
        page.goto(f"{live_server.url}/?tab=live")
        join(page, SPONSOR)
        page.locator(f"#session-status-{SPONSOR} .refusal").wait_for()
        check(page, f"{language}-agenda-refusal", found)
        for tab, path in TABS.items():
            page.goto(f"{live_server.url}{path}")
            assert tab == "past" or page.locator(".card-reason--limit").count() > 0
            check(page, f"{language}-agenda-{tab}", found)
        page.goto(f"{live_server.url}/sessions/{VIP_ONLY}/")
        check(page, f"{language}-session", found)
        page.locator(f"#star-{VIP_ONLY}").click()  # starred: My sessions lists it apart
        page.locator(f"#star-{VIP_ONLY}[aria-pressed=true]").wait_for()
        page.goto(f"{live_server.url}/?mine=1&joinable=1")
        check(page, f"{language}-agenda-mine-joinable", found)
        page.goto(f"{live_server.url}/sessions/{VIP_ONLY}/swap/")
        check(page, f"{language}-swap", found)
        page.goto(f"{live_server.url}/my-sessions/")
        check(page, f"{language}-my-sessions", found)
        page.context.set_offline(True)  # the copy the service worker kept, with its banner
        page.reload()
        page.locator("#offline-banner").wait_for()
        check(page, f"{language}-my-sessions-offline", found)
        page.context.set_offline(False)
        gina = Attendee.objects.get(email=ACCOUNTS["general"]["email"])
        page.goto(f"{live_server.url}/reminders/unsubscribe/{unsubscribe_token(gina.pk)}/")
        check(page, f"{language}-unsubscribe", found)
        page.goto(f"{live_server.url}/reminders/unsubscribe/tampered/")
        check(page, f"{language}-unsubscribe-invalid", found)
        page.goto(f"{live_server.url}/sessions/{ENDED}/")
        check(page, f"{language}-session-ended", found)
        page.locator(".session-meta__speakers a").first.click()
        page.wait_for_url("**/speakers/*/")
        check(page, f"{language}-speaker", found)
        page.goto(f"{live_server.url}/time-zone/")
        check(page, f"{language}-time-zone", found)
        page.locator("#zone-list").select_option("Asia/Tokyo")
        page.locator("#zone-viewer").check()
        with page.expect_navigation():
            page.locator(".zone-form button[type=submit]").click()
        check(page, f"{language}-agenda-own-zone", found)
        page.goto(f"{live_server.url}/time-zone/?next=/")
        page.locator("#zone-event").check()
        with page.expect_navigation():
            page.locator(".zone-form button[type=submit]").click()

        page.locator("form[action='/sign-out/'] button").click()
        page.wait_for_url("**/sign-in/")
        sign_in(page, live_server, "noticket")
        check(page, f"{language}-agenda-no-ticket", found)
    assert not found, found
