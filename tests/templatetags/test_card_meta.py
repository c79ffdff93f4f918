"""Each card's times, speakers, chips and description, and each whole card in one attendee state,
are rendered once per process and reused (sessions_app/templatetags/card_meta.py): what an
attendee reads must still be the session as the upstream now describes it, in their own
language, in their own state, with their own page's CSRF token."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from sandbox.demo import ACCOUNTS, PASSWORD, SESSION_IDS
from tests.portal_helpers import KEEP_BOTH, agenda_day, live_sessions, upstream_sessions

pytestmark = pytest.mark.django_db(transaction=True)
BOOTHS = SESSION_IDS["virtual-booths"]


def signed_in(who: str, **headers) -> Client:
    client = Client(**headers)
    form = {"email": ACCOUNTS[who]["email"], "password": PASSWORD}
    form["csrfmiddlewaretoken"] = tokens(client.get("/sign-in/").content.decode()).pop()
    assert client.post("/sign-in/", form).status_code == 302
    return client


def card(page: str, session_id: int) -> str:
    start = page.index(f'id="session-card-{session_id}"')
    return page[start : page.index("</article>", start)]


def booths_view(sandbox) -> dict:
    """The agenda view (one day) that shows the Virtual Booths session."""
    booths = next(s for s in upstream_sessions(sandbox) if s.id == BOOTHS)
    return {"format": "all", "day": agenda_day(booths)}


def test_a_changed_speaker_and_description_show_on_the_next_page(sandbox, settings):
    settings.PORTAL_CACHE_TTL = 0  # every view reads the list again
    gina = signed_in("general")
    before = card(gina.get("/", booths_view(sandbox)).content.decode(), BOOTHS)
    sandbox.patch_session(
        BOOTHS, speaker_first_name="Zofia", speaker_last_name="Quill", description="<p>New plan</p>"
    )
    after = card(gina.get("/", booths_view(sandbox)).content.decode(), BOOTHS)
    assert "Zofia Quill" not in before and "Zofia Quill" in after
    assert "New plan" in after


def test_each_language_gets_its_own_card_text(sandbox):
    view = booths_view(sandbox)
    english = card(signed_in("general").get("/", view).content.decode(), BOOTHS)
    german = signed_in("general", HTTP_ACCEPT_LANGUAGE="de")
    page = card(german.get("/", view).content.decode(), BOOTHS)
    assert "About this session" in english and "About this session" not in page
    assert english != page


def tokens(page: str) -> set[str]:
    return set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page))


def test_a_reused_card_shows_each_attendee_their_own_state(sandbox):
    """A whole card is reused across attendees only in the same state: the one registered sees
    Watch, the other still gets Join, both after the other's page filled the memo."""
    vera, gina = signed_in("vip"), signed_in("general")
    session = next(s for s in live_sessions(upstream_sessions(sandbox, "vip")) if not s.is_full)
    before = card(gina.get("/", {"format": "all"}).content.decode(), session.id)
    assert vera.post(f"/sessions/{session.id}/join/", KEEP_BOTH).status_code == 302
    registered = card(vera.get("/", {"format": "all"}).content.decode(), session.id)
    again = card(gina.get("/", {"format": "all", "tab": "all"}).content.decode(), session.id)
    assert "You're registered" in registered and "You're registered" not in again
    assert f'id="join-{session.id}"' in before and f'id="join-{session.id}"' in again


def test_every_form_of_a_page_carries_that_page_s_own_csrf_token(sandbox):
    """The cards' forms come from the memo with a placeholder; each page puts in its own token,
    the one its other forms carry, and a join sent with it passes the CSRF check."""
    gina = signed_in("general", enforce_csrf_checks=True)
    first = gina.get("/", {"format": "all"}).content.decode()
    second = gina.get("/", {"format": "all", "tab": "all"}).content.decode()
    assert len(tokens(first)) == 1 and len(tokens(second)) == 1
    assert tokens(first) != tokens(second)  # a newly masked token per page, as Django does
    assert "csrf-placeholder" not in first + second
    session = next(s for s in live_sessions(upstream_sessions(sandbox)) if not s.is_full)
    join = gina.post(
        f"/sessions/{session.id}/join/", {**KEEP_BOTH, "csrfmiddlewaretoken": tokens(second).pop()}
    )
    assert join.status_code == 302


def test_each_timetable_slot_shows_its_own_time(sandbox):
    page = signed_in("general").get("/", {"format": "all"}).content.decode()
    slots = page.split('<div class="slot" id="')[1:]
    headings = [re.search(r'<time datetime="([^"]+)"', slot)[1] for slot in slots]
    assert len(slots) > 3 and len(set(headings)) == len(slots)


def test_a_slot_heading_follows_its_mark():
    """The same slot, once the current one and then not: the heading shows the mark only then."""
    from sandbox.demo import EVENT_TIMEZONE
    from sessions_app.agenda.timetable import NOW, Slot
    from sessions_app.templatetags.card_meta import slot_heading
    from sessions_app.upstream.client import get_client

    event = get_client().event_from_settings()
    start = datetime(2026, 12, 1, 9, 30, tzinfo=ZoneInfo(EVENT_TIMEZONE))
    marked, plain = slot_heading(Slot(start, (), NOW), event), slot_heading(Slot(start, ()), event)
    assert "slot-mark--now" in marked and "slot-mark" not in plain
