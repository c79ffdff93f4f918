"""When the upstream's answers say the portal is set up wrongly for it (sessions_app.upstream's
UpstreamMisconfigured, or a token refused from the first call made with it), organizers must
hear of it at once and attendees must not see an outage page that tells them to wait: one ERROR
log line per setting and minute naming what to check, a failing detail in /healthz, a note on
the admin index, and a page of its own for the attendee."""

import logging
import time

from django.core.cache import cache

from sessions_app.upstream.errors import UpstreamAuthError, UpstreamMisconfigured

log = logging.getLogger(__name__)

RECENT_KEY = "portal:upstream-misconfigured"
REMEMBER_SECONDS = 600
LOG_EVERY_SECONDS = 60
AUTH_SETTINGS = "ACCELEVENTS_AUTH_HEADER, ACCELEVENTS_AUTH_SCHEME"


def from_fresh_token_refusal(refused: UpstreamAuthError) -> UpstreamMisconfigured:
    return UpstreamMisconfigured(
        "The event platform refused every call made with a token it had just issued.",
        setting=AUTH_SETTINGS,
        status=refused.status,
        code=refused.code,
        request_id=refused.request_id,
        latency_ms=refused.latency_ms,
    )


def report(problem: UpstreamMisconfigured) -> None:
    try:
        cache.set(RECENT_KEY, {"setting": problem.setting, "at": time.time()}, REMEMBER_SECONDS)
        first_in_a_while = cache.add(f"{RECENT_KEY}:logged:{problem.setting}", 1, LOG_EVERY_SECONDS)
    except Exception:  # the cache is down: say it anyway
        first_in_a_while = True
    if first_in_a_while:
        log.error(
            "the event platform's answer means this portal is set up wrongly for it "
            "(status %s, code %s, request %s): check %s",
            problem.status,
            problem.code or "-",
            problem.request_id,
            problem.setting or "the ACCELEVENTS_* settings",
        )


def recent() -> dict | None:
    """{"setting", "at"} of the last misconfiguration seen in the past ten minutes, if any."""
    try:
        return cache.get(RECENT_KEY)
    except Exception:
        return None
