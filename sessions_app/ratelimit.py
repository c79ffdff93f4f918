"""Failed sign-ins counted per account and per IP in the shared cache (so every worker and
every copy of the portal sees the same counts): a fixed window of SIGNIN_RATE_WINDOW seconds.

The per-IP limit is higher than the per-account one: at an event, a whole venue signs in from
behind one NAT address, and one attendee's typos must not lock everyone else out. Behind a
load balancer, REMOTE_ADDR is the balancer's address; TRUSTED_PROXY_HOPS says how many proxies
append to X-Forwarded-For, so the client's address is read from the right place."""

import hashlib

from django.conf import settings
from django.core.cache import cache


def _account_key(email: str) -> str:
    digest = hashlib.sha256(email.strip().casefold().encode()).hexdigest()[:32]
    return f"portal:rl:account:{digest}"


def _ip_key(ip: str) -> str:
    return f"portal:rl:ip:{ip}"


def _limits(email: str, ip: str) -> dict[str, int]:
    limits = {_ip_key(ip): settings.SIGNIN_IP_RATE_LIMIT}
    if email:
        limits[_account_key(email)] = settings.SIGNIN_RATE_LIMIT
    return limits


def sign_in_blocked(email: str, ip: str) -> bool:
    limits = _limits(email, ip)
    counts = cache.get_many(list(limits))
    return any(count >= limits[key] for key, count in counts.items())


def note_failed_sign_in(email: str, ip: str) -> None:
    for key in _limits(email, ip):
        cache.add(key, 0, settings.SIGNIN_RATE_WINDOW)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, settings.SIGNIN_RATE_WINDOW)


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
