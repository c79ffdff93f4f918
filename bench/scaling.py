"""Writes the measured part of docs/scaling.md (between its two markers): what the last full run
of `make bench` says about one copy, Redis, PostgreSQL and the upstream, and the arithmetic for
a 20,000-attendee event on N copies. Every number comes from that run's figures."""

import math
from pathlib import Path

from .figures import Figure
from .stack import REPO

DOC = REPO / "docs" / "scaling.md"
START, END = "<!-- bench:scaling:start -->", "<!-- bench:scaling:end -->"
EVENT = 20_000
HEADROOM = 0.6  # plan a copy for 60% of what it served flat out: the rest for bursts and noise
DOORS_OPEN_S = 600  # every attendee's first view within 10 minutes of the doors opening


def _value(figures: dict[str, Figure], number: str, key: str) -> float:
    figure = figures.get(number)
    return figure.values.get(key, math.nan) if figure else math.nan


def render(results: list[Figure], env: dict, *, poll_s: int) -> str:
    f = {figure.number: figure for figure in results}
    one_copy = _value(f, "13b", "one_copy_rps")
    balancer = _value(f, "13b", "balancer_rps")
    cpu = _value(f, "9", "cpu_per_cold_view_s")
    redis_each = _value(f, "10", "bytes_per_attendee")
    pg_each = _value(f, "10", "database_bytes_per_attendee")
    # the upstream: what the whole event reads once (the catalogue, the event), then what each
    # attendee adds (their own lists), per hour (11); 14 shows the first not growing
    shared_calls, each_calls = _value(f, "11", "shared_calls"), _value(f, "11", "attendee_calls")
    shared_bytes, each_bytes = _value(f, "11", "shared_bytes"), _value(f, "11", "attendee_bytes")
    calls, upstream_bytes = shared_calls + EVENT * each_calls, shared_bytes + EVENT * each_bytes
    catalogue = f["14"].values["catalogue_calls"] if "14" in f else (math.nan, math.nan)
    poll_bytes = _value(f, "12", "bytes")
    steady = EVENT / poll_s + EVENT / 60  # every attendee's poll + one agenda view a minute
    per_copy = one_copy * HEADROOM
    copies = math.ceil(steady / per_copy) if per_copy == per_copy and per_copy > 0 else "?"
    opening_cores = EVENT * cpu / DOORS_OPEN_S
    rows = [
        ("one copy (2 workers) on 2 cores, cached agenda page", f"{one_copy:,.0f} "
         "requests/s (13b, reached directly)", f"planned at {HEADROOM:.0%}: {per_copy:,.0f}/s"),
        ("both copies behind HAProxy on the same 2 cores", f"{balancer:,.0f} requests/s (13b)",
         "more copies help only with more cores"),
        ("portal CPU per cold first view (large event)", f"{cpu * 1000:,.0f} ms (9)",
         f"{EVENT:,} first views within {DOORS_OPEN_S // 60} min: {opening_cores:.1f} cores busy"),
        ("Redis per attendee (agenda + My sessions, large event)", f"{redis_each / 1000:,.1f} kB "
         "(10)", f"{redis_each * EVENT / 1e6:,.0f} MB; per 1,000: {redis_each / 1e3:,.1f} MB"),
        ("PostgreSQL per attendee (the whole run's database ÷ attendees)",
         f"{pg_each / 1000:,.1f} kB (10)",
         f"{pg_each * EVENT / 1e6:,.0f} MB; per 1,000: {pg_each / 1e3:,.1f} MB"),
        ("upstream calls an hour for the whole event: the shared catalogue and the event",
         f"{shared_calls:,.0f} (11); the catalogue's with 100 vs 1,000 attendees: "
         f"{catalogue[0]:,.0f} vs {catalogue[1]:,.0f} (14)", "the same"),
        ("upstream calls per active attendee-hour beyond that (their own lists)",
         f"{each_calls:,.1f} (11)",
         f"{calls:,.0f} calls an hour in all, {calls / 3600:,.1f} a second"),
        ("upstream bytes: the whole event's shared part an hour + per active attendee-hour",
         f"{shared_bytes / 1e6:,.2f} MB + {each_bytes / 1e6:,.2f} MB (11)",
         f"{upstream_bytes / 1e9:,.1f} GB an hour"),
        ("unchanged status poll on the wire", f"{poll_bytes:,.0f} B (12)",
         f"{poll_bytes * EVENT / poll_s / 1e6:,.1f} MB/s for {EVENT:,} open agendas"),
        (f"steady load: a poll every {poll_s} s + an agenda view a minute, per attendee",
         "", f"{steady:,.0f} requests/s: **{copies} copies** of 2 cores at {per_copy:,.0f}/s"),
    ]  # fmt: skip
    lines = [
        START,
        f"**From the run of {env['date']}** (commit {env['commit']}; docs/benchmarks.md has "
        "every figure). Numbers marked nan come from a figure that did not run.",
        "",
        f"| | measured | for {EVENT:,} attendees |",
        "|---|---|---|",
        *(f"| {what} | {measured} | {event} |" for what, measured, event in rows),
        END,
    ]
    return "\n".join(lines)


def write(results: list[Figure], env: dict, *, poll_s: int, doc: Path = DOC) -> None:
    block = render(results, env, poll_s=poll_s)
    text = doc.read_text()
    before, rest = text.split(START, 1)
    doc.write_text(before + block + rest.split(END, 1)[1])
