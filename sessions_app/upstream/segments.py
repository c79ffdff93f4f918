"""Values placed into an upstream path stay inside their own segment.

`quote(safe="")` encodes `/`, `?`, `#` and `%`, but keeps dots: a value of `..` or `.` is a
dot segment that urllib3 resolves before sending, so `/u/loginUserByUserKey/..` became
`POST /u/`. An empty value drops the segment (`/u/loginUserByUserKey/` is another endpoint),
and control, format or space characters are stripped or split on by some servers and proxies.
Each is refused here, before any call is made (and before the circuit breaker is asked).
"""

import unicodedata
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from .errors import UpstreamNotFound

# Placeholders filled with what a visitor sent as text (a magic link's key): an answer to such
# a call says something about that value, never about the portal's settings.
VISITOR_PLACEHOLDERS = frozenset({"user_key"})
MAX_SEGMENT = 512


class UnsafePathValue(UpstreamNotFound):
    """A value that cannot be one path segment names nothing on the platform."""

    default_message = "That value cannot be sent to the event platform."


def path_segment(value: Any) -> str:
    """`value` percent-encoded as exactly one path segment; raises UnsafePathValue when it
    could not stay one (dot segments, empty, too long, control, format or space characters)."""
    text = str(value)
    if not text or len(text) > MAX_SEGMENT or not text.strip("."):
        raise UnsafePathValue()
    if any(char.isspace() or unicodedata.category(char)[0] == "C" for char in text):
        raise UnsafePathValue()
    return quote(text, safe="")


def fill(template: str, args: Mapping[str, Any]) -> str:
    """The path `template` with each placeholder replaced by its value, one segment each."""
    return template.format(**{name: path_segment(value) for name, value in args.items()})


def carries_visitor_value(args: Mapping[str, Any] | None) -> bool:
    return bool(args) and not VISITOR_PLACEHOLDERS.isdisjoint(args)
