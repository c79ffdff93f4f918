"""Where, what and who: a card and a session page say where a session is, what kind it is and
who speaks; each speaker has a page of their sessions; an ended session says when it ended and
offers what the organizer left; every session page offers Add to calendar."""

import re

import pytest

from sandbox.demo import SESSION_IDS
from tests.portal_helpers import sign_in, upstream_sessions

pytestmark = pytest.mark.django_db

KEYNOTE = SESSION_IDS["opening-keynote"]  # MAIN_STAGE, "Main Stage"; Ethan and Maya
VIP_ONLY = SESSION_IDS["vip-roadmap"]  # location "VIP Lounge"; Ethan
ACCESSIBLE = SESSION_IDS["accessible-venues"]  # live, Gina not registered; Sofia
LESSONS = SESSION_IDS["lessons-1000"]  # ended; a call to action, a document, a link, a recording


@pytest.fixture
def speaker_ids(sandbox) -> dict[str, int]:
    """Speakers' ids by first name, as the session list gives them."""
    return {p.first_name: p.id for s in upstream_sessions(sandbox) for p in s.speakers}


def card_html(html: str, session_id: int) -> str:
    start = html.index(f'id="session-card-{session_id}"')
    return html[start : html.index("</li>", start)]


def test_cards_say_what_kind_where_and_link_each_speaker(client, sandbox, speaker_ids):
    sign_in(client)
    html = client.get("/").content.decode()
    keynote = card_html(html, KEYNOTE)
    assert '<span class="format-chip">Main stage</span>' in keynote
    assert "Main Stage" in keynote  # its location
    assert f'<a href="/speakers/{speaker_ids["Ethan"]}/">Ethan Brooks</a>' in keynote
    assert "VIP Lounge" in card_html(html, VIP_ONLY)


def test_a_speaker_page_shows_who_they_are_and_their_sessions(client, sandbox, speaker_ids):
    sign_in(client)
    response = client.get(f"/speakers/{speaker_ids['Ethan']}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'<h1 id="speaker-heading"[^>]*>Ethan Brooks</h1>', html)
    assert "Founder &amp; CEO, Aurora Events" in html
    assert "founded Aurora Events in 2014" in html  # the bio, sanitised
    listed = set(map(int, re.findall(r'id="session-card-(\d+)"', html)))
    assert {KEYNOTE, VIP_ONLY} <= listed and ACCESSIBLE not in listed


def test_a_photo_shows_only_from_an_allowed_image_host(client, sandbox, settings, speaker_ids):
    sofia = speaker_ids["Sofia"]
    sign_in(client)
    settings.PORTAL_IMAGE_SOURCES = ["https://*.accelevents.com"]
    html = client.get(f"/speakers/{sofia}/").content.decode()
    assert "<img" not in html and 'speaker__photo--initials" aria-hidden="true">SA<' in html
    settings.PORTAL_IMAGE_SOURCES = [sandbox.base_url]
    html = client.get(f"/speakers/{sofia}/").content.decode()
    assert f'<img class="speaker__photo" src="{sandbox.base_url}/media/avatars/sofia.svg"' in html


def test_an_unknown_speaker_is_a_404(client, sandbox):
    sign_in(client)
    assert client.get("/speakers/999999/").status_code == 404
    assert client.get("/speakers/0/").status_code == 404


def test_the_session_page_names_its_speakers_and_offers_add_to_calendar(
    client, sandbox, speaker_ids
):
    sign_in(client)
    html = client.get(f"/sessions/{ACCESSIBLE}/").content.decode()
    assert f'href="/sessions/{ACCESSIBLE}/calendar.ics" download>Add to calendar' in html
    speakers = html[html.index('id="speakers-heading"') :]
    assert f'<a href="/speakers/{speaker_ids["Sofia"]}/">Sofia Alvarez</a>' in speakers
    assert "Accessibility Lead, OpenStage" in speakers
    assert "quiet rooms" in speakers  # her bio


def test_an_ended_session_says_when_it_ended_and_offers_what_the_organizer_left(client, sandbox):
    sign_in(client)
    html = client.get(f"/sessions/{LESSONS}/").content.decode()
    after = html[html.index('class="after-session"') :]
    assert re.search(r"This session ended at \d{1,2}:\d\d", after)
    assert "The organizer recorded it" in after
    assert 'href="https://example.com/aurora/lessons-1000-slides.pdf"' in after
    assert "Slides (PDF)" in after and "The 1,000-event study" in after
    assert "Add to calendar" not in html  # nothing left to attend


def test_images_are_allowed_only_from_the_configured_hosts(client, sandbox, settings):
    from tests.security.test_headers import csp_of

    sign_in(client)
    img = csp_of(client.get("/"))["img-src"]
    assert "https:" not in img and img[:2] == ["'self'", "data:"]
