"""What a failed exchange means: the UpstreamError for an answer's status and body, for a
network failure, or for an answer that could not be read. Which one it is says what the caller
may conclude; above all, whether a join or unregister may have happened (an UpstreamTimeout,
settled by re-reading) or certainly did not (never sent, never connected, refused).
"""

import time
from typing import Any

import requests
from urllib3.exceptions import NewConnectionError

from . import errors
from .blame import Rules, misconfiguration
from .domain import CallInfo
from .retry_after import retry_after_seconds

MAX_TEXT_MESSAGE = 500
_UNREADABLE = "The event platform sent an answer the portal could not read."
_BROKEN_WRITE = "The connection to the event platform broke before it confirmed the request."

# Which statuses mean what, per kind of call (anything else 4xx is a plain UpstreamError).
_SIGN_IN_STATUSES = {400, 401, 403, 404, 406, 423}
_REFUSAL_STATUSES = {404, 406, 407}
_UNKNOWN_WRITE_STATUSES = {500, 502, 503, 504}


def status_error(response: requests.Response, meta: CallInfo, rules: Rules):
    """The error a non-2xx answer is, read as `rules` say for this call."""
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


def network_error(
    method: str, exc: requests.RequestException, request_id: str, started: float
) -> errors.UpstreamError:
    """The error a call that got no answer is; `started` is its time.monotonic() start."""
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


def unreadable(meta: CallInfo) -> errors.UpstreamUnavailable:
    """An answer whose body is not what the call returns."""
    return errors.UpstreamUnavailable(_UNREADABLE, **_fields(meta))


def unconfirmed_write(meta: CallInfo) -> errors.UpstreamTimeout:
    """A write's 200 whose body is not the API's (a proxy's HTML page): it does not prove the
    write happened, so the caller must re-read, as after a timeout."""
    return errors.UpstreamTimeout(_UNREADABLE, **_fields(meta))


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
