"""An attendee with two tickets (Tessa: General Admission, limit 2; VIP, no limit): what a
refusal proves is kept for the ticket it was made with, so a session one of her tickets still
admits keeps its Join, and only a session every ticket refuses is marked before the click."""

import pytest

from sandbox.demo import TESSA, TESSA_TICKET_IDS
from sessions_app.models import Registration
from sessions_app.upstream.client import get_client
from tests.portal_helpers import KEEP_BOTH, live_sessions

pytestmark = pytest.mark.django_db(transaction=True)

HX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/"}
GENERAL, VIP = TESSA_TICKET_IDS


def tessa_sessions(sandbox):
    token = sandbox.token("tessa")
    client = get_client()
    return list(client.sessions(token, tz=client.event(token=token).tz, size=200).sessions)


def sign_in_tessa(client) -> None:
    answer = client.post("/sign-in/", {"email": TESSA["email"], "password": TESSA["password"]})
    assert answer.status_code == 302


def join(client, session_id):
    return client.post(f"/sessions/{session_id}/join/", KEEP_BOTH, **HX)


def offers_join(client, session_id) -> bool:
    page = client.get(f"/sessions/{session_id}/").content.decode()
    return f'action="/sessions/{session_id}/join/"' in page


def test_one_tickets_refusal_does_not_take_join_from_a_session_the_other_admits(client, sandbox):
    sign_in_tessa(client)
    open_now = [
        s
        for s in live_sessions(tessa_sessions(sandbox))
        if not s.is_full and not s.allowed_ticket_type_ids and s.capacity == 0
    ]
    held, general_only = open_now[:2], open_now[2:4]
    for session in general_only:
        sandbox.patch_session(session.id, allowed_ticket_types=["General Admission"])
    for session in held:
        assert "HX-Redirect" in join(client, session.id)
    assert set(Registration.objects.values_list("ticket_id", flat=True)) == {GENERAL}
    # General Admission is at its limit, and VIP is not a General Admission ticket.
    assert "HX-Redirect" not in join(client, general_only[0].id)
    assert not offers_join(client, general_only[1].id), "both tickets refuse it: said before"
    assert (
        "you&#x27;ve reached that limit"
        in client.get(f"/sessions/{general_only[1].id}/").content.decode()
    )
    client.post(f"/sessions/{held[0].id}/unregister/", **HX)
    assert offers_join(client, general_only[1].id), "her General Admission ticket has room again"
    assert "HX-Redirect" in join(client, general_only[1].id)
