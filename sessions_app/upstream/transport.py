"""How one call to the upstream is made.

Every call has an explicit (connect, read) timeout, clipped to what is left of the portal
request's time budget, and asks the host's circuit breaker first (gate.py, which hears back how
the call went); it gets a fresh `X-Request-ID` and leaves one log line naming the path
*template* (never the filled path, a token, a key or a body). Only GETs are retried
(connections.py); a join or unregister is never sent twice behind the caller's back. Answers
come back as JSON with a CallInfo; failures as the UpstreamError that says what the caller may
conclude (failures.py). With body.py, these are the only modules that import `requests`.
"""

import logging
import time
import uuid
from typing import Any
from urllib.parse import urlsplit

import requests

from . import errors, failures, segments
from .blame import Rules
from .body import read_body
from .circuit import CircuitBreaker
from .clock import note_upstream_date
from .connections import Connections
from .contract import Contract
from .domain import CallInfo
from .gate import Gate

logger = logging.getLogger("sessions_app.upstream")


class Transport:
    """Calls the named paths of one upstream, as its Contract says."""

    def __init__(self, contract: Contract | None = None, **fields):
        self.contract = contract or Contract(**fields)
        self.base_url = self.contract.base_url
        self.event_url = self.contract.event_url
        self.paths = {**self.contract.paths, "login": self.contract.login_path}
        self.timeout = (self.contract.connect_timeout, self.contract.read_timeout)
        self.get_retries = self.contract.get_retries
        self.gate = Gate(urlsplit(self.base_url).netloc, self.timeout, self.get_retries)
        self.connections = Connections(self.base_url, self.get_retries)

    @property
    def circuit(self) -> CircuitBreaker:
        return self.gate.circuit

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
        """One call, if the time budget and the circuit allow it (gate.py).

        `misconfigured` maps statuses that, for this call, mean the portal's settings are wrong
        to the setting(s) to check; the API key, the event slug and the HTTP method have rules
        of their own (blame.py). A path value that would leave its segment is refused here,
        before the gate is asked."""
        url, template = self._url(name, path_args or {}), self.paths[name]
        request_id = uuid.uuid4().hex
        visitor = segments.carries_visitor_value(path_args)
        rules = Rules(kind, api_key, misconfigured or {}, visitor_path=visitor)
        registers = kind == "refusal"
        with self.gate.admit(method, template, request_id, registers=registers) as timeout:
            headers = self._headers(request_id, token, api_key)
            response, meta = self.send(
                method, url, template, params=params, json=json, headers=headers, timeout=timeout
            )
            return self._answer(response, meta, rules, body)

    def _answer(
        self, response: requests.Response, meta: CallInfo, rules: Rules, body: bool
    ) -> tuple[Any, CallInfo]:
        """The JSON of a 2xx answer (None when the call returns no `body`), else its error."""
        if not 200 <= response.status_code < 300:
            raise failures.status_error(response, meta, rules)
        if not body:
            if response.content and "json" not in response.headers.get("Content-Type", ""):
                raise failures.unconfirmed_write(meta)
            return None, meta
        try:
            return response.json(), meta
        except ValueError:
            raise failures.unreadable(meta) from None

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
            response = self.connections.for_method(method).request(
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
            raise failures.network_error(method, exc, request_id, started) from None
        finally:
            latency_ms = round((time.monotonic() - started) * 1000)
            _log_call(method, path_template, status, latency_ms, request_id)
        note_upstream_date(response.headers.get("Date"))
        return response, CallInfo(response.status_code, request_id, latency_ms)

    def _parse(self, parser, meta: CallInfo, payload: Any, *args):
        try:
            return parser(payload, *args)
        except (ValueError, errors.UpstreamUnavailable):
            logger.warning("upstream answer unreadable request_id=%s", meta.request_id)
            raise failures.unreadable(meta) from None


def _log_call(
    method: str, template: str, status: int | str, latency_ms: int, request_id: str
) -> None:
    """The one line each call sent leaves: the path template, never the filled path."""
    logger.info(
        "upstream %s %s status=%s latency_ms=%d request_id=%s",
        method,
        template,
        status,
        latency_ms,
        request_id,
    )
