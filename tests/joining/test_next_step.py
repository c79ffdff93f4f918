"""Cards that can't join are known before the click, and their next step is recorded as demand
the upstream never saw ("blocked before the call"), then followed."""

import re

import pytest

from sandbox.demo import SESSION_IDS
from sessions_app.models import JoinAttempt
from tests.portal_helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

HX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/"}
KEEP_BOTH = {"confirm": "overlap"}  # every live session overlaps the one Gina is in
VIP_ONLY = SESSION_IDS["vip-roadmap"]
FULL = SESSION_IDS["full-house"]
ACCESSIBLE = SESSION_IDS["accessible-venues"]
SPONSOR = SESSION_IDS["sponsor-stories"]
COMMUNITY = SESSION_IDS["community-growth"]


def status_block(html: str, session_id: int) -> str:
    start = html.index(f'id="session-status-{session_id}"')
    return html[start : html.index("</article>", start)]


def blocked():
    return list(
        JoinAttempt.objects.filter(kind=JoinAttempt.Kind.BLOCKED).values_list(
            "session_id", "outcome", "action", "session_title"
        )
    )


def test_viewing_pages_records_nothing(client, sandbox):
    sign_in(client, "noticket")
    for path in ("/", "/?tab=live", f"/sessions/{FULL}/", "/my-sessions/"):
        assert client.get(path).status_code == 200
    assert not JoinAttempt.objects.exists()


def test_no_ticket_step_is_recorded_then_goes_to_the_ticket_page(client, sandbox, settings):
    sign_in(client, "noticket")
    page = client.get(f"/sessions/{ACCESSIBLE}/").content.decode()
    assert "You need a ticket for the event to join its sessions." in page
    assert f'action="/sessions/{ACCESSIBLE}/next-step/"' in page
    response = client.post(f"/sessions/{ACCESSIBLE}/next-step/")
    assert response.status_code == 302
    assert response["Location"] == settings.ACCELEVENTS_TICKETS_URL
    title = "Designing Accessible Virtual Venues"
    assert blocked() == [(ACCESSIBLE, "not_registered_for_event", "join", title)]


def test_a_full_card_offers_the_seat_watch_and_records_the_click(client, sandbox):
    sign_in(client, "general")
    card = status_block(client.get("/").content.decode(), FULL)
    assert "This session is full." in card and ">Join<" not in card
    assert f'action="/sessions/{FULL}/watch/"' in card  # issue 11's watch, its next step
    assert f"/sessions/{FULL}/next-step/" not in card
    client.post(f"/sessions/{FULL}/watch/", **HX)
    assert [row[:2] for row in blocked()] == [(FULL, "capacity_full")]


def test_a_ticket_type_refusal_marks_the_session_before_the_next_click(client, sandbox):
    sign_in(client, "general")
    assert ">Join<" in status_block(client.get("/").content.decode(), VIP_ONLY)
    refused = client.post(f"/sessions/{VIP_ONLY}/join/", KEEP_BOTH, **HX).content.decode()
    assert "Your ticket doesn&#x27;t include this session." in refused
    assert "“Your ticket does not permit access to this session”" in refused
    card = status_block(client.get("/").content.decode(), VIP_ONLY)
    assert ">Join<" not in card and "Your ticket doesn&#x27;t include this session." in card
    assert f'action="/sessions/{VIP_ONLY}/next-step/"' in card
    client.post(f"/sessions/{VIP_ONLY}/next-step/")
    assert [row[:2] for row in blocked()] == [(VIP_ONLY, "ticket_type")]
    # The call itself was one, recorded as a call: the upstream saw it.
    calls = JoinAttempt.objects.filter(kind=JoinAttempt.Kind.CALL, session_id=VIP_ONLY)
    assert [c.outcome for c in calls] == ["ticket_type"]


def test_a_session_limit_refusal_marks_every_other_session(client, sandbox):
    sign_in(client, "general")  # already in one session; her ticket allows two
    client.post(f"/sessions/{ACCESSIBLE}/join/", KEEP_BOTH, **HX)
    refused = client.post(f"/sessions/{SPONSOR}/join/", KEEP_BOTH, **HX).content.decode()
    assert "Your ticket lets you join 2 sessions, and you&#x27;ve reached that limit." in refused
    assert f'href="/sessions/{SPONSOR}/swap/"' in refused  # right after the refusal: a link
    html = client.get("/", {"tab": "live"}).content.decode()
    other = status_block(html, COMMUNITY)
    assert "At your limit" in other and ">Join<" not in other  # the banner says why, once
    response = client.post(f"/sessions/{COMMUNITY}/next-step/")
    assert response["Location"] == f"/sessions/{COMMUNITY}/swap/"
    assert [row[:2] for row in blocked()] == [(COMMUNITY, "session_limit")]

    # Leaving a session frees a slot: the other sessions can be joined again.
    client.post(f"/sessions/{ACCESSIBLE}/unregister/", **HX)
    html = client.get("/", {"tab": "live"}).content.decode()
    assert ">Join<" in status_block(html, COMMUNITY)


def test_a_card_that_can_join_again_goes_to_its_session_without_a_record(client, sandbox):
    sign_in(client, "vip")
    response = client.post(f"/sessions/{ACCESSIBLE}/next-step/")
    assert response["Location"] == f"/sessions/{ACCESSIBLE}/"
    assert not JoinAttempt.objects.exists()


def test_the_late_entry_window_is_said_instead_of_live(client, sandbox):
    sign_in(client, "vip")
    card = status_block(client.get("/").content.decode(), SESSION_IDS["ops-standup"])
    assert re.search(r"Ended \d{1,2}:\d\d [AP]M · late entry until \d{1,2}:\d\d [AP]M", card)
    assert "Live now" not in card and ">Join<" in card
