"""Sign-in attempts counted per account and per IP in the shared cache (so every worker and
every copy of the portal sees the same counts): a fixed window of SIGNIN_RATE_WINDOW seconds.

An attempt is counted *before* its upstream call, with one atomic increment per key, and the
count is taken back when the attempt turns out not to be a failure (a success, an outage): a
burst of parallel guesses sees each other's increments, so no more than the limit of them reach
the upstream, however slow it is. Checking first and counting after the multi-second call let
14 of 40 parallel guesses through a limit of 5.

The per-IP limit is higher than the per-account one: at an event, a whole venue signs in from
behind one NAT address, and one attendee's typos must not lock everyone else out. Behind a
load balancer, REMOTE_ADDR is the balancer's address; TRUSTED_PROXY_HOPS says how many proxies
append to X-Forwarded-For, so the client's address is read from the right place.

While the cache is not shared (Redis down: portal/redis_cache.py counts per process) the
limits are halved: an attacker spread over every process of every copy gets fewer tries each."""

import contextlib
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache


@dataclass(frozen=True)
class CountedAttempt:
    """One sign-in attempt, already counted against these keys."""

    keys: tuple[str, ...]

    def not_a_failure(self) -> None:
        """Take the count back: the attempt succeeded, or the upstream never judged it."""
        for key in self.keys:
            with contextlib.suppress(ValueError):  # its window ended meanwhile
                cache.decr(key)


def count_attempt(email: str, ip: str) -> CountedAttempt | None:
    """Count one attempt for `email` (may be empty: a magic link) and `ip`; None when that
    takes any of them past its limit (then nothing stays counted, and no call may be made)."""
    counted = []
    for key, limit in _limits(email, ip).items():
        counted.append(key)
        if _increment(key) > limit:
            CountedAttempt(tuple(counted)).not_a_failure()
            return None
    return CountedAttempt(tuple(counted))


def clear_account_failures(email: str) -> None:
    cache.delete(_account_key(email))


def client_ip(request) -> str:
    hops = settings.TRUSTED_PROXY_HOPS
    if hops > 0:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        chain = [part.strip() for part in forwarded if part.strip()]
        # Each trusted proxy appends the address it saw: the client is `hops` from the end.
        # Anything further left was written by the client itself and is not believed.
        if len(chain) >= hops:
            return chain[-hops][:64]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _account_key(email: str) -> str:
    digest = hashlib.sha256(email.strip().casefold().encode()).hexdigest()[:32]
    return f"portal:rl:account:{digest}"


def _ip_key(ip: str) -> str:
    return f"portal:rl:ip:{ip}"


def _limits(email: str, ip: str) -> dict[str, int]:
    limits = {_ip_key(ip): settings.SIGNIN_IP_RATE_LIMIT}
    if email:
        limits[_account_key(email)] = settings.SIGNIN_RATE_LIMIT
    is_shared = getattr(cache, "is_shared", None)
    if is_shared is not None and not is_shared():
        limits = {key: max(1, limit // 2) for key, limit in limits.items()}
    return limits


def _increment(key: str) -> int:
    """The key's count after adding one; the window starts with the first attempt."""
    for _ in range(3):
        cache.add(key, 0, settings.SIGNIN_RATE_WINDOW)
        try:
            return cache.incr(key)
        except ValueError:  # its window ended between the add and the increment
            continue
    return 1  # the cache keeps losing it: count this one attempt, as if alone


FEED_LIMIT = 60  # calendar feed requests per address per minute: apps poll hourly at most


def feed_request_allowed(ip: str) -> bool:
    """Counts a calendar feed request; False past FEED_LIMIT a minute (guessing tokens)."""
    key = f"portal:rl:feed:{ip}"
    cache.add(key, 0, 60)
    try:
        return cache.incr(key) <= FEED_LIMIT
    except ValueError:  # expired between add and incr
        cache.set(key, 1, 60)
        return True
