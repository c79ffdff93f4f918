"""What an organizer sees first, in a real browser at 1280 px and on a 390 px phone: the event
overview, the session summary and a session's page, with every figure shown checked against
the database. Screenshots go to test-artifacts/."""

from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from sandbox.demo import SESSION_IDS
from sessions_app.management.commands.seed_organizer import (
    ORGANIZER_PASSWORD,
    ORGANIZER_USERNAME,
    create_demo_organizer,
)
from sessions_app.models import (
    Attendee,
    JoinAttempt,
    ReconcileRun,
    Registration,
    SeatWatch,
    SessionSnapshot,
)
from sessions_app.organizer.admin.zone import day_bounds
from sessions_app.organizer.reconcile.runs import request_run
from sessions_app.organizer.worker import run_worker
from tests.browser import MOBILE_VIEWPORT, screenshot
from tests.portal_helpers import KEEP_BOTH, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
HX = {"HTTP_HX_REQUEST": "true"}
REFUSALS = JoinAttempt.Outcome


def click_join(who: str, session_id: int) -> None:
    attendee = Client()
    sign_in(attendee, who)
    attendee.get("/")
    attendee.post(f"/sessions/{session_id}/join/", KEEP_BOTH, **HX)


def demand_on_the_full_house() -> SessionSnapshot:
    """Refused by the platform (a click), blocked before the call and watching (as issue 11's
    and 12's attendee pages record them)."""
    click_join("vip", SESSION_IDS["full-house"])
    click_join("general", SESSION_IDS["vip-roadmap"])
    full = SessionSnapshot.objects.get(pk=SESSION_IDS["full-house"])
    for attendee in Attendee.objects.exclude(registrations__session_id=full.pk)[:2]:
        JoinAttempt.objects.create(
            attendee=attendee,
            session_id=full.pk,
            session_title=full.title,
            action="join",
            kind="blocked",
            outcome="capacity_full",
        )
        SeatWatch.objects.create(
            attendee=attendee, session_id=full.pk, session_title=full.title, session_end=full.end
        )
    return full


def fill_text(snapshot) -> str:
    """Registered against capacity, the larger of the portal's and the platform's count."""
    local = Registration.objects.filter(session_id=snapshot.pk, status="registered").count()
    registered = max(local, snapshot.upstream_registered_count)
    if not snapshot.capacity:
        return f"{registered} registered (no limit)"
    return f"{registered} / {snapshot.capacity} ({round(100 * registered / snapshot.capacity)}%)"


def sessions_of_today(zone: str) -> list:
    tz = ZoneInfo(zone)
    start, end = day_bounds(timezone.now().astimezone(tz).date(), tz)
    return list(
        SessionSnapshot.objects.filter(start__gte=start, start__lt=end).order_by("start", "title")
    )


def sign_in_organizer(page, live_server) -> None:
    create_demo_organizer()
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Username").fill(ORGANIZER_USERNAME)
    page.get_by_label("Password").fill(ORGANIZER_PASSWORD)
    page.get_by_role("button", name="Log in").click()


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_overview_summary_and_session_page_show_the_databases_figures(page, live_server, sandbox):
    request_run(trigger=ReconcileRun.Trigger.ADMIN)
    run_worker(once=True)  # the demo's registrations, and the event's zone, as the worker would
    zone = ReconcileRun.objects.get().event_zone
    assert zone == "America/New_York"
    full = demand_on_the_full_house()
    sign_in_organizer(page, live_server)

    # The overview: today in the event's zone.
    expect(page.get_by_role("heading", name="Fill per session")).to_be_visible()
    expect(page.locator(".event-zone-note")).to_contain_text(zone)
    today = sessions_of_today(zone)
    assert today, "the demo has sessions today"
    rows = page.locator(".fill-row")
    expect(rows).to_have_count(len(today))
    for row, snapshot in zip(rows.all(), today, strict=True):
        expect(row.locator(".fill-row__title")).to_have_text(snapshot.title)
        expect(row.locator(".fill__text")).to_have_text(fill_text(snapshot))
    expect(
        page.locator(".fill-row--full", has_text=full.title).locator(".fill__label")
    ).to_have_text("Full")
    ids = [s.pk for s in today]
    reasons = page.locator("#chart-reasons tbody tr", has_text="Full")
    asked = JoinAttempt.objects.filter(session_id__in=ids, outcome="capacity_full", kind="call")
    blocked = JoinAttempt.objects.filter(
        session_id__in=ids, outcome="capacity_full", kind="blocked"
    )
    expect(reasons.first.locator("td").nth(1)).to_have_text(str(asked.count()))
    expect(reasons.first.locator("td").nth(2)).to_have_text(str(blocked.count()))
    top = page.locator(".demand-list li").first
    expect(top).to_contain_text(full.title)
    expect(top).to_contain_text(
        f"{asked.filter(session_id=full.pk).count()} refused by the platform, "
        f"{blocked.filter(session_id=full.pk).count()} blocked before the call, "
        f"{SeatWatch.objects.filter(session_id=full.pk).count()} watching"
    )
    registrations = Registration.objects.count()
    expect(page.locator("#chart-hours .chart__note")).to_contain_text(f"{registrations} across")
    screenshot(page, "admin-overview-1280")
    page.set_viewport_size(MOBILE_VIEWPORT)
    assert no_horizontal_scroll(page)
    screenshot(page, "admin-overview-390")

    # The bar of the full session opens its registrations.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator(".fill-row--full", has_text=full.title).locator(".fill__text").click()
    expect(page.locator("#result_list tbody tr")).to_have_count(
        Registration.objects.filter(session_id=full.pk, status="registered").count()
    )

    # The summary: five columns, no horizontal scroll at 1280 px, and a card per session on a phone.
    page.get_by_role("link", name="Sessions (summary)").first.click()
    all_sessions = SessionSnapshot.objects.order_by("start", "title")
    summary_rows = page.locator("#result_list tbody tr")
    expect(summary_rows).to_have_count(all_sessions.count())
    for row, snapshot in zip(summary_rows.all(), all_sessions, strict=True):
        expect(row.locator("td.field-fill .fill__text")).to_have_text(fill_text(snapshot))
    assert no_horizontal_scroll(page)
    screenshot(page, "admin-summary-1280")
    page.set_viewport_size(MOBILE_VIEWPORT)
    assert no_horizontal_scroll(page)
    screenshot(page, "admin-summary-390")

    # The session's own page: the refusals by reason.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator("#result_list tbody tr", has_text=full.title).locator("th a").first.click()
    table = page.locator(".refusal-table tbody tr", has_text="Full")
    expect(table.locator("td").nth(0)).to_have_text(str(asked.filter(session_id=full.pk).count()))
    expect(table.locator("td").nth(1)).to_have_text(str(blocked.filter(session_id=full.pk).count()))
    expect(page.locator(".field-fill .fill__text")).to_have_text(fill_text(full))
    screenshot(page, "admin-session-1280")
    page.set_viewport_size(MOBILE_VIEWPORT)
    screenshot(page, "admin-session-390")
