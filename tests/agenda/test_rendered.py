"""Rendered agenda pages are reused only while everything they show still holds."""

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore

from sessions_app.agenda import rendered as rendered_pages
from tests.portal_helpers import (
    KEEP_BOTH,
    clear_of_a_minute_tick,
    live_sessions,
    sign_in,
    upstream_sessions,
)

pytestmark = pytest.mark.django_db(transaction=True)

AGENDA = "/?format=all"
HX_LIST = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "agenda-list"}
HX_POST = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/"}


def rendered(response) -> bool:
    """Whether the view rendered its template (a reused page renders none)."""
    assert response.status_code == 200
    return bool(response.templates)


def test_an_unchanged_agenda_is_rendered_once_then_reused(client, sandbox):
    clear_of_a_minute_tick(10)  # a countdown turning between the two views is a real change
    sign_in(client, "vip")
    first = client.get(AGENDA)
    again = client.get(AGENDA)
    assert rendered(first) and not rendered(again)
    assert again.content == first.content
    assert again["Cache-Control"] == first["Cache-Control"]  # still private, no-store
    partial = client.get(AGENDA, **HX_LIST)  # a page of its own, not the whole page's
    assert b"<html" not in partial.content and b'name="csrfmiddlewaretoken"' in partial.content
    # Reused in turn: a partial rendered again would carry a newly masked CSRF token.
    assert client.get(AGENDA, **HX_LIST).content == partial.content
    assert rendered(client.get("/?format=all&tab=live"))


def test_a_join_shows_on_the_next_agenda(client, sandbox):
    sign_in(client, "vip")
    session = next(s for s in live_sessions(upstream_sessions(sandbox, "vip")) if not s.is_full)
    client.get(AGENDA)
    assert client.post(f"/sessions/{session.id}/join/", KEEP_BOTH, **HX_POST)["HX-Redirect"]
    after = client.get(AGENDA)
    assert rendered(after)
    status = after.content.decode().split(f'id="session-status-{session.id}"')[1]
    assert "You're registered" in status.split("</div>")[0]


def test_a_remembered_refusal_shows_on_the_next_agenda(client, sandbox):
    sign_in(client, "general")  # registered for one session already; the limit is 2
    first, second = [s for s in live_sessions(upstream_sessions(sandbox)) if not s.is_full][:2]
    client.post(f"/sessions/{first.id}/join/", KEEP_BOTH, **HX_POST)
    client.get(AGENDA)
    refused = client.post(f"/sessions/{second.id}/join/", KEEP_BOTH, **HX_POST).content.decode()
    assert "only permits registering for 2 sessions" in refused
    after = client.get(AGENDA)
    assert rendered(after)
    html = after.content.decode()
    card = html[html.index(f'id="session-status-{second.id}"') :]
    assert card[: card.index("</div>")].count("At your limit") == 1  # quiet, as the banner says why


def test_no_reuse_after_the_data_ttl(client, sandbox, settings):
    sign_in(client, "vip")
    settings.PORTAL_CACHE_TTL = 0
    assert rendered(client.get(AGENDA)) and rendered(client.get(AGENDA))


def test_a_request_with_messages_waiting_is_always_rendered(rf):
    request = rf.get(AGENDA)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    messages.info(request, "You left the session. Your seat is free.")
    slot = rendered_pages.slot_for(request, 1, "sessions_app/agenda.html")
    assert slot.response() is None
    assert not slot.key  # and nothing will be kept: the message must be shown and consumed
    assert len(get_messages(request)) == 1


def test_other_attendees_never_get_this_attendees_page(client, sandbox):
    from django.test import Client

    sign_in(client, "general")
    other = Client()
    sign_in(other, "noticket")
    client.get(AGENDA)
    theirs = other.get(AGENDA)
    assert rendered(theirs)
    assert "have a ticket for this event yet" in theirs.content.decode()
