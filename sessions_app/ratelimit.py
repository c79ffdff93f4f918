"""Failed sign-ins counted per account and per IP in the shared cache (so every worker and
every copy of the portal sees the same counts): a fixed window of SIGNIN_RATE_WINDOW seconds."""

import hashlib

from django.conf import settings
from django.core.cache import cache


def _keys(email: str, ip: str) -> list[str]:
    digest = hashlib.sha256(email.strip().casefold().encode()).hexdigest()[:32]
    return [f"portal:rl:account:{digest}", f"portal:rl:ip:{ip}"]


def sign_in_blocked(email: str, ip: str) -> bool:
    counts = cache.get_many(_keys(email, ip)).values()
    return any(count >= settings.SIGNIN_RATE_LIMIT for count in counts)


def note_failed_sign_in(email: str, ip: str) -> None:
    for key in _keys(email, ip):
        cache.add(key, 0, settings.SIGNIN_RATE_WINDOW)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, settings.SIGNIN_RATE_WINDOW)


def clear_account_failures(email: str) -> None:
    cache.delete(_keys(email, "")[0])


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"
