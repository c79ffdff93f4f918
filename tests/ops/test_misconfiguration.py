"""What each upstream setting changes for an attendee or an organizer, and what they see when
the platform answers in a way the settings did not expect: no 500, a clear page, a log line
naming the setting, and /healthz and the admin index saying so."""

import logging

import pytest
from django.test import Client

from sandbox.demo import ACCOUNTS, EVENT_URL, PASSWORD, SESSION_IDS, TESSA, TESSA_TICKET_IDS
from sessions_app import event_reads
from sessions_app.models import Attendee, JoinAttempt, Registration
from tests.dialects import DIALECT_SETTINGS, HX
from tests.portal.settings.reading import run_check
from tests.portal_helpers import KEEP_BOTH

pytestmark = pytest.mark.django_db(transaction=True)

VIP_ONLY = SESSION_IDS["vip-roadmap"]
MISCONFIGURED = "set up correctly"


def signed_in(email: str) -> Client:
    client = Client()
    response = client.post("/sign-in/", {"email": email, "password": PASSWORD})
    assert response.status_code == 302, response.content[:300]
    return client


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"ACCELEVENTS_EVENT_TIMEZONE": "Mars/Olympus_Mons"},
            "ACCELEVENTS_EVENT_TIMEZONE: 'Mars/Olympus_Mons' is not an IANA time zone name",
        ),
        ({"ACCELEVENTS_PATHS": "jion=/x/{session_id}"}, "ACCELEVENTS_PATHS: unknown call 'jion'"),
        (
            {"ACCELEVENTS_PATHS": "join=/events/{event_url}/register"},
            "ACCELEVENTS_PATHS: join needs {session_id}",
        ),
        ({"ACCELEVENTS_PAGE_BASE": "2"}, "ACCELEVENTS_PAGE_BASE: must be 0 or 1"),
        ({"ACCELEVENTS_JOIN_METHOD": "FETCH"}, "ACCELEVENTS_JOIN_METHOD: must be one of"),
        ({"ACCELEVENTS_LOGIN": "u/login"}, "ACCELEVENTS_LOGIN: must be `signup` or a path"),
    ],
)
def test_a_wrong_upstream_setting_stops_start_up_naming_it(env, message):
    result = run_check({"DEBUG": "true", **env})
    assert result.returncode != 0
    assert message in result.stderr


def test_valid_upstream_settings_start():
    env = {
        "DEBUG": "true",
        "ACCELEVENTS_EVENT_TIMEZONE": "Europe/Berlin",
        "ACCELEVENTS_PATHS": "join=/events/{event_url}/session/{session_id}/register",
        "ACCELEVENTS_PAGE_BASE": "1",
        "ACCELEVENTS_LOGIN": "/u/login",
    }
    result = run_check(env)
    assert result.returncode == 0, result.stderr


def utc_warnings(caplog) -> list:
    return [r for r in caplog.records if "time zone is unknown" in r.getMessage()]


def test_an_event_without_a_zone_still_works_and_says_it_fell_back_to_utc(
    sandbox, admin_client, caplog
):
    sandbox.reset(dialects=["event-without-zone"])
    gina = signed_in(ACCOUNTS["general"]["email"])
    event_reads._warned_fallback_zone.clear()  # as in a process that has not warned yet
    with caplog.at_level(logging.WARNING, logger="sessions_app.agenda.reads"):
        first, second = gina.get("/"), gina.get("/my-sessions/")
    assert (first.status_code, second.status_code) == (200, 200)
    assert "UTC" in first.content.decode()
    assert len(utc_warnings(caplog)) == 1, "once per process, not per page"

    # A second copy of the portal finds the event fresh in the shared cache: it warns too.
    event_reads._warned_fallback_zone.clear()
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="sessions_app.agenda.reads"):
        assert gina.get("/?tab=live").status_code == 200
    assert len(utc_warnings(caplog)) == 1
    assert Client().get("/healthz").json()["event_timezone"].startswith("UTC (fallback")
    index = admin_client.get("/admin/").content.decode()
    assert "session times are read and shown as UTC" in index


def test_the_zone_setting_wins_and_the_admin_says_nothing(sandbox, settings, admin_client):
    sandbox.reset(dialects=["event-without-zone"])
    settings.ACCELEVENTS_EVENT_TIMEZONE = "America/New_York"
    assert signed_in(ACCOUNTS["general"]["email"]).get("/").status_code == 200
    assert Client().get("/healthz").json()["event_timezone"] == "America/New_York (setting)"
    assert "shown as UTC" not in admin_client.get("/admin/").content.decode()


def test_an_event_call_refused_to_attendees_falls_back_to_the_slug_then_the_setting(
    sandbox, settings
):
    sandbox.reset(dialects=["event-admin-only"])
    settings.ACCELEVENTS_EVENT_TIMEZONE = "America/New_York"
    page = signed_in(ACCOUNTS["general"]["email"]).get("/")
    assert page.status_code == 200
    assert f"<h1>{EVENT_URL}</h1>" in page.content.decode()
    settings.PORTAL_EVENT_NAME = "Our Summit"
    page = signed_in(ACCOUNTS["general"]["email"]).get("/")
    assert "<h1>Our Summit</h1>" in page.content.decode()


def test_a_wrong_event_slug_is_a_misconfiguration_not_an_outage(sandbox, settings, caplog):
    settings.ACCELEVENTS_EVENT_URL = "no-such-event"
    form = {"email": ACCOUNTS["general"]["email"], "password": PASSWORD}
    with caplog.at_level(logging.ERROR, logger="sessions_app.ops.misconfiguration"):
        response = Client().post("/sign-in/", form)
    assert response.status_code == 200
    assert MISCONFIGURED in response.content.decode()
    assert "check ACCELEVENTS_EVENT_URL" in caplog.text
    health = Client().get("/healthz").json()
    assert (health["status"], health["upstream_config"]) == (
        "degraded",
        "fail: check ACCELEVENTS_EVENT_URL",
    )


def test_a_page_base_the_platform_refuses_shows_the_misconfiguration_page(sandbox, caplog):
    sandbox.reset(dialects=["one-based-pages"])
    gina = signed_in(ACCOUNTS["general"]["email"])
    with caplog.at_level(logging.ERROR, logger="sessions_app.ops.misconfiguration"):
        page, poll = gina.get("/"), gina.get("/agenda/status/?ids=1", **HX)
    assert page.status_code == 503 and MISCONFIGURED in page.content.decode()
    assert "Retry-After" not in page, "waiting will not help"
    assert poll.status_code == 200 and poll["HX-Retarget"] == "#page-notice"
    assert "check ACCELEVENTS_PAGE_BASE" in caplog.text


def test_a_join_method_the_platform_lacks_is_a_misconfiguration(sandbox, settings, caplog):
    settings.ACCELEVENTS_JOIN_METHOD = "PUT"
    victor = signed_in(ACCOUNTS["vip"]["email"])
    with caplog.at_level(logging.ERROR, logger="sessions_app.ops.misconfiguration"):
        response = victor.post(f"/sessions/{SESSION_IDS['sponsor-stories']}/join/", KEEP_BOTH, **HX)
    assert MISCONFIGURED in response.content.decode()
    assert "ACCELEVENTS_JOIN_METHOD" in caplog.text
    assert JoinAttempt.objects.get().outcome == "upstream_unavailable"


def test_a_list_cut_short_by_the_page_cap_says_so(sandbox, settings, caplog):
    sandbox.reset(dialects=["page-cap-50", "large-event"])
    settings.ACCELEVENTS_PAGE_SIZE = DIALECT_SETTINGS["page-cap-50"]["ACCELEVENTS_PAGE_SIZE"]
    settings.ACCELEVENTS_MAX_PAGES = 2
    with caplog.at_level(logging.WARNING, logger="sessions_app.upstream"):
        page = signed_in(ACCOUNTS["general"]["email"]).get("/").content.decode()
    assert "lists 200 more sessions that couldn't be loaded" in page
    assert "list incomplete: read 100 of 300 items" in caplog.text


def test_an_attendee_with_two_tickets_joins_with_the_one_that_admits_them(sandbox):
    tessa = signed_in(TESSA["email"])
    sandbox.reset_stats()
    response = tessa.post(f"/sessions/{VIP_ONLY}/join/", KEEP_BOTH, **HX)
    assert response["HX-Redirect"] == f"/sessions/{VIP_ONLY}/"
    _, vip = TESSA_TICKET_IDS
    assert Registration.objects.get(session_id=VIP_ONLY).ticket_id == vip
    assert list(JoinAttempt.objects.values_list("outcome", flat=True)) == ["joined"]
    joins = "POST /events/{eventurl}/session/{session_id}/register/{ticket_id}"
    assert sandbox.request_count(joins) == 2, "general refused, then VIP"

    sandbox.reset_stats()
    left = tessa.post(f"/sessions/{VIP_ONLY}/unregister/", **HX).content.decode()
    assert "You left" in left
    leaves = "DELETE /events/{eventurl}/session/{session_id}/register/{ticket_id}"
    assert sandbox.request_count(leaves) == 1, "with the ticket that registered"


def test_a_refusal_every_ticket_gets_is_shown_and_remembered(sandbox):
    gina = signed_in(ACCOUNTS["general"]["email"])  # one general ticket: the VIP room is closed
    refused = gina.post(f"/sessions/{VIP_ONLY}/join/", KEEP_BOTH, **HX).content.decode()
    assert "Your ticket does not permit access to this session" in refused
    card = gina.get("/", {"format": "all", "tab": "live"}).content.decode()
    assert f'hx-post="/sessions/{VIP_ONLY}/join/"' not in card


def test_a_profile_call_that_fails_does_not_fail_the_sign_in(sandbox):
    sandbox.set_fault(mode="status", status=503, path_contains="/u/myprofile")
    gina = signed_in(ACCOUNTS["general"]["email"])
    assert gina.get("/").status_code == 200
    assert Attendee.objects.get().email == ACCOUNTS["general"]["email"], "the email typed"
