"""The attendee journey against every dialect of the sandbox: sign in (password and magic link),
an agenda with every session (the last one found by search), join → the stream, a refusal in
place, unregister, My sessions. Each dialect runs with the settings the README gives for it,
and each setting it needs is shown to be needed: without it, the journey breaks, and how."""

import pytest

from sandbox.demo import EVENT_NAME
from tests.dialects import (
    DIALECT_SETTINGS,
    FULL,
    JOINED,
    REQUIRED,
    Journey,
    dialect_names,
    readme_settings,
    visible_sessions,
)
from tests.portal_helpers import agenda_showing

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def journey(sandbox, client):
    return Journey(sandbox, client)


def configure(settings, key: str, *, without: str = "") -> None:
    for name, value in DIALECT_SETTINGS[key].items():
        if name != without:
            setattr(settings, name, value)


def test_the_readme_tells_organizers_the_settings_each_dialect_needs():
    rows = readme_settings()
    for key, needed in DIALECT_SETTINGS.items():
        assert rows.get(key) == {f"{n}={v}" for n, v in needed.items()}, key


@pytest.mark.parametrize("key", DIALECT_SETTINGS)
def test_the_attendee_journey_works_in_every_dialect(key, journey, sandbox, settings):
    sandbox.reset(dialects=dialect_names(key))
    configure(settings, key)
    visible = visible_sessions(sandbox)
    # the last listed: the last to start, or one whose time is not announced yet
    last = max(visible, key=lambda item: (item["startTime"] or "~", item["position"]))

    assert journey.sign_in("vip") == 302
    assert journey.sign_in_with_link("general") == 200
    page = journey.agenda()
    assert EVENT_NAME in page
    assert journey.listed("") + journey.listed("past") == len(visible), "every session listed"
    assert f'id="session-card-{last["sessionId"]}"' in journey.agenda(q=last["title"])

    joined = journey.join(JOINED)
    assert joined["HX-Redirect"] == f"/sessions/{JOINED}/"
    stream = journey.stream(JOINED)
    assert 'src="https://player.vimeo.com/video/' in stream and "not registered" not in stream
    assert f'id="my-session-{JOINED}"' in journey.my_sessions()

    refused = journey.join(FULL).content.decode()
    assert (
        "Max user registration capacity reached" in refused and "This session is full." in refused
    )

    assert "You left" in journey.unregister(JOINED)
    assert f'id="my-session-{JOINED}"' not in journey.my_sessions()


@pytest.mark.parametrize("key", sorted(REQUIRED))
def test_each_needed_setting_is_needed(key, journey, sandbox, settings):
    """Without it: times read as UTC put a session that is live in New York hours in the past
    (zone); the token is refused from the first call (scheme); page 0 is refused (page base).
    The attendee sees a live session under Past, or the misconfiguration page; never a 500."""
    sandbox.reset(dialects=dialect_names(key))
    configure(settings, key, without=REQUIRED[key])

    assert journey.sign_in("vip") == 302
    if REQUIRED[key] == "ACCELEVENTS_EVENT_TIMEZONE":
        card = f'id="session-card-{JOINED}"'
        assert card in agenda_showing(journey.client, JOINED, format="all", tab="past")
        assert card not in agenda_showing(journey.client, JOINED, format="all", tab="live")
        return
    response = journey.client.get("/")
    assert response.status_code == 503
    assert "isn't set up correctly" in response.content.decode()
