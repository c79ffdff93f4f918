"""`python -m bench` (`make bench`): start the stack, sign in attendees, measure the six figures,
write docs/benchmarks.md, and exit non-zero when a target is missed. Logs stay in var/bench/.

`python -m bench --only 1,6` measures some figures only and leaves docs/benchmarks.md alone.
"""

import argparse
import os
import shutil
import signal
import sys
import time

from . import figures, report
from .attendees import signed_in, view
from .stack import REPO, BenchError, Config, running_stack

WORKDIR = REPO / "var" / "bench"
BURST = 500
JOINS = 200
FIGURE_2_ATTENDEES = 100
ALL = ("1", "2", "3", "4", "5", "6")


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def measure(stack, only: tuple[str, ...]) -> list[figures.Figure]:
    count = 3 + (BURST if {"2", "4"} & set(only) else 0) + (JOINS if "5" in only else 0)
    say(f"creating {count} attendees in the sandbox and signing them in through the portal")
    attendees = signed_in(stack.sandbox_url, stack.portal_url, count)
    first, expiring, cold = attendees[:3]
    crowd = attendees[3 : 3 + BURST] if {"2", "4"} & set(only) else []
    joiners = attendees[-JOINS:] if "5" in only else []
    view(stack.portal_url, expiring)  # its lists expire while figures 6 and 1 run
    expires_at = time.time() + stack.config.cache_ttl + 1
    results = []
    if "6" in only:
        say("6: bytes of the agenda page, its partials and its static assets")
        results += figures.page_bytes(stack, first)
    if "1" in only:
        say("1: requests per second, agenda page and partial against the minimal view")
        results += figures.throughput(stack, first, seconds=10, rounds=3)
    if "3" in only:
        time.sleep(max(0.0, expires_at - time.time()))
        say("3: 500 concurrent requests from one attendee at expiry, then on a cold cache")
        results.append(figures.single_flight(stack, expiring, label="after its lists expired"))
        results.append(figures.single_flight(stack, cold, label="on a cold cache"))
    if "4" in only:
        say(f"4: burst of {BURST} distinct attendees in 5 s")
        results.append(figures.burst(stack, crowd))
    if "5" in only:
        say(f"5: {JOINS} joins")
        results.append(figures.join_overhead(stack, joiners))
    if "2" in only:
        say("2: 1,000 agenda views from 100 attendees over 60 s")
        results.append(figures.calls_per_thousand_views(stack, crowd[:FIGURE_2_ATTENDEES]))
    return sorted(results, key=lambda f: f.number)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(ALL), help="figures to measure, e.g. 1,6")
    only = tuple(sorted(set(parser.parse_args().only.split(","))))
    # Stopped from outside, still stop the sandbox and gunicorn (the `with` blocks' exits).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    started, load_before = time.time(), os.getloadavg()
    shutil.rmtree(WORKDIR, ignore_errors=True)
    WORKDIR.mkdir(parents=True)
    try:
        with running_stack(Config(), WORKDIR, say=say) as stack:
            results = measure(stack, only)
            env = report.environment(stack, load_before)
    except BenchError as error:
        say(f"FAILED: {error}")
        return 2
    if only == ALL:
        report.write(results, env, time.time() - started)
        say(f"wrote {report.DOC.relative_to(REPO)}")
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
