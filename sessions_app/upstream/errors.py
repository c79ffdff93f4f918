"""What can go wrong talking to the upstream, as one small exception hierarchy.

Every error carries the HTTP status (None when no response arrived), the upstream
`errorCode` and `errorMessage` (or a plain-English fallback), the request id the portal
sent as `X-Request-ID`, and the call's latency, so a view can show a message and a log
line can be matched with the upstream's own logs.
"""

import re
from enum import StrEnum


class RefusalReason(StrEnum):
    NOT_FOUND = "not_found"
    CAPACITY_FULL = "capacity_full"
    TICKET_TYPE = "ticket_type"
    SESSION_LIMIT = "session_limit"
    EXPIRED = "expired"
    NOT_REGISTERED_FOR_EVENT = "not_registered_for_event"
    OTHER = "other"


class UpstreamError(Exception):
    default_message = "The event platform returned an error."

    def __init__(
        self,
        message: str = "",
        *,
        status: int | None = None,
        code: str = "",
        request_id: str = "",
        latency_ms: int | None = None,
    ):
        self.message = message or self.default_message
        self.status = status
        self.code = code
        self.request_id = request_id
        self.latency_ms = latency_ms
        super().__init__(self.message)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(status={self.status!r}, code={self.code!r}, "
            f"message={self.message!r}, request_id={self.request_id!r})"
        )

    def __reduce__(self):
        # Pickled whole (a second click picks up the first one's error from the cache).
        return _rebuild, (type(self), self.__dict__)


def _rebuild(cls: type, state: dict) -> "UpstreamError":
    error = cls.__new__(cls)
    Exception.__init__(error, state.get("message", ""))
    error.__dict__.update(state)
    return error


class UpstreamNotFound(UpstreamError):
    default_message = "That could not be found on the event platform."


class UpstreamAuthError(UpstreamError):
    """The user's token (or the organization key) was refused: expired or invalid."""

    default_message = "Your sign-in has expired. Please sign in again."


class SignInRejected(UpstreamError):
    """Wrong password, unknown email, bad or used magic link, locked account."""

    default_message = "Those sign-in details were not accepted."


class UpstreamMisconfigured(UpstreamError):
    """The upstream's answer means the portal is set up wrongly for it (an unknown event, a
    path or method it does not have, a page parameter it rejects, a refused API key), not that
    it is down: waiting will not help, an organizer must change `setting`."""

    default_message = "The event platform does not recognise how this portal calls it."

    def __init__(self, message: str = "", *, setting: str = "", **kwargs):
        super().__init__(message, **kwargs)
        self.setting = setting

    def __repr__(self) -> str:
        return f"{super().__repr__()[:-1]}, setting={self.setting!r})"


class UpstreamRateLimited(UpstreamError):
    default_message = "The event platform is busy. Please try again in a moment."

    def __init__(self, message: str = "", *, retry_after: int | None = None, **kwargs):
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class UpstreamUnavailable(UpstreamError):
    """No usable answer: network failure, timeout, 5xx, or a body we cannot read."""

    default_message = "The event platform is not responding right now. Please try again."


class CallNotSent(UpstreamUnavailable):
    """A write not sent at all: less than its read timeout was left of the request's budget,
    and a write that times out has an unknown outcome. Trying again is safe."""

    default_message = "The event platform is answering too slowly to send this now."


class NeverConnected(CallNotSent):
    """A write whose connection was never made (refused, or no answer to connect): not sent."""

    default_message = "The event platform could not be reached."


class UpstreamTimeout(UpstreamUnavailable):
    """The request went out but no complete answer came back: a read timeout, or (for a
    write) a connection that broke after sending.

    For a write the outcome is UNKNOWN: it may have been applied. Re-read before telling
    the user anything.
    """

    default_message = "The event platform took too long to answer."


# Codes from docs/upstream-contract.md; 4060610/4060611 are our assumption, so the message
# patterns below are the fallback that keeps a real upstream with other codes mapped.
_REASON_BY_CODE = {
    "404800": RefusalReason.NOT_FOUND,
    "404801": RefusalReason.NOT_FOUND,
    "4060610": RefusalReason.CAPACITY_FULL,
    "4042005": RefusalReason.TICKET_TYPE,
    "4060611": RefusalReason.SESSION_LIMIT,
    "4072002": RefusalReason.EXPIRED,
    "4072003": RefusalReason.EXPIRED,
    "4068910": RefusalReason.NOT_REGISTERED_FOR_EVENT,
}
_REASON_BY_MESSAGE = (
    (re.compile(r"not yet registered for the event", re.I), RefusalReason.NOT_REGISTERED_FOR_EVENT),
    (re.compile(r"only permits registering for", re.I), RefusalReason.SESSION_LIMIT),
    (re.compile(r"capacity", re.I), RefusalReason.CAPACITY_FULL),
    (re.compile(r"does not (permit|grant) access", re.I), RefusalReason.TICKET_TYPE),
    (
        re.compile(r"time limit|expired|only available to users who watched", re.I),
        RefusalReason.EXPIRED,
    ),
    (re.compile(r"not found|not registered for this session", re.I), RefusalReason.NOT_FOUND),
)
_LIMIT = re.compile(r"only permits registering for\s+([0-9]{1,9})\s+session", re.I | re.ASCII)


def refusal_reason(status: int | None, code: str, message: str) -> RefusalReason:
    """Classify a join/unregister refusal: by errorCode, then message text, then status."""
    if reason := _REASON_BY_CODE.get(str(code).strip()):
        return reason
    for pattern, reason in _REASON_BY_MESSAGE:
        if pattern.search(message or ""):
            return reason
    if status == 404:
        return RefusalReason.NOT_FOUND
    if status == 407:  # the guide documents one meaning for 407: the time limit expired
        return RefusalReason.EXPIRED
    return RefusalReason.OTHER


def session_limit(message: str) -> int | None:
    """The `n` in "only permits registering for {n} sessions", if present."""
    match = _LIMIT.search(message or "")
    return int(match.group(1)) if match else None


class JoinRefused(UpstreamError):
    """The upstream said no to a join or unregister (404/406/407), with a reason."""

    default_message = "The event platform refused that request."

    def __init__(
        self,
        message: str = "",
        *,
        reason: RefusalReason | None = None,
        limit: int | None = None,
        **kwargs,
    ):
        super().__init__(message, **kwargs)
        self.reason = reason or refusal_reason(self.status, self.code, message)
        self.limit = limit if limit is not None else session_limit(message)

    def __repr__(self) -> str:
        return f"{super().__repr__()[:-1]}, reason={self.reason!r}, limit={self.limit!r})"
