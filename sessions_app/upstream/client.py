"""The one way the portal talks to Accelevents (or the sandbox): one method per endpoint, each
returning domain objects and raising only UpstreamError. What is assumed about each call (paths,
methods, page numbering, field names) is the Contract (contract.py); how a call is made
(timeouts, retries, the circuit breaker, the log line) is transport.py; the calls themselves,
by kind, are in calls/.
"""

import threading

from django.conf import settings

from .calls.accounts import AccountCalls
from .calls.event import EventCalls
from .calls.organizer import OrganizerCalls
from .calls.registrations import RegistrationCalls
from .calls.sessions import SessionCalls, ZoneLike, known_zone
from .contract import Contract, settings_key

__all__ = ["AccelEventsClient", "ZoneLike", "get_client", "known_zone"]


class AccelEventsClient(AccountCalls, EventCalls, SessionCalls, RegistrationCalls, OrganizerCalls):
    """Sign-in and the user, the event, the session lists, join and unregister, the organizer's
    list: every call the portal makes, on one Transport."""

    def __repr__(self) -> str:
        return f"AccelEventsClient(base_url={self.base_url!r}, event_url={self.event_url!r})"


_client: AccelEventsClient | None = None
_client_key: tuple | None = None
_client_lock = threading.Lock()


def get_client() -> AccelEventsClient:
    """The process-wide client, rebuilt when the upstream settings change (tests do that)."""
    global _client, _client_key
    key = settings_key(settings)
    with _client_lock:
        if _client is None or key != _client_key:
            _client, _client_key = AccelEventsClient(Contract.from_settings(settings)), key
        return _client
