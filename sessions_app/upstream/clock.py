"""The upstream decides whether a session is live, so the portal reads time on the upstream's
clock: the skew between our clock and the upstream's HTTP ``Date`` header is tracked from every
response and applied to "now". With no answer yet, or an implausible header, the skew is 0."""

import time
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

MAX_PLAUSIBLE_SKEW = 7 * 24 * 3600
NOISE_SECONDS = 2
_state = {"skew": 0.0}


def note_upstream_date(date_header: str | None, *, received_at: float | None = None) -> None:
    if not date_header:
        return
    try:
        upstream = parsedate_to_datetime(date_header).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return
    skew = upstream - (time.time() if received_at is None else received_at)
    # Date has one-second resolution: ignore sub-second noise so "now" doesn't jitter.
    if abs(skew) <= MAX_PLAUSIBLE_SKEW:
        _state["skew"] = _steadier(_state["skew"], 0.0 if abs(skew) < 2 else skew)


def _steadier(current: float, measured: float) -> float:
    """A measurement reads up to a second (plus the answer's latency) below the true skew, as
    Date drops the fraction: within that noise the larger is kept, so the upstream's "now"
    never steps back between two stamps (reconciliation compares them, reconcile/apply.py)."""
    return current if current - NOISE_SECONDS < measured < current else measured


def upstream_now() -> datetime:
    return datetime.now(UTC) + timedelta(seconds=_state["skew"])


def upstream_time(timestamp: float) -> datetime:
    """A moment of our clock (time.time()) on the upstream's clock."""
    return datetime.fromtimestamp(timestamp, UTC) + timedelta(seconds=_state["skew"])


def our_time(moment: datetime) -> datetime:
    """A moment of the upstream's clock on ours (to compare with what Django stamped itself,
    such as an `auto_now_add` field)."""
    return moment - timedelta(seconds=_state["skew"])
