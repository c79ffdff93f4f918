"""`check_upstream`'s `hub` row against the sandbox: it counts the listed sessions with chat, polls
or Q&A on and names the hub address of one to open (the API can't confirm a web page), never
blocking the check; with the setting empty it says no links are shown."""

import pytest

from sandbox.demo import SESSION_IDS
from tests.upstream.probe.probe_helpers import FULL_CHECK, checks, finding

pytestmark = pytest.mark.django_db


def test_the_row_names_one_sessions_hub_address_to_open_and_blocks_nothing(sandbox, settings):
    settings.ACCELEVENTS_HUB_SESSION_URL = "https://hub.example/{event_url}/s/{session_id}"
    code, body = checks(*FULL_CHECK)
    row = finding(body, "hub")
    assert (code, row["verdict"], row["needed"]) == (0, "could not tell", False)
    counted, opened = row["observed"].split("; open ")
    on, listed = (int(n) for n in counted.split(" listed")[0].split(" of "))
    assert 0 < on < listed, "the demo has sessions with the rooms on and off"
    session_id = int(opened.split("/s/")[1].split()[0])
    assert session_id in SESSION_IDS.values()
    assert opened.startswith(f"https://hub.example/{settings.ACCELEVENTS_EVENT_URL}/s/")


def test_with_the_setting_empty_the_row_says_no_links_are_shown(sandbox, settings):
    settings.ACCELEVENTS_HUB_SESSION_URL = ""
    code, body = checks(*FULL_CHECK)
    assert code == 0
    assert "no links are shown" in finding(body, "hub")["observed"]
