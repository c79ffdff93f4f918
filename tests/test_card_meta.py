"""Each card's times, speakers, chips and description are rendered once per process and reused
(sessions_app/templatetags/card_meta.py): what an attendee reads must still be the session as
the upstream now describes it, in their own language."""

import pytest
from django.test import Client

from sandbox.demo import ACCOUNTS, PASSWORD, SESSION_IDS

pytestmark = pytest.mark.django_db(transaction=True)
BOOTHS = SESSION_IDS["virtual-booths"]


def signed_in(who: str, **headers) -> Client:
    client = Client(**headers)
    form = {"email": ACCOUNTS[who]["email"], "password": PASSWORD}
    assert client.post("/sign-in/", form).status_code == 302
    return client


def card(page: str, session_id: int) -> str:
    start = page.index(f'id="session-card-{session_id}"')
    return page[start : page.index("</article>", start)]


def test_a_changed_speaker_and_description_show_on_the_next_page(sandbox, settings):
    settings.PORTAL_CACHE_TTL = 0  # every view reads the list again
    gina = signed_in("general")
    before = card(gina.get("/", {"format": "all"}).content.decode(), BOOTHS)
    sandbox.patch_session(
        BOOTHS, speaker_first_name="Zofia", speaker_last_name="Quill", description="<p>New plan</p>"
    )
    after = card(gina.get("/", {"format": "all"}).content.decode(), BOOTHS)
    assert "Zofia Quill" not in before and "Zofia Quill" in after
    assert "New plan" in after


def test_each_language_gets_its_own_card_text(sandbox):
    english = card(signed_in("general").get("/", {"format": "all"}).content.decode(), BOOTHS)
    german = signed_in("general", HTTP_ACCEPT_LANGUAGE="de")
    page = card(german.get("/", {"format": "all"}).content.decode(), BOOTHS)
    assert "About this session" in english and "About this session" not in page
    assert english != page
