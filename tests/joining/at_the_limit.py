"""Gina, the demo's General Admission attendee (2 sessions allowed, HYBRID held), signed in
through the pages or as the write side's viewer, and brought to her session limit: shared by
the tests of the write side, of asking in order and of the swap."""

from datetime import UTC, datetime
from html import unescape

from django.contrib.auth import get_user_model
from django.test import Client

from sandbox.demo import ACCOUNTS, EVENT_TIMEZONE, PASSWORD, SESSION_IDS
from sessions_app.identity import Viewer
from sessions_app.models import Attendee
from sessions_app.upstream.client import get_client
from tests.portal_helpers import KEEP_BOTH

HX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/"}
HYBRID = SESSION_IDS["hybrid-data"]  # Gina holds it; live -30..+45
ACCESSIBLE = SESSION_IDS["accessible-venues"]  # live, open, overlaps HYBRID
SPONSOR = SESSION_IDS["sponsor-stories"]  # live, open
EXPO = SESSION_IDS["expo-tour"]  # live, open
VIP_ONLY = SESSION_IDS["vip-roadmap"]  # live, VIP tickets only
FULL = SESSION_IDS["full-house"]  # live, 3 of 3 taken
COMMUNITY = SESSION_IDS["community-growth"]  # live -40..+30, overlaps HYBRID
REGISTER = "POST /events/{eventurl}/session/{session_id}/register/{ticket_id}"
REGISTERED = "/events/{event}/user-session/registered"


def signed_in(who: str) -> Client:
    client = Client()
    form = {"email": ACCOUNTS[who]["email"], "password": PASSWORD}
    assert client.post("/sign-in/", form).status_code == 302
    return client


def join(client, session_id, data=None):
    return unescape(client.post(f"/sessions/{session_id}/join/", data or {}, **HX).content.decode())


def held_upstream(sandbox, who: str) -> set[int]:
    listed = sandbox.rest("GET", REGISTERED, sandbox.token(who), params={"size": 100}).json()
    return {int(item["sessionId"]) for item in listed["data"]}


def at_the_limit(sandbox, gina: Client | None = None) -> Client:
    """Gina, holding HYBRID and ACCESSIBLE, told the limit by one refusal."""
    gina = gina or signed_in("general")
    join(gina, ACCESSIBLE, KEEP_BOTH)
    assert "only permits registering for 2 sessions" in join(gina, SPONSOR, KEEP_BOTH)
    return gina


def gina_viewer() -> Viewer:
    """Gina signed in upstream, as the views hand her to the write side."""
    account = ACCOUNTS["general"]
    signed = get_client().sign_in(account["email"], account["password"])
    user = get_user_model().objects.create(username="gina")
    attendee = Attendee.objects.create(
        user=user,
        upstream_user_id=signed.user_id,
        email=account["email"],
        last_seen_at=datetime.now(UTC),
    )
    return Viewer(signed.user_id, attendee.pk, signed.token)


def session(viewer: Viewer, session_id: int):
    """The session as the platform shows it to `viewer` now."""
    return get_client().session(viewer.token, session_id, tz=EVENT_TIMEZONE)
