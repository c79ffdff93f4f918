"""Process-wide request counter by method + path template (the sandbox runs as one process),
and the most `/rest` requests it has had in progress at once (the portal's parallel reads)."""

import re
import threading
from collections import Counter

from django.urls import Resolver404, resolve

_lock = threading.Lock()
_counts: Counter = Counter()
_in_flight = {"now": 0, "peak": 0}


def template_for(path: str) -> str:
    """`/rest/events/x/session/v2` → `/events/{eventurl}/session/v2`."""
    try:
        route = resolve(path).route
    except Resolver404:
        return path.removeprefix("/rest")
    route = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
    return "/" + route.removeprefix("rest/")


def record(method: str, path: str) -> None:
    key = f"{method} {template_for(path)}"
    with _lock:
        _counts[key] += 1


def started() -> None:
    with _lock:
        _in_flight["now"] += 1
        _in_flight["peak"] = max(_in_flight["peak"], _in_flight["now"])


def ended() -> None:
    with _lock:
        _in_flight["now"] -= 1


def snapshot() -> dict:
    with _lock:
        return dict(sorted(_counts.items()))


def peak_in_flight() -> int:
    with _lock:
        return _in_flight["peak"]


def reset() -> None:
    with _lock:
        _counts.clear()
        _in_flight["peak"] = _in_flight["now"]
