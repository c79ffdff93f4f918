"""`check_upstream`'s event and zone checks against the sandbox: an event refused to attendees
is read with the API key for the name and zone to set, and an event without a zone asks for
ACCELEVENTS_EVENT_TIMEZONE until it is set."""

import pytest

from tests.upstream.probe.probe_helpers import FULL_CHECK, checks, finding

pytestmark = pytest.mark.django_db


def test_an_event_refused_to_attendees_gets_its_name_id_and_zone_from_the_api_key(dialect):
    dialect("event-admin-only")
    code, body = checks(*FULL_CHECK)
    event = finding(body, "event")
    assert event["verdict"] == "contradicted" and not event["needed"]
    assert "403 4030201" in event["observed"]
    assert body["settings"] == [
        'PORTAL_EVENT_NAME="Aurora Product Summit"',
        "ACCELEVENTS_EVENT_TIMEZONE=America/New_York",
    ]
    assert code == 1, "the zone is needed"


def test_an_event_without_zone_asks_for_the_zone_setting(dialect, settings):
    dialect("event-without-zone")
    code, body = checks(*FULL_CHECK)
    zone = finding(body, "zone")
    assert (code, zone["verdict"], zone["needed"]) == (1, "contradicted", True)
    assert zone["settings"][0].startswith("ACCELEVENTS_EVENT_TIMEZONE=<")

    settings.ACCELEVENTS_EVENT_TIMEZONE = "America/New_York"
    code, body = checks(*FULL_CHECK)
    assert code == 0 and finding(body, "zone")["observed"].startswith("America/New_York from")
