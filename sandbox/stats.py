"""Process-wide request counter by method + path template (the sandbox runs as one process)."""

import re
import threading
from collections import Counter

from django.urls import Resolver404, resolve

_lock = threading.Lock()
_counts: Counter = Counter()


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


def snapshot() -> dict:
    with _lock:
        return dict(sorted(_counts.items()))


def reset() -> None:
    with _lock:
        _counts.clear()
