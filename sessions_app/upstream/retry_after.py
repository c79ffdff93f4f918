"""The upstream's Retry-After, read as RFC 9110 writes it (seconds, or an HTTP date), and
anything else as no Retry-After at all: a header nobody can read must not break the answer it
came with (`"²".isdigit()` is True, and `int("²")` raises)."""

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from .digits import ascii_int


def retry_after_seconds(value: str | None) -> int | None:
    value = (value or "").strip()
    if (seconds := ascii_int(value)) is not None:
        return seconds
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if moment.tzinfo is None:  # "-0000": RFC 5322's "UTC, zone unknown"
        moment = moment.replace(tzinfo=UTC)
    return max(0, round((moment - datetime.now(UTC)).total_seconds()))
