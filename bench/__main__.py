"""`python -m bench` (`make bench`): start the stack, sign in attendees, measure the figures
1-14, write docs/benchmarks.md and docs/scaling.md, and exit non-zero when a target is missed.
Logs stay in var/bench/.

`python -m bench --only 1,6` measures some figures only and leaves both documents alone.
"""

import argparse
import os
import shutil
import signal
import sys
import time

from . import (
    browsing,
    figures,
    figures_copies,
    figures_hour,
    figures_large,
    figures_scale,
    report,
    scaling,
)
from .attendees import signed_in, view
from .stack import REPO, BenchError, Config, portal_settings, running_stack

WORKDIR = REPO / "var" / "bench"
BURST = 500
JOINS = 200
FIGURE_2_ATTENDEES = 100
COLD_VIEWS = 20  # figure 7
SLOW_VIEWS = 50  # figure 8
HOUR_ATTENDEES = 100  # figure 11, and the first of figure 14's
EVENT_ATTENDEES = 1000  # figure 14: figure 11's and 900 more
LARGE_SIGNED_IN = 1000  # figure 9
LARGE_VIEWERS = 100  # figures 9 (CPU per cold view) and 10
ALL = tuple(str(n) for n in range(1, 15))
SETTINGS = ("UPSTREAM_TIME_BUDGET", "PORTAL_CACHE_TTL", "PORTAL_ATTENDEE_TTL")
SETTINGS += ("PORTAL_STATUS_POLL_SECONDS", "ACCELEVENTS_SHARED_CATALOGUE")


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def _needs(only: set[str]) -> dict[str, int]:
    """How many fresh attendees each group needs on the demo event, for the figures asked."""
    return {
        # figure 4's burst; then figure 2 takes the first 100 of them
        "crowd": BURST if "4" in only else FIGURE_2_ATTENDEES if "2" in only else 0,
        "cold": COLD_VIEWS if "7" in only else 0,
        "slow": SLOW_VIEWS if "8" in only else 0,
        "joiners": JOINS if "5" in only else 0,
        # first views measure what an attendee's own lists cost: never viewed before (the
        # burst's attendees' lists are still fresh at PORTAL_ATTENDEE_TTL)
        "hour": HOUR_ATTENDEES if only & {"11", "14"} else 0,
        "event": EVENT_ATTENDEES - HOUR_ATTENDEES if "14" in only else 0,
    }


def _quiet_for_a_ttl(stack) -> None:
    """No request for one PORTAL_CACHE_TTL (and a second): every list read before has expired,
    the shared catalogue included."""
    time.sleep(stack.config.cache_ttl + 1)


def measure(stack, only: tuple[str, ...], settings: dict) -> list[figures.Figure]:
    wanted, needs = set(only), _needs(set(only))
    count = 5 + sum(needs.values())
    say(f"creating {count} attendees in the sandbox and signing them in through the portal")
    attendees = signed_in(stack.sandbox_url, stack.portal_url, count)
    first, expiring, cold, expiring_too, poller = attendees[:5]
    groups, at = {}, 5
    for name, n in needs.items():
        groups[name], at = attendees[at : at + n], at + n
    for attendee in (expiring, expiring_too):  # their lists expire while figures 6, 1, 12 run
        view(stack.portal_url, attendee)
    viewed_at = time.time()
    results = []
    if "6" in wanted:
        say("6: bytes of the agenda page, its partials and its static assets")
        results += figures.page_bytes(stack, first)
    if "1" in wanted:
        say("1: requests per second, agenda page and partial against the minimal view")
        results += figures.throughput(stack, first, seconds=5, rounds=3)
    if "12" in wanted:
        say("12: an unchanged status poll, on the wire through the balancer")
        results.append(figures_scale.unchanged_poll(stack, poller))
    if wanted & {"3", "13"}:
        registered_ttl = settings["PORTAL_ATTENDEE_TTL"] or stack.config.cache_ttl
        expect = (1, int(time.time() + stack.config.cache_ttl - viewed_at > registered_ttl))
    if "3" in wanted:
        say("3: 500 concurrent requests from one attendee at expiry, then on a cold cache")
        _quiet_for_a_ttl(stack)  # the event's catalogue too: the other figures kept it fresh
        results.append(
            figures.single_flight(stack, expiring, label="after its lists expired", expect=expect)
        )
        results.append(figures.single_flight(stack, cold, label="on a cold cache"))
    if "13" in wanted:
        say("13: 500 concurrent requests at expiry through the balancer; balancer vs one copy")
        _quiet_for_a_ttl(stack)
        results.append(figures_copies.copies_single_flight(stack, expiring_too, expect=expect))
        results.append(figures_copies.copies_throughput(stack, first, seconds=6))
    if "7" in wanted:
        say(f"7: {COLD_VIEWS} cold first views, one after the other")
        results.append(figures_scale.cold_first_view(stack, groups["cold"]))
    if "4" in wanted:
        say(f"4: burst of {BURST} distinct attendees in 5 s")
        results.append(figures.burst(stack, groups["crowd"]))
    if "8" in wanted:
        say(f"8: {SLOW_VIEWS} cold first views in 10 s, upstream answering in 2 s")
        budget = settings["UPSTREAM_TIME_BUDGET"]
        results.append(figures_scale.slow_upstream(stack, groups["slow"], budget_s=budget))
    if "5" in wanted:
        say(f"5: {JOINS} joins")
        results.append(figures.join_overhead(stack, groups["joiners"]))
    if "2" in wanted:
        say("2: 1,000 agenda views from 100 attendees over 60 s")
        crowd = groups["crowd"][:FIGURE_2_ATTENDEES]
        results.append(figures.calls_per_thousand_views(stack, crowd))
    if wanted & {"11", "14"}:
        results += _browsing(stack, wanted, groups, settings)
    if wanted & {"9", "10"}:
        results += _large_event(stack, wanted)
    return sorted(results, key=lambda f: (int(f.number.rstrip("ab")), f.number))


def _browsing(stack, wanted: set[str], groups: dict, settings: dict) -> list[figures.Figure]:
    """Figure 11 from 100 attendees browsing; figure 14 from those, then 1,000 browsing."""
    poll_s, ttl = settings["PORTAL_STATUS_POLL_SECONDS"], stack.config.cache_ttl
    hour = groups["hour"]
    say(f"11: {len(hour)} attendees open the agenda, then browse for 60 s; upstream calls counted")
    few = browsing.browse(stack, hour, hour, poll_s=poll_s)
    results = []
    if "11" in wanted:
        options = dict(cache_ttl=ttl, poll_s=poll_s)
        results.append(figures_hour.calls_per_attendee_hour(few, settings, **options))
    if "14" in wanted:
        more = groups["event"]
        say(f"14: {len(more)} more open the agenda, then all {len(hour) + len(more):,} browse")
        many = browsing.browse(stack, hour + more, more, poll_s=poll_s)
        results.append(figures_hour.whole_event(few, many, settings, cache_ttl=ttl))
    return results


def _large_event(stack, wanted: set[str]) -> list[figures.Figure]:
    say(f"9, 10: the large event; signing in {LARGE_SIGNED_IN:,} attendees")
    figures_large.switch_to_large_event(stack)
    attendees = signed_in(stack.sandbox_url, stack.portal_url, LARGE_SIGNED_IN)
    viewers = attendees[:LARGE_VIEWERS]
    say(f"9: {LARGE_VIEWERS} cold views (CPU), then the cached agenda against the minimal view")
    large = figures_large.large_event(stack, viewers, len(attendees), seconds=6, rounds=1)
    results = [large] if "9" in wanted else []
    if "10" in wanted:
        say(f"10: Redis bytes per attendee after the agenda and My sessions ({LARGE_VIEWERS})")
        results.append(figures_large.redis_per_attendee(stack, viewers))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(ALL), help="figures to measure, e.g. 1,6")
    only = tuple(sorted(set(parser.parse_args().only.split(",")), key=int))
    # Stopped from outside, still stop the sandbox and gunicorn (the `with` blocks' exits).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started, load_before = time.time(), os.getloadavg()
    shutil.rmtree(WORKDIR, ignore_errors=True)
    WORKDIR.mkdir(parents=True)
    try:
        with running_stack(Config(), WORKDIR, say=say) as stack:
            settings = portal_settings(stack.portal_env, *SETTINGS)
            results = measure(stack, only, settings)
            env = report.environment(stack, load_before, settings)
    except BenchError as error:
        say(f"FAILED: {error}")
        return 2
    if only == ALL:
        report.write(results, env, time.time() - started)
        scaling.write(results, env, poll_s=settings["PORTAL_STATUS_POLL_SECONDS"])
        say(f"wrote {report.DOC.relative_to(REPO)} and {scaling.DOC.relative_to(REPO)}")
    for f in results:
        say(f"{'ok    ' if f.passed else 'MISSED'} {f.number} {f.measured} (target {f.target})")
        say(f"         reference: {f.reference}")
        for note in f.notes:
            say(f"         {note}")
    say(f"{(time.time() - started) / 60:.1f} min; logs in {WORKDIR.relative_to(REPO)}/")
    missed = [f.number for f in results if not f.passed]
    if missed:
        say(f"TARGETS MISSED: {', '.join(missed)}")
        return 1
    say("all targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
