"""How one call to the upstream is made; the only module that imports `requests`.

Every call has an explicit (connect, read) timeout, clipped to what is left of the portal
request's time budget (budget.py), a fresh `X-Request-ID`, and one log line naming the
path *template* (never the filled path, a token, a key or a body). It asks the host's circuit
breaker first (circuit.py) and reports back how the call went. Only GETs are retried;
a join or unregister is never sent twice behind the caller's back. Answers come back as JSON
with a CallInfo; failures as the UpstreamError that says what the caller may conclude.
"""

import logging
import os
import threading
import time
import uuid
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import InvalidHeader, NewConnectionError
from urllib3.util.retry import Retry

from . import budget, errors, segments
from .blame import Rules, misconfiguration
from .body import read_body
from .circuit import CircuitBreaker, CircuitOpen, Permit
from .clock import note_upstream_date
from .contract import Contract
from .domain import CallInfo
from .retry_after import retry_after_seconds

logger = logging.getLogger("sessions_app.upstream")

USER_AGENT = "accelevents-attendee-portal/0.1"
POOL_SIZE = 20
# All retry sleeps of one GET together stay under this, whatever Retry-After says:
# the portal answers its own users within a time budget.
GET_RETRY_SLEEP_BUDGET = 2.0
# A call (or a retry) is not started with less than this left of the request's time budget.
MIN_CALL_SECONDS = 0.05
MIN_RETRY_SECONDS = 0.25
MAX_TEXT_MESSAGE = 500
_UNREADABLE = "The event platform sent an answer the portal could not read."
_BROKEN_WRITE = "The connection to the event platform broke before it confirmed the request."
_NO_TIME_LEFT = "The event platform is answering too slowly right now."

# Which statuses mean what, per kind of call (anything else 4xx is a plain UpstreamError).
_SIGN_IN_STATUSES = {400, 401, 403, 404, 406, 423}
_REFUSAL_STATUSES = {404, 406, 407}
_UNKNOWN_WRITE_STATUSES = {500, 502, 503, 504}


class _BudgetedRetry(Retry):
    """urllib3's Retry that also stops retrying, and sleeps less, as the portal request's time
    budget (budget.py) runs out."""

    def is_retry(self, method: str, status_code: int, has_retry_after: bool = False) -> bool:
        left = budget.remaining()
        if left is not None and left < MIN_RETRY_SECONDS:
            return False
        return super().is_retry(method, status_code, has_retry_after)

    def get_retry_after(self, response) -> float | None:
        try:
            seconds = super().get_retry_after(response)
        except InvalidHeader:  # unreadable: as if absent (retry_after.py)
            return None
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


def _http_session(retry: Retry, base_url: str) -> requests.Session:
    http = requests.Session()
    http.headers["User-Agent"] = USER_AGENT
    # The environment's proxy (HTTPS_PROXY, NO_PROXY) and CA bundle (REQUESTS_CA_BUNDLE), read
    # once here: with trust_env, requests reads them and ~/.netrc again on every call, about a
    # tenth of a cold page's CPU (docs/benchmarks.md). No .netrc: we send our own credentials.
    http.trust_env = False
    http.proxies = requests.utils.get_environ_proxies(base_url)
    http.verify = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True
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
    """(code, message) from an error body: JSON `errorCode`/`errorMessage` or `code`/`message`
    (the reference shows neither for certain), or a plain-text body taken as the message. HTML
    (a proxy's error page) says nothing about the refusal, so it gives no message."""
    try:
        body = response.json()
    except ValueError:
        return "", _text_message(response)
    if not isinstance(body, dict):
        return "", ""
    code = body.get("errorCode", body.get("code"))
    message = body.get("errorMessage", body.get("message"))
    return ("" if code is None else str(code)), (message if isinstance(message, str) else "")


def _text_message(response: requests.Response) -> str:
    if not response.headers.get("Content-Type", "").startswith("text/plain"):
        return ""
    return " ".join(response.text.split())[:MAX_TEXT_MESSAGE]


def _fields(meta: CallInfo) -> dict[str, Any]:
    return {"status": meta.status, "request_id": meta.request_id, "latency_ms": meta.latency_ms}


class Transport:
    """Calls the named paths of one upstream, as its Contract says."""

    def __init__(self, contract: Contract | None = None, **fields):
        self.contract = contract or Contract(**fields)
        self.base_url = self.contract.base_url
        self.event_url = self.contract.event_url
        self.paths = {**self.contract.paths, "login": self.contract.login_path}
        self.timeout = (self.contract.connect_timeout, self.contract.read_timeout)
        self.get_retries = self.contract.get_retries
        self.circuit = CircuitBreaker(urlsplit(self.base_url).netloc)
        self._local = threading.local()

    def _http(self, method: str) -> requests.Session:
        """Per-thread Sessions: retrying for GET, never-retrying for writes."""
        name = "reader" if method == "GET" else "writer"
        http = getattr(self._local, name, None)
        if http is None:
            # Writes: Retry(0) so a join or unregister is never sent twice behind our back.
            retry = _read_retry(self.get_retries) if method == "GET" else Retry(0, read=False)
            http = _http_session(retry, self.base_url)
            setattr(self._local, name, http)
        return http

    def _headers(self, request_id: str, token: str | None, api_key: bool) -> dict[str, str]:
        headers = {"X-Request-ID": request_id, "Accept": "application/json"}
        if token:
            name, value = self.contract.token_header(token)
            headers[name] = value
        if api_key:
            name, value = self.contract.api_key_header_value()
            headers[name] = value
        return headers

    def _url(self, name: str, path_args: dict[str, Any]) -> str:
        args = {"event_url": self.event_url, **path_args}
        return self.base_url + segments.fill(self.paths[name], args)

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
        misconfigured: dict[int, str] | None = None,
    ) -> tuple[Any, CallInfo]:
        """One call, if the time budget and the circuit allow it; its outcome feeds the circuit.

        `misconfigured` maps statuses that, for this call, mean the portal's settings are wrong
        to the setting(s) to check; the API key, the event slug and the HTTP method have rules
        of their own (blame.py). A path value that would leave its segment is refused here."""
        url = self._url(name, path_args or {})
        request_id = uuid.uuid4().hex
        timeout = self._timeout_left(method, name, request_id, registers=kind == "refusal")
        permit = self._admit(method, name, request_id)
        visitor = segments.carries_visitor_value(path_args)
        rules = Rules(kind, api_key, misconfigured or {}, visitor_path=visitor)
        try:
            result = self._exchange(
                method,
                url,
                self.paths[name],
                params=params,
                json=json,
                headers=self._headers(request_id, token, api_key),
                timeout=timeout,
                rules=rules,
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

    def _timeout_left(
        self, method: str, name: str, request_id: str, *, registers: bool = False
    ) -> tuple[float, float]:
        """(connect, read) clipped to the request's time budget; raises when it is spent.

        A join or unregister gets its whole read timeout or is not sent: cut short, it would
        time out with an outcome nobody knows, where not sending it is a plain "try again"."""
        if registers and method != "GET":
            return self._write_allowance(method, name, request_id)
        connect, read = (budget.clip(seconds) for seconds in self.timeout)
        if min(connect, read) < MIN_CALL_SECONDS:
            self._log_not_sent(method, name, "budget_spent", request_id)
            raise errors.UpstreamUnavailable(_NO_TIME_LEFT, request_id=request_id, latency_ms=0)
        return connect, read

    def _write_allowance(self, method: str, name: str, request_id: str) -> tuple[float, float]:
        connect, read = self.timeout
        left = budget.remaining()
        if left is None:
            return connect, read
        if left < read + MIN_CALL_SECONDS:
            self._log_not_sent(method, name, "budget_short", request_id)
            raise errors.CallNotSent(request_id=request_id, latency_ms=0)
        return min(connect, left - read), read

    def _admit(self, method: str, name: str, request_id: str) -> Permit:
        connect, read = self.timeout
        probe_seconds = (connect + read) * (self.get_retries + 1) + GET_RETRY_SLEEP_BUDGET
        try:
            return self.circuit.before_call(probe_seconds=probe_seconds)
        except CircuitOpen as refused:
            refused.request_id, refused.latency_ms = request_id, 0
            self._log_not_sent(method, name, "circuit_open", request_id)
            raise

    def _log_not_sent(self, method: str, name: str, why: str, request_id: str) -> None:
        logger.info(
            "upstream %s %s status=%s latency_ms=0 request_id=%s",
            method,
            self.paths[name],
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
        rules: Rules,
        body: bool,
    ) -> tuple[Any, CallInfo]:
        response, meta = self.send(
            method, url, path_template, params=params, json=json, headers=headers, timeout=timeout
        )
        if not 200 <= response.status_code < 300:
            raise self._status_error(response, meta, rules)
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

    def send(
        self,
        method: str,
        url: str,
        path_template: str,
        *,
        params: dict[str, Any] | None,
        json: Any,
        headers: dict[str, str],
        timeout: tuple[float, float],
    ) -> tuple[requests.Response, CallInfo]:
        """One HTTP exchange and its log line; network failures become UpstreamErrors. The
        circuit, the budget and the meaning of the status are the caller's."""
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
                stream=True,  # the body is read against a deadline (body.py)
            )
            status = response.status_code
            read_body(response, timeout[1])
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
        return response, CallInfo(response.status_code, request_id, latency_ms)

    def _network_error(
        self, method: str, exc: requests.RequestException, request_id: str, started: float
    ) -> errors.UpstreamError:
        fields = {
            "request_id": request_id,
            "latency_ms": round((time.monotonic() - started) * 1000),
        }
        if _never_connected(exc):
            never = errors.UpstreamUnavailable if method == "GET" else errors.NeverConnected
            return never(**fields)
        if isinstance(exc, requests.Timeout):
            return errors.UpstreamTimeout(**fields)
        if method != "GET":
            # The request may have arrived before the connection broke: as with a timeout,
            # nobody knows whether the join/unregister happened, so say so.
            return errors.UpstreamTimeout(_BROKEN_WRITE, **fields)
        return errors.UpstreamUnavailable(**fields)

    @staticmethod
    def _status_error(response: requests.Response, meta: CallInfo, rules: Rules):
        status, kind = response.status_code, rules.kind
        code, message = _error_fields(response)
        fields = {"status": status, "code": code, "request_id": meta.request_id}
        fields["latency_ms"] = meta.latency_ms
        if setting := misconfiguration(status, code, message, rules):
            return errors.UpstreamMisconfigured(message, setting=setting, **fields)
        if status == 429:
            return errors.UpstreamRateLimited(
                message,
                retry_after=retry_after_seconds(response.headers.get("Retry-After")),
                **fields,
            )
        if status in _UNKNOWN_WRITE_STATUSES and response.request.method != "GET":
            # A gateway's or the server's error after the write was sent: it may still have
            # happened (accepted, then a 502/503 on the way back, a 504 while it ran).
            return errors.UpstreamTimeout(message, **fields)
        if status >= 500 or status < 400:
            return errors.UpstreamUnavailable(**fields)
        by_visitor = rules.visitor_path  # any refusal is about the visitor's value
        if kind == "sign_in" and (status in _SIGN_IN_STATUSES or code == "4010102" or by_visitor):
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
