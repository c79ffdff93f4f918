"""One upstream call per attendee, action and session at a time: a double click or a second tab
waits for the first call's answer (and gets it, whatever it was: a refusal, a sign-in to redo)
instead of making a second upstream call."""

import time
from collections.abc import Callable

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from sessions_app.identity import Viewer
from sessions_app.locks import CacheLock
from sessions_app.models import JoinAttempt
from sessions_app.upstream import budget
from sessions_app.upstream.errors import UpstreamAuthError, UpstreamError, UpstreamMisconfigured

IN_FLIGHT_SECONDS = 30
RESULT_SECONDS = 10  # how long a second click can still pick up the first one's result
STILL_PROCESSING = {
    JoinAttempt.Action.JOIN: _("Your join is still being processed. Please wait a moment."),
    JoinAttempt.Action.RESERVE: _(
        "Your reservation is still being processed. Please wait a moment."
    ),
    JoinAttempt.Action.UNREGISTER: _(
        "Leaving the session is still being processed. Please wait a moment."
    ),
}


def one_call_at_a_time(viewer: Viewer, session_id: int, action: str, call: Callable, failed):
    """`call()`'s result, or the one a concurrent click's call had (`failed`: the result a
    waiting click gets when the call raised something other than a sign-in to redo)."""
    lock = CacheLock(f"portal:inflight:u{viewer.upstream_user_id}:{action}:{session_id}", 30)
    if not lock.acquire():
        holder = cache.get(lock.key)  # the token of the click whose call is in flight
        if holder is not None:
            return _await_result(_result_key(lock.key, holder), action, failed)
        if not lock.acquire():  # it ended just now: this click calls, unless another got in
            return _await_result(_result_key(lock.key, cache.get(lock.key)), action, failed)
    result_key = _result_key(lock.key, lock.token)  # this click's own: no earlier one's is read
    try:  # from here on, every way out releases the lock
        result = call()
    except (UpstreamAuthError, UpstreamMisconfigured) as raised:
        _hand_over(lock, result_key, raised)
        raise
    except BaseException:
        _hand_over(lock, result_key, failed)
        raise
    _hand_over(lock, result_key, result)  # a waiting click gets it, as this one does
    return result


def _result_key(lock_key: str, token) -> str:
    return f"{lock_key}:result:{token}"


def _hand_over(lock: CacheLock, result_key: str, result) -> None:
    """The call's result for a click that waited on it, then the lock for the next click (on
    Redis in one round trip: what a keynote's joins each wait for)."""
    if (hand_over := getattr(cache, "hand_over", None)) is not None:
        try:
            hand_over(result_key, result, RESULT_SECONDS, lock.key, lock.token)
        except BaseException:
            lock.release()
            raise
        return
    try:
        cache.set(result_key, result, RESULT_SECONDS)
    finally:
        lock.release()


def _await_result(result_key: str, action: str, failed):
    """The first call's result, waited for no longer than this request's budget allows."""
    deadline = time.monotonic() + budget.clip(IN_FLIGHT_SECONDS, keep=0.1)
    while True:
        result = cache.get(result_key)
        if isinstance(result, UpstreamError):
            raise result
        if result is not None:
            return result
        if time.monotonic() >= deadline:
            return type(failed)(failed.outcome, STILL_PROCESSING[action])
        time.sleep(0.05)
