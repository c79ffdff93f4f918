"""The one way the portal talks to Accelevents (or the sandbox): one method per endpoint, each
returning domain objects and raising only UpstreamError. How a call is made (timeouts,
retries, the circuit breaker, the log line) is sessions_app.upstream.transport.
"""

import threading
from collections.abc import Iterable
from datetime import date, tzinfo
from typing import Any

from django.conf import settings

from .domain import CallInfo, Event, HostSession, Profile, Session, SessionPage, SignIn, zone
from .transport import Transport

# Status per docs/upstream-contract.md: DOC = documented by Accelevents, ASSUMED = ours.
PATHS = {
    "login": "/u/loginSignUp/{event_url}",  # DOC path, ASSUMED body
    "login_by_key": "/u/loginUserByUserKey/{user_key}",  # DOC
    "profile": "/u/myprofile",  # DOC
    "event": "/events/{event_url}",  # DOC path, ASSUMED auth
    "sessions": "/events/{event_url}/session/v2",  # DOC
    "session": "/events/{event_url}/session/v2/{session_id}",  # DOC
    "join": "/events/{event_url}/session/{session_id}/register/{ticket_id}",  # ASSUMED path
    "unregister": "/events/{event_url}/session/{session_id}/register/{ticket_id}",  # ASSUMED
    "registered": "/events/{event_url}/user-session/registered",  # DOC
    "host_sessions": "/host/event/{event_url}/session",  # DOC path, ASSUMED shape
}

SESSION_EXPAND = "SPEAKER,TRACK,TAG,SESSION_STATS"
REGISTERED_PAGE_SIZE = 100
REGISTERED_MAX_PAGES = 20


class AccelEventsClient(Transport):
    paths = PATHS

    def __repr__(self) -> str:
        return f"AccelEventsClient(base_url={self.base_url!r}, event_url={self.event_url!r})"

    # --- sign-in and the user ------------------------------------------------------------

    def sign_in(self, email: str, password: str) -> SignIn:
        body = {"email": email, "password": password}
        payload, meta = self._call("POST", "login", json=body, kind="sign_in")
        return self._parse(SignIn.from_api, meta, payload)

    def sign_in_with_key(self, user_key: str) -> SignIn:
        payload, meta = self._call("POST", "login_by_key", {"user_key": user_key}, kind="sign_in")
        return self._parse(SignIn.from_api, meta, payload)

    def profile(self, token: str) -> Profile:
        payload, meta = self._call("GET", "profile", token=token)
        return self._parse(Profile.from_api, meta, payload)

    def event(self, token: str | None = None) -> Event:
        payload, meta = self._call("GET", "event", token=token)
        return self._parse(Event.from_api, meta, payload)

    # --- sessions ------------------------------------------------------------------------

    def sessions(
        self,
        token: str,
        *,
        tz: tzinfo | str,
        page: int = 0,
        size: int = 100,
        session_format: str | None = None,
        past: bool | None = None,
        track_ids: Iterable[int] = (),
        tag_ids: Iterable[int] = (),
        filter_date: date | None = None,
    ) -> SessionPage:
        params: dict[str, Any] = {"page": page, "size": size, "expand": SESSION_EXPAND}
        if session_format:
            params["sessionFormat"] = str(session_format)
        if past is not None:
            params["past"] = "true" if past else "false"
        if track_ids := ",".join(str(int(i)) for i in track_ids):
            params["trackIds"] = track_ids
        if tag_ids := ",".join(str(int(i)) for i in tag_ids):
            params["tagIds"] = tag_ids
        if filter_date is not None:
            params["filterDate"] = filter_date.strftime("%Y/%m/%d")
        payload, meta = self._call("GET", "sessions", params=params, token=token)
        return self._parse(SessionPage.from_api, meta, payload, zone(tz))

    def session(self, token: str, session_id: int, *, tz: tzinfo | str) -> Session:
        params = {"expand": SESSION_EXPAND}
        path_args = {"session_id": int(session_id)}
        payload, meta = self._call("GET", "session", path_args, params=params, token=token)
        return self._parse(Session.from_api, meta, payload, zone(tz))

    def registered_sessions(self, token: str, *, tz: tzinfo | str) -> SessionPage:
        """All the caller's registrations, every page (the upstream's default page is 10), and
        complete or not at all: a missing item would make the portal say "not registered" (and
        settle a timed-out join wrongly)."""
        sessions: list[Session] = []
        for page_number in range(REGISTERED_MAX_PAGES):
            params = {"expand": SESSION_EXPAND, "page": page_number, "size": REGISTERED_PAGE_SIZE}
            payload, meta = self._call("GET", "registered", params=params, token=token)
            page = self._parse(SessionPage.from_api, meta, payload, zone(tz))
            if page.skipped:
                raise self._unreadable(meta)
            sessions.extend(page.sessions)
            if len(page.sessions) < REGISTERED_PAGE_SIZE or len(sessions) >= page.filtered:
                break
        return SessionPage(tuple(sessions), total=page.total, filtered=page.filtered)

    def join(self, token: str, session_id: int, ticket_id: int) -> CallInfo:
        path_args = {"session_id": int(session_id), "ticket_id": int(ticket_id)}
        _, meta = self._call("POST", "join", path_args, token=token, kind="refusal", body=False)
        return meta

    def unregister(self, token: str, session_id: int, ticket_id: int) -> CallInfo:
        path_args = {"session_id": int(session_id), "ticket_id": int(ticket_id)}
        _, meta = self._call(
            "DELETE", "unregister", path_args, token=token, kind="refusal", body=False
        )
        return meta

    def host_sessions(
        self, *, tz: tzinfo | str, page: int = 0, size: int = 100
    ) -> tuple[list[HostSession], int]:
        params = {"expand": "registerdHolderUsers", "page": page, "size": size}
        payload, meta = self._call("GET", "host_sessions", params=params, api_key=True)
        return self._parse(HostSession.page_from_api, meta, payload, zone(tz))


_client: AccelEventsClient | None = None
_client_key: tuple | None = None
_client_lock = threading.Lock()


def _settings_key() -> tuple:
    return (
        settings.ACCELEVENTS_API_BASE_URL,
        settings.ACCELEVENTS_EVENT_URL,
        settings.ACCELEVENTS_AUTH_HEADER,
        settings.ACCELEVENTS_AUTH_SCHEME,
        settings.ACCELEVENTS_API_KEY,
        settings.ACCELEVENTS_API_KEY_HEADER,
        settings.UPSTREAM_CONNECT_TIMEOUT,
        settings.UPSTREAM_READ_TIMEOUT,
        settings.UPSTREAM_GET_RETRIES,
    )


def get_client() -> AccelEventsClient:
    """The process-wide client, rebuilt when the upstream settings change (tests do that)."""
    global _client, _client_key
    key = _settings_key()
    with _client_lock:
        if _client is None or key != _client_key:
            names = (
                "base_url",
                "event_url",
                "auth_header",
                "auth_scheme",
                "api_key",
                "api_key_header",
                "connect_timeout",
                "read_timeout",
                "get_retries",
            )
            _client, _client_key = AccelEventsClient(**dict(zip(names, key, strict=True))), key
        return _client
