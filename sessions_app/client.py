"""The one way the portal talks to Accelevents (or the sandbox). Only this module imports
`requests`; everything it returns is a domain object, everything it raises an UpstreamError.

Every call has an explicit (connect, read) timeout, clipped to what is left of the portal
request's time budget (sessions_app.budget), a fresh `X-Request-ID`, and one log line naming the
path *template* (never the filled path, a token, a key or a body). It asks the host's circuit
breaker first (sessions_app.circuit) and reports back how the call went.
Only GETs are retried; a join or unregister is never sent twice behind the caller's back.
"""

import logging
import threading
import time
import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime, tzinfo
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import quote, urlsplit

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.exceptions import NewConnectionError
from urllib3.util.retry import Retry

from . import budget, errors
from .circuit import CircuitBreaker, CircuitOpen, Permit
from .clock import note_upstream_date
from .domain import (
    CallInfo,
    Event,
    HostSession,
    Profile,
    Session,
    SessionPage,
    SignIn,
    zone,
)

logger = logging.getLogger("sessions_app.upstream")

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
USER_AGENT = "accelevents-attendee-portal/0.1"
POOL_SIZE = 20
# All retry sleeps of one GET together stay under this, whatever Retry-After says:
# the portal answers its own users within a time budget.
GET_RETRY_SLEEP_BUDGET = 2.0
# A call (or a retry) is not started with less than this left of the request's time budget.
MIN_CALL_SECONDS = 0.05
MIN_RETRY_SECONDS = 0.25
_UNREADABLE = "The event platform sent an answer the portal could not read."
_BROKEN_WRITE = "The connection to the event platform broke before it confirmed the request."
_NO_TIME_LEFT = "The event platform is answering too slowly right now."

# Which statuses mean what, per kind of call (anything else 4xx is a plain UpstreamError).
_SIGN_IN_STATUSES = {400, 401, 403, 404, 406, 423}
_REFUSAL_STATUSES = {404, 406, 407}


class _BudgetedRetry(Retry):
    """urllib3's Retry that also stops retrying, and sleeps less, as the portal request's time
    budget (sessions_app.budget) runs out."""

    def is_retry(self, method: str, status_code: int, has_retry_after: bool = False) -> bool:
        left = budget.remaining()
        if left is not None and left < MIN_RETRY_SECONDS:
            return False
        return super().is_retry(method, status_code, has_retry_after)

    def get_retry_after(self, response) -> float | None:
        seconds = super().get_retry_after(response)
        return None if seconds is None else budget.clip(seconds, keep=MIN_RETRY_SECONDS)

    def get_backoff_time(self) -> float:
        return budget.clip(super().get_backoff_time(), keep=MIN_RETRY_SECONDS)


def _read_retry(retries: int) -> Retry:
    per_sleep = GET_RETRY_SLEEP_BUDGET / max(retries, 1)
    return _BudgetedRetry(
        total=retries,
        # A read timeout already spent the budget, and a retry would double it. False (not 0)
        # re-raises the original error, so a timeout stays a ReadTimeout.
        read=False,
        backoff_factor=0.2,
        backoff_max=per_sleep,
        backoff_jitter=0.2,
        retry_after_max=per_sleep,
        status_forcelist=(429, 502, 503, 504),
        allowed_methods={"GET"},
        respect_retry_after_header=True,
        raise_on_status=False,
        raise_on_redirect=False,
        redirect=0,
    )


def _http_session(retry: Retry) -> requests.Session:
    http = requests.Session()
    http.headers["User-Agent"] = USER_AGENT
    adapter = HTTPAdapter(pool_connections=4, pool_maxsize=POOL_SIZE, max_retries=retry)
    http.mount("http://", adapter)
    http.mount("https://", adapter)
    return http


def _never_connected(exc: requests.RequestException) -> bool:
    """True when the failure happened before a connection existed, so nothing was sent."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    cause = exc.args[0] if exc.args else None
    return isinstance(getattr(cause, "reason", cause), NewConnectionError)


def _error_fields(response: requests.Response) -> tuple[str, str]:
    """(code, message) from a JSON error body, tolerating other shapes."""
    try:
        body = response.json()
    except ValueError:
        return "", ""
    if not isinstance(body, dict):
        return "", ""
    code = body.get("errorCode", body.get("code"))
    message = body.get("errorMessage", body.get("message"))
    return ("" if code is None else str(code)), (message if isinstance(message, str) else "")


def _fields(meta: CallInfo) -> dict[str, Any]:
    return {"status": meta.status, "request_id": meta.request_id, "latency_ms": meta.latency_ms}


def _retry_after(response: requests.Response) -> int | None:
    value = (response.headers.get("Retry-After") or "").strip()
    if value.isdigit():
        return int(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0, round((moment - datetime.now(UTC)).total_seconds()))


class AccelEventsClient:
    def __init__(
        self,
        *,
        base_url: str,
        event_url: str,
        auth_header: str = "Authorization",
        auth_scheme: str = "",
        api_key: str = "",
        api_key_header: str = "Authorization",
        connect_timeout: float = 3.05,
        read_timeout: float = 5.0,
        get_retries: int = 2,
    ):
        self.base_url = base_url.rstrip("/")
        self.event_url = event_url
        self.auth_header = auth_header
        self.auth_scheme = auth_scheme.strip()
        self.api_key = api_key
        self.api_key_header = api_key_header
        self.timeout = (connect_timeout, read_timeout)
        self.get_retries = get_retries
        self.circuit = CircuitBreaker(urlsplit(self.base_url).netloc)
        self._local = threading.local()

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

    # --- plumbing ------------------------------------------------------------------------

    def _http(self, method: str) -> requests.Session:
        """Per-thread Sessions: retrying for GET, never-retrying for writes."""
        name = "reader" if method == "GET" else "writer"
        http = getattr(self._local, name, None)
        if http is None:
            # Writes: Retry(0) so a join or unregister is never sent twice behind our back.
            retry = _read_retry(self.get_retries) if method == "GET" else Retry(0, read=False)
            http = _http_session(retry)
            setattr(self._local, name, http)
        return http

    def _headers(self, request_id: str, token: str | None, api_key: bool) -> dict[str, str]:
        headers = {"X-Request-ID": request_id, "Accept": "application/json"}
        if token:
            prefix = f"{self.auth_scheme} " if self.auth_scheme else ""
            headers[self.auth_header] = f"{prefix}{token}"
        if api_key:
            headers[self.api_key_header] = self.api_key
        return headers

    def _url(self, name: str, path_args: dict[str, Any]) -> str:
        args = {"event_url": self.event_url, **path_args}
        quoted = {key: quote(str(value), safe="") for key, value in args.items()}
        return self.base_url + PATHS[name].format(**quoted)

    def _call(
        self,
        method: str,
        name: str,
        path_args: dict[str, Any] | None = None,
        *,
        params: dict[str, Any] | None = None,
        json: Any = None,
        token: str | None = None,
        api_key: bool = False,
        kind: str = "read",
        body: bool = True,
    ) -> tuple[Any, CallInfo]:
        """One call, if the time budget and the circuit allow it; its outcome feeds the circuit."""
        request_id = uuid.uuid4().hex
        timeout = self._timeout_left(method, name, request_id)
        permit = self._admit(method, name, request_id)
        try:
            result = self._exchange(
                method,
                self._url(name, path_args or {}),
                PATHS[name],
                params=params,
                json=json,
                headers=self._headers(request_id, token, api_key),
                timeout=timeout,
                kind=kind,
                body=body,
            )
        except (errors.UpstreamUnavailable, errors.UpstreamRateLimited):
            self.circuit.record(permit, healthy=False)
            raise
        except errors.UpstreamError:
            self.circuit.record(permit, healthy=True)  # the host answered, just not yes
            raise
        self.circuit.record(permit, healthy=True)
        return result

    def _timeout_left(self, method: str, name: str, request_id: str) -> tuple[float, float]:
        """(connect, read) clipped to the request's time budget; raises when it is spent."""
        connect, read = (budget.clip(seconds) for seconds in self.timeout)
        if min(connect, read) < MIN_CALL_SECONDS:
            self._log_not_sent(method, name, "budget_spent", request_id)
            raise errors.UpstreamUnavailable(_NO_TIME_LEFT, request_id=request_id, latency_ms=0)
        return connect, read

    def _admit(self, method: str, name: str, request_id: str) -> Permit:
        connect, read = self.timeout
        probe_seconds = (connect + read) * (self.get_retries + 1) + GET_RETRY_SLEEP_BUDGET
        try:
            return self.circuit.before_call(probe_seconds=probe_seconds)
        except CircuitOpen as refused:
            refused.request_id, refused.latency_ms = request_id, 0
            self._log_not_sent(method, name, "circuit_open", request_id)
            raise

    @staticmethod
    def _log_not_sent(method: str, name: str, why: str, request_id: str) -> None:
        logger.info(
            "upstream %s %s status=%s latency_ms=0 request_id=%s",
            method,
            PATHS[name],
            why,
            request_id,
        )

    def _exchange(
        self,
        method: str,
        url: str,
        path_template: str,
        *,
        params: dict[str, Any] | None,
        json: Any,
        headers: dict[str, str],
        timeout: tuple[float, float],
        kind: str,
        body: bool,
    ) -> tuple[Any, CallInfo]:
        request_id = headers["X-Request-ID"]
        started = time.monotonic()
        status: int | str = "-"
        try:
            response = self._http(method).request(
                method,
                url,
                params=params,
                json=json,
                headers=headers,
                timeout=timeout,
                allow_redirects=False,
            )
            status = response.status_code
        except requests.RequestException as exc:
            status = type(exc).__name__
            raise self._network_error(method, exc, request_id, started) from None
        finally:
            latency_ms = round((time.monotonic() - started) * 1000)
            logger.info(
                "upstream %s %s status=%s latency_ms=%d request_id=%s",
                method,
                path_template,
                status,
                latency_ms,
                request_id,
            )
        note_upstream_date(response.headers.get("Date"))
        meta = CallInfo(status=response.status_code, request_id=request_id, latency_ms=latency_ms)
        if not 200 <= response.status_code < 300:
            raise self._status_error(response, meta, kind)
        if not body:
            if response.content and "json" not in response.headers.get("Content-Type", ""):
                # A 200 whose body is not the API's (a proxy's HTML page) does not prove the
                # write happened: the caller must re-read, as after a timeout.
                raise errors.UpstreamTimeout(_UNREADABLE, **_fields(meta))
            return None, meta
        try:
            return response.json(), meta
        except ValueError:
            raise self._unreadable(meta) from None

    def _network_error(
        self, method: str, exc: requests.RequestException, request_id: str, started: float
    ) -> errors.UpstreamError:
        fields = {
            "request_id": request_id,
            "latency_ms": round((time.monotonic() - started) * 1000),
        }
        if _never_connected(exc):
            return errors.UpstreamUnavailable(**fields)
        if isinstance(exc, requests.Timeout):
            return errors.UpstreamTimeout(**fields)
        if method != "GET":
            # The request may have arrived before the connection broke: as with a timeout,
            # nobody knows whether the join/unregister happened, so say so.
            return errors.UpstreamTimeout(_BROKEN_WRITE, **fields)
        return errors.UpstreamUnavailable(**fields)

    @staticmethod
    def _status_error(response: requests.Response, meta: CallInfo, kind: str):
        status = response.status_code
        code, message = _error_fields(response)
        fields = {"status": status, "code": code, "request_id": meta.request_id}
        fields["latency_ms"] = meta.latency_ms
        if status == 429:
            return errors.UpstreamRateLimited(message, retry_after=_retry_after(response), **fields)
        if status == 504 and response.request.method != "GET":
            # A gateway gave up waiting: the write may still have happened upstream.
            return errors.UpstreamTimeout(message, **fields)
        if status >= 500 or status < 400:
            return errors.UpstreamUnavailable(**fields)
        if kind == "sign_in" and (status in _SIGN_IN_STATUSES or code == "4010102"):
            return errors.SignInRejected(message, **fields)
        if status in (401, 403):
            return errors.UpstreamAuthError(message, **fields)
        if kind == "refusal" and status in _REFUSAL_STATUSES:
            return errors.JoinRefused(message, **fields)
        if status == 404:
            return errors.UpstreamNotFound(message, **fields)
        return errors.UpstreamError(message, **fields)

    @staticmethod
    def _unreadable(meta: CallInfo) -> errors.UpstreamUnavailable:
        return errors.UpstreamUnavailable(_UNREADABLE, **_fields(meta))

    def _parse(self, parser, meta: CallInfo, payload: Any, *args):
        try:
            return parser(payload, *args)
        except (ValueError, errors.UpstreamUnavailable):
            logger.warning("upstream answer unreadable request_id=%s", meta.request_id)
            raise self._unreadable(meta) from None


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
