"""Writes an attendee need not wait for, made once their response has been sent.

A join's answer depends on the upstream's yes, not on the portal's record of it: the outcome
and the local registration are written after the response has gone out (Django's
`request_finished`, which the WSGI server sends when it closes the response), on the same
thread, before that thread takes its next request. The attempt itself was recorded before the
upstream call, so a process that dies in between leaves it unconfirmed for settling.py, as a
crash during the call would.

Outside a request (a management command, a background task, a thread of the pool that reads
lists) there is nothing to wait for, and the work runs at once. A database connection these
writes open after Django's own `request_finished` check is checked again when the thread's next
request starts, as any other.
"""

import logging
import threading

from django.core.signals import request_finished, request_started

log = logging.getLogger(__name__)
_pending = threading.local()


def after_response(job, *args, **kwargs) -> None:
    """Run `job(*args, **kwargs)` once this thread's response is sent; at once outside one."""
    queue = getattr(_pending, "queue", None)
    if queue is None:
        job(*args, **kwargs)
        return
    queue.append((job, args, kwargs))


def _open(**_) -> None:
    _run()  # left by a request whose response was never closed: late, but not lost
    _pending.queue = []


def _run(**_) -> None:
    queue, _pending.queue = getattr(_pending, "queue", None), None
    for job, args, kwargs in queue or ():
        try:
            job(*args, **kwargs)
        except Exception:  # one failed record must not stop the others; each says what it lost
            log.exception("a write after the response failed: %s", getattr(job, "__name__", job))


def connect() -> None:
    request_started.connect(_open, dispatch_uid="portal-after-response-open")
    request_finished.connect(_run, dispatch_uid="portal-after-response-run")
