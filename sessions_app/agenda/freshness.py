"""How fresh a page's upstream data is (the age the page shows, whether a refresh failed), and
how long a rendered agenda stays true: until the data's TTL runs out or a badge may change."""

import time
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings

from .card_wording import badge_changes_at

REFRESHING_REUSE_SECONDS = 2


@dataclass(frozen=True)
class Freshness:
    fetched_at: float
    failed_refresh: bool

    @property
    def age_minutes(self) -> int:
        return int(max(0.0, time.time() - self.fetched_at) // 60)


def freshness_of(listed, registered) -> Freshness:
    return Freshness(
        min(listed.fetched_at, registered.fetched_at),
        listed.failed_refresh or registered.failed_refresh,
    )


def reusable_until(listed, registered, now: datetime) -> float:
    """Until the data's TTL runs out or a badge or action may change, whichever is first; zero
    while showing data the upstream failed to refresh. Data past its TTL that another request
    is refreshing right now is what everyone gets meanwhile, so its page is shared for a moment
    instead of rendered by every request until the refresh lands."""
    if listed.failed_refresh or registered.failed_refresh:
        return 0.0
    until = min(
        listed.fetched_at + settings.PORTAL_CACHE_TTL,
        registered.fetched_at + settings.PORTAL_ATTENDEE_TTL,
    )
    if listed.refreshing or registered.refreshing:
        until = time.time() + REFRESHING_REUSE_SECONDS
    sessions = listed.value.sessions
    changes = [c for c in (badge_changes_at(s, now) for s in sessions) if c is not None]
    if changes:
        until = min(until, time.time() + (min(changes) - now).total_seconds())
    return until
