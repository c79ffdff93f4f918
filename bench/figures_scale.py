"""Figures 7, 8, 11 and 12 (issue 14, a 20,000-attendee event): cold first views, a slow upstream,
upstream calls per attendee-hour, the unchanged status poll. Each is measured next to its
reference in the same run (13, two copies behind HAProxy: figures_copies.py)."""

import math
import re
import socket
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import requests

from . import load, redis_keys
from .attendees import Attendee, view, write_lua
from .figures import (
    REGISTERED_LIST,
    SESSION_LIST,
    UPSTREAM_LOG,
    Figure,
    _errors_explained,
    _pct,
    _stats,
)
from .stack import Stack

FIRST_VIEW = "/"  # what an attendee opens first: the default list
POLL_HEADERS = {"HX-Request": "true", "HX-Trigger": "status-poller", "HX-Target": "status-poller"}
POLL_IDS = re.compile(r'id="status-poller" hx-get="(/agenda/status/\?ids=[\d,]+)"')


def _session_list_latencies(log_text: str) -> list[int]:
    return [int(m[4]) for m in UPSTREAM_LOG.finditer(log_text) if m[2].endswith("/session/v2")]


# --- 7. cold first view against one upstream call -------------------------------------------


def cold_first_view(stack: Stack, attendees: list[Attendee]) -> Figure:
    offset, took = stack.portal_log_size(), []
    for attendee in attendees:  # one after the other: each alone, each cold
        redis_keys.forget_shared(stack.config.cache_url)
        started = time.perf_counter()
        view(stack.portal_url, attendee, FIRST_VIEW)
        took.append((time.perf_counter() - started) * 1000)
    upstream = _session_list_latencies(stack.portal_log_since(offset))
    portal_p50, upstream_p50 = _pct(took, 50), _pct(upstream, 50)
    ratio = portal_p50 / upstream_p50
    return Figure(
        "7",
        f"cold first view of one attendee ({len(attendees)} never-viewed attendees in turn, "
        "the shared event flushed before each), portal p50 ÷ upstream session-list call p50",
        f"{ratio:.2f} ({portal_p50:.0f} ms ÷ {upstream_p50:.0f} ms)",
        "≤ 1.5",
        f"the upstream's session-list call as the portal logged it: p50 {upstream_p50:.0f} ms "
        f"over {len(upstream)} calls (injected {stack.config.latency_ms} ms); portal p99 "
        f"{_pct(took, 99):.0f} ms",
        ratio <= 1.5,
        values={"portal_p50_ms": portal_p50, "upstream_p50_ms": upstream_p50},
    )


# --- 8. a slow upstream: the time budget holds ----------------------------------------------


def slow_upstream(stack: Stack, attendees: list[Attendee], *, budget_s: float) -> Figure:
    extra_ms = 2000 - stack.config.latency_ms
    redis_keys.forget_shared(stack.config.cache_url)
    _faults(stack, [{"mode": "latency", "ms": extra_ms, "path_contains": "/rest/"}])
    offset = stack.portal_log_size()
    try:
        result = load.run(
            stack.portal_url + FIRST_VIEW,
            name="8-slow",
            data=write_lua(stack.workdir / "slow.lua", attendees),
            workdir=stack.workdir,
            seconds=10 + math.ceil(budget_s) + 5,  # wrk runs this long: the last one's answer
            connections=len(attendees),
            rotate=True,
            total=len(attendees),
            spread_ms=10_000,
            timeout_s=math.ceil(budget_s) + 5,
        )
    finally:
        _faults(stack, [])
    log_text = stack.portal_log_since(offset)
    p99_s = result.latency_ms["p99"] / 1000
    upstream = _session_list_latencies(log_text)
    return Figure(
        "8",
        f"{len(attendees)} attendees' cold first views within 10 s, upstream answering in 2 s",
        f"{result.errors} errors; p99 {p99_s:.1f} s (p50 {result.latency_ms['p50'] / 1000:.1f} s)",
        f"0 errors; p99 ≤ the time budget (UPSTREAM_TIME_BUDGET={budget_s:g} s)",
        f"session-list call as the portal saw it: p50 {_pct(upstream, 50):.0f} ms",
        result.errors == 0 and result.status_200 == len(attendees) and p99_s <= budget_s,
        [_errors_explained(result, log_text)],
    )


def _faults(stack: Stack, rules: list[dict]) -> None:
    response = requests.post(f"{stack.sandbox_url}/__sandbox__/faults", json=rules, timeout=30)
    response.raise_for_status()


# --- 11. upstream calls per active attendee-hour --------------------------------------------


def calls_per_attendee_hour(stack: Stack, attendees: list[Attendee], *, poll_s: int) -> Figure:
    """Each attendee keeps the agenda open: a status poll every `poll_s` seconds and a fresh view
    of the agenda once a minute, for 60 s. Before that, each opens the agenda once, the openings
    spread over one refresh cycle (the TTL, then on average half a poll interval until the next
    request finds the list expired): when counting starts, their lists' ages are spread as in a
    steady state. Opened all at once, they would all refresh at the same moment, and a 60 s
    count would depend on where that moment falls."""
    window, ttl = 60, stack.config.cache_ttl
    cycle = ttl + poll_s // 2
    poll = POLL_IDS.search(view(stack.portal_url, attendees[0], FIRST_VIEW))[1]
    data = write_lua(stack.workdir / "hour.lua", attendees)
    common = dict(data=data, workdir=stack.workdir, rotate=True)
    load.run(
        stack.portal_url + FIRST_VIEW, name="11-opened", connections=10, seconds=cycle + 2,
        total=len(attendees), spread_ms=cycle * 1000, **common,
    )  # fmt: skip
    _stats(stack, reset=True)
    polls, views = len(attendees) * window // poll_s, len(attendees) * window // 60
    with ThreadPoolExecutor(2) as pool:
        jobs = [
            pool.submit(
                load.run, stack.portal_url + poll, name="11-polls", connections=20,
                headers=POLL_HEADERS, total=polls, spread_ms=window * 1000, seconds=window + 3,
                **common,
            ),
            pool.submit(
                load.run, stack.portal_url + FIRST_VIEW, name="11-views", connections=10,
                total=views, spread_ms=window * 1000, seconds=window + 3, **common,
            ),
        ]  # fmt: skip
        results = [job.result() for job in jobs]
    calls, sizes = _stats(stack), _stats_bytes(stack)
    per_hour = 3600 / window / len(attendees)
    hourly = sum(calls.values()) * per_hour
    fresh_floor = window / stack.config.cache_ttl - 1
    list_calls = calls.get(SESSION_LIST, 0) / len(attendees)
    errors = sum(r.errors for r in results)
    return Figure(
        "11",
        f"upstream calls per active attendee-hour ({len(attendees)} attendees, agenda open: a "
        f"status poll every {poll_s} s, an agenda view a minute; 60 s after a warm-up)",
        f"{hourly:.0f} calls; {sum(sizes.values()) * per_hour / 1e6:.2f} MB",
        f"≤ 130 calls; seats-left never older than the TTL: session-list calls per attendee "
        f"≥ 60 s / {stack.config.cache_ttl} s - 1 = {fresh_floor:g}",
        f"{polls} polls + {views} views; session-list calls per attendee in 60 s: "
        f"{list_calls:.2f}; registered-list: {calls.get(REGISTERED_LIST, 0) / len(attendees):.2f}",
        hourly <= 130 and list_calls >= fresh_floor and errors == 0,
        values={"calls": hourly, "bytes": sum(sizes.values()) * per_hour},
        notes=[
            f"calls per attendee-hour by kind: "
            f"{ {k: round(n * per_hour) for k, n in calls.items()} }",
            f"bytes per attendee-hour by kind: "
            f"{ {k: round(n * per_hour) for k, n in sizes.items()} }",
            f"{errors} errors (polls: {results[0].status_200} x 200, views: "
            f"{results[1].status_200} x 200)",
        ],
    )


def _stats_bytes(stack: Stack) -> dict:
    response = requests.get(f"{stack.sandbox_url}/__sandbox__/stats", timeout=30)
    response.raise_for_status()
    return response.json().get("bytes", {})


# --- 12. an unchanged status poll on the wire -----------------------------------------------


def unchanged_poll(stack: Stack, attendee: Attendee) -> Figure:
    path = POLL_IDS.search(view(stack.portal_url, attendee, FIRST_VIEW))[1]
    headers = {"Cookie": attendee.cookie, **POLL_HEADERS}
    first = _raw_get(stack.portal_url, path, headers)
    etag = _header(first, "ETag")
    second = _raw_get(stack.portal_url, path, {**headers, "If-None-Match": etag or '"none"'})
    status = int(second.split(b" ", 2)[1])
    return Figure(
        "12",
        "unchanged status poll through the balancer (If-None-Match with the first answer's "
        "ETag): status and bytes on the wire, headers included",
        f"{status}, {len(second):,} B",
        "304 and ≤ 1 kB",
        f"the first poll: {int(first.split(b' ', 2)[1])}, {len(first):,} B, ETag {etag or 'none'}",
        status == 304 and len(second) <= 1024,
        values={"bytes": len(second), "first_bytes": len(first)},
    )


def _raw_get(base: str, path: str, headers: dict) -> bytes:
    """The whole response as bytes on the wire (the connection closes after it)."""
    url = urlsplit(base)
    lines = [f"GET {path} HTTP/1.1", f"Host: {url.hostname}", "Connection: close"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    with socket.create_connection((url.hostname, url.port), timeout=30) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def _header(response: bytes, name: str) -> str:
    head = response.split(b"\r\n\r\n", 1)[0].decode(errors="replace")
    found = re.search(rf"^{name}:\s*(.+?)\s*$", head, re.IGNORECASE | re.MULTILINE)
    return found[1] if found else ""
