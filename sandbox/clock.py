"""The sandbox's one notion of "now": real time plus the offset tests can set.

A `/rest` request reads the offset once and pins "now" for its whole duration
(`pinned`), so every check in one request sees the same instant.
"""

import threading
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.utils import timezone

from sandbox.models import SandboxState

_pinned = threading.local()


def offset_seconds() -> float:
    value = SandboxState.objects.filter(pk=1).values_list("clock_offset_seconds", flat=True).first()
    return value or 0.0


def now() -> datetime:
    pinned = getattr(_pinned, "now", None)
    if pinned is not None:
        return pinned
    return timezone.now() + timedelta(seconds=offset_seconds())


@contextmanager
def pinned(offset: float):
    _pinned.now = timezone.now() + timedelta(seconds=offset)
    try:
        yield _pinned.now
    finally:
        _pinned.now = None


def set_offset(seconds: float) -> datetime:
    SandboxState.load()
    SandboxState.objects.filter(pk=1).update(clock_offset_seconds=float(seconds))
    return now()


def advance(seconds: float) -> datetime:
    return set_offset(offset_seconds() + float(seconds))
