"""Process-wide request counter by method + path template (the sandbox runs as one process),
the bytes of the answers' bodies (what a portal pays the upstream in
transfer), and the most `/rest` requests it has had in progress at once."""

import re
import threading
from collections import Counter

from django.urls import Resolver404, resolve

_lock = threading.Lock()
_counts: Counter = Counter()
_in_flight = {"now": 0, "peak": 0}
_bytes: Counter = Counter()


def template_for(path: str) -> str:
    """`/rest/events/x/session/v2` → `/events/{eventurl}/session/v2`."""
    try:
        route = resolve(path).route
    except Resolver404:
        return path.removeprefix("/rest")
    route = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
    return "/" + route.removeprefix("rest/")


def record(method: str, path: str) -> str:
    key = f"{method} {template_for(path)}"
    with _lock:
        _counts[key] += 1
    return key


def record_bytes(key: str, size: int) -> None:
    with _lock:
        _bytes[key] += size


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


def bytes_snapshot() -> dict:
    with _lock:
        return dict(sorted(_bytes.items()))


def reset() -> None:
    with _lock:
        _counts.clear()
        _in_flight["peak"] = _in_flight["now"]
        _bytes.clear()
