"""Attendees who keep the agenda open, and the upstream calls and bytes they cost an hour: what
figures 11 and 14 (figures_hour.py) are made of.

What the portal reads, and how each part is counted:
- the **shared part**: the event's session list (the catalogue), read once per PORTAL_CACHE_TTL
  for everyone, and the event. Counted in a 60 s window: every `/rest` call in it
  (`/__sandbox__/stats`), and the catalogue's reads as the copies logged them (one INFO line
  `shared catalogue read` each, logger `sessions_app.catalogue`);
- the **overlay**: each attendee's own session list and registered list, kept for
  PORTAL_ATTENDEE_TTL (900 s): a 60 s window sees none of its refreshes. One refresh is measured
  as an attendee's first view costs it (what the first views called, less the catalogue's reads
  and the event's calls among them), and counted 3600 / PORTAL_ATTENDEE_TTL times an hour.

Calls the window sees beyond the catalogue and the event (lists that expired in it: with
ACCELEVENTS_SHARED_CATALOGUE=false, every attendee's own session list at PORTAL_CACHE_TTL) are
counted per attendee as they come. The overlay is then added on top, so with per-attendee lists
the sum errs high by one session list per refresh.
"""

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import requests

from . import load
from .attendees import Attendee, view, write_lua
from .figures import EVENT, SESSION_LIST
from .figures_scale import FIRST_VIEW, POLL_HEADERS, POLL_IDS
from .stack import Stack

WINDOW = 60  # seconds of browsing counted
MOST_OPENINGS_PER_S = 20  # first views of the warm-up: at most this many a second
CATALOGUE_READ = re.compile(r"\bINFO sessions_app\.(?:\w+\.)?catalogue shared catalogue read")


@dataclass(frozen=True)
class Counted:
    """One phase: upstream calls and body bytes by kind (`/__sandbox__/stats`), and the shared
    catalogue's reads (the `shared catalogue read` lines of every copy's log)."""

    calls: dict
    bytes: dict
    catalogue_reads: int

    @property
    def total_calls(self) -> int:
        return sum(self.calls.values())

    @property
    def total_bytes(self) -> int:
        return sum(self.bytes.values())


def counted(stack: Stack, run):
    """`run()`'s result, and what the upstream was asked while it ran."""
    offset = stack.portal_log_size()
    requests.post(f"{stack.sandbox_url}/__sandbox__/stats/reset", timeout=30).raise_for_status()
    result = run()
    response = requests.get(f"{stack.sandbox_url}/__sandbox__/stats", timeout=30)
    response.raise_for_status()
    stats, log_text = response.json(), stack.portal_log_since(offset)
    reads = len(CATALOGUE_READ.findall(log_text))
    return Counted(stats["requests"], stats.get("bytes", {}), reads), result


@dataclass(frozen=True)
class Browsing:
    """One warm-up (first views of the attendees who had none) and one window of browsing."""

    attendees: int  # browsing in the window
    opened: int  # first views in the warm-up
    first: Counted  # the warm-up
    window: Counted  # the WINDOW seconds of browsing
    polls: int
    views: int
    errors: int  # of the planned requests, those not answered 200 (in time)
    answered: str


def browse(
    stack: Stack, browsing: list[Attendee], opening: list[Attendee], *, poll_s: int
) -> Browsing:
    """`opening` (some of `browsing`, never viewed) open the agenda, spread over one refresh
    cycle of a per-attendee list (the TTL, then on average half a poll interval until the next
    request finds it expired: with per-attendee lists their ages are then spread as in a steady
    state) and at most MOST_OPENINGS_PER_S a second; then every one of `browsing` keeps it open
    for WINDOW seconds: a status poll every `poll_s` s and a view of the agenda a minute, sent
    evenly. About 50 s + 65 s, for 100 or 900 openings alike."""
    cycle = stack.config.cache_ttl + poll_s // 2
    spread = max(cycle, len(opening) // MOST_OPENINGS_PER_S)
    opened = write_lua(stack.workdir / f"opening-{len(browsing)}.lua", opening)
    first, warm = counted(stack, lambda: load.run(
        stack.portal_url + FIRST_VIEW, name=f"open-{len(browsing)}", data=opened,
        workdir=stack.workdir, rotate=True, connections=max(10, len(opening) // 45),
        seconds=spread + 5, total=len(opening), spread_ms=spread * 1000,
    ))  # fmt: skip
    poll = POLL_IDS.search(view(stack.portal_url, browsing[0], FIRST_VIEW))[1]
    data = write_lua(stack.workdir / f"browsing-{len(browsing)}.lua", browsing)
    polls, views = len(browsing) * WINDOW // poll_s, len(browsing) * WINDOW // 60
    runs = {  # what: (path, requests, connections, headers)
        "polls": (poll, polls, max(20, len(browsing) // 20), POLL_HEADERS),
        "views": (FIRST_VIEW, views, max(10, len(browsing) // 40), None),
    }
    window, results = counted(stack, lambda: _together(stack, data, len(browsing), runs))
    return Browsing(
        len(browsing), len(opening), first, window, polls, views,
        errors=len(opening) + polls + views - sum(r.status_200 for r in (warm, *results.values())),
        answered=f"first views: {warm.status_200} x 200, polls: {results['polls'].status_200} "
        f"x 200, views: {results['views'].status_200} x 200",
    )  # fmt: skip


def _together(stack: Stack, data, n: int, runs: dict) -> dict[str, load.Load]:
    """The window's wrk runs side by side, each its requests spread evenly over WINDOW."""
    with ThreadPoolExecutor(len(runs)) as pool:
        jobs = {
            what: pool.submit(
                load.run, stack.portal_url + path, name=f"browse-{n}-{what}", data=data,
                workdir=stack.workdir, rotate=True, connections=connections, headers=headers,
                total=total, spread_ms=WINDOW * 1000, seconds=WINDOW + 3,
            )
            for what, (path, total, connections, headers) in runs.items()
        }  # fmt: skip
        return {what: job.result() for what, job in jobs.items()}


@dataclass(frozen=True)
class Hourly:
    """Upstream calls and bytes an hour for the whole event, from one Browsing."""

    attendees: int
    catalogue_reads: float  # an hour
    read_calls: float  # one catalogue read's calls (session-list pages) and bytes
    read_bytes: float
    shared_calls: float  # catalogue + event, an hour
    shared_bytes: float
    other_calls: float  # the window's other calls (lists that expired in it), an hour
    other_bytes: float
    overlay_calls: float  # one attendee's own lists, one refresh
    overlay_bytes: float
    refreshes: float  # of each attendee's overlay, an hour

    @property
    def overlay_calls_hourly(self) -> float:
        return self.attendees * self.overlay_calls * self.refreshes

    @property
    def calls(self) -> float:
        return self.shared_calls + self.other_calls + self.overlay_calls_hourly

    @property
    def bytes(self) -> float:
        overlay = self.attendees * self.overlay_bytes * self.refreshes
        return self.shared_bytes + self.other_bytes + overlay

    @property
    def catalogue_calls(self) -> float:
        return self.catalogue_reads * self.read_calls


def hourly(b: Browsing, *, attendee_ttl: int) -> Hourly:
    """A catalogue read costs the window's session-list calls and bytes ÷ its catalogue reads:
    in the window no attendee's own list expires (all were read within PORTAL_ATTENDEE_TTL)."""
    w, f, per_hour = b.window, b.first, 3600 / WINDOW
    reads = w.catalogue_reads
    read_calls = w.calls.get(SESSION_LIST, 0) / reads if reads else 0.0
    read_bytes = w.bytes.get(SESSION_LIST, 0) / reads if reads else 0.0

    def shared(c: Counted) -> tuple[float, float]:
        calls = c.catalogue_reads * read_calls + c.calls.get(EVENT, 0)
        return calls, c.catalogue_reads * read_bytes + c.bytes.get(EVENT, 0)

    (calls, size), (first_calls, first_size) = shared(w), shared(f)
    opened = max(b.opened, 1)
    return Hourly(
        b.attendees, reads * per_hour, read_calls, read_bytes,
        shared_calls=calls * per_hour, shared_bytes=size * per_hour,
        other_calls=(w.total_calls - calls) * per_hour,
        other_bytes=(w.total_bytes - size) * per_hour,
        overlay_calls=max(0.0, f.total_calls - first_calls) / opened,
        overlay_bytes=max(0.0, f.total_bytes - first_size) / opened,
        refreshes=3600 / attendee_ttl,
    )  # fmt: skip
