"""When a request reached the server, so its upstream time budget counts from there.

A request queued behind busy threads has already spent part of what the attendee will wait.
nginx and HAProxy can stamp the arrival in `X-Request-Start` (`t=` followed by seconds,
milliseconds or microseconds since the epoch); it is believed only behind a trusted proxy
(TRUSTED_PROXY_HOPS), since anyone else could send any value. Without it, the budget counts
from when the worker took the request.
"""

import re
import time

from django.conf import settings

_STAMP = re.compile(r"^\s*(?:t=)?([0-9]{9,17}(?:\.[0-9]{1,6})?)\s*$", re.ASCII)
# Skew between the balancer's clock and ours beyond this means the stamp can't be used.
MAX_BELIEVED_WAIT = 3600.0


def arrived_at(request) -> float | None:
    """The arrival as a time.time() value, or None when there is no believable stamp."""
    if settings.TRUSTED_PROXY_HOPS < 1:
        return None
    match = _STAMP.match(request.META.get("HTTP_X_REQUEST_START", ""))
    if match is None:
        return None
    number = float(match[1])
    if number >= 1e14:  # microseconds (nginx's ${msec} is seconds with a fraction)
        number /= 1e6
    elif number >= 1e11:  # milliseconds
        number /= 1e3
    return number


def queued_seconds(request) -> float:
    """How long the request waited before the portal took it (0 when unknown)."""
    arrived = arrived_at(request)
    if arrived is None:
        return 0.0
    waited = time.time() - arrived
    return waited if 0.0 <= waited <= MAX_BELIEVED_WAIT else 0.0
