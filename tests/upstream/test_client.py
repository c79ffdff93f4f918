"""The process-wide client: one for the whole process, rebuilt when the upstream settings
change, and calling the upstream those settings name. Each kind of call has its own tests in
tests/upstream/calls/; how a call is made, in test_transport.py and test_connections.py."""

from sandbox.demo import EVENT_URL
from sessions_app.upstream import client as client_module
from sessions_app.upstream.client import get_client


def test_get_client_follows_settings(settings, sandbox):
    first = get_client()
    assert get_client() is first
    assert first.base_url == sandbox.api_url and first.event_url == EVENT_URL

    settings.UPSTREAM_READ_TIMEOUT = 0.5
    settings.ACCELEVENTS_AUTH_SCHEME = "Bearer"
    rebuilt = get_client()

    assert rebuilt is not first
    assert rebuilt.timeout[1] == 0.5 and rebuilt.contract.auth_scheme == "Bearer"
    assert client_module.get_client() is rebuilt
    assert rebuilt.event().url == EVENT_URL
