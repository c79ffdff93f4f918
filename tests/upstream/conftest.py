"""Fixtures for the tests of the upstream client: a client on the freshly reset sandbox, two
signed-in attendees, and a record of every HTTP exchange the client made."""

import pytest
import requests

from sessions_app.upstream.client import AccelEventsClient
from tests.upstream.client_helpers import make_client, sign_in


@pytest.fixture
def api(sandbox) -> AccelEventsClient:
    return make_client(sandbox.api_url)


@pytest.fixture
def gina(api) -> str:
    """General admission, session limit 2, already registered for `hybrid-data`."""
    return sign_in(api, "general")


@pytest.fixture
def victor(api) -> str:
    """VIP, no session limit."""
    return sign_in(api, "vip")


@pytest.fixture
def spy(monkeypatch):
    """Every real request/response pair the client exchanged (wraps, does not replace, send)."""
    exchanged: list[requests.Response] = []
    send = requests.Session.send

    def recording_send(self, request, **kwargs):
        response = send(self, request, **kwargs)
        exchanged.append(response)
        return response

    monkeypatch.setattr(requests.Session, "send", recording_send)
    return exchanged
