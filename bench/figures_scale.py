"""Figures 7, 8 and 12 (issue 14, a 20,000-attendee event): cold first views, a slow upstream,
the unchanged status poll. Each is measured next to its reference in the same run (11 and 14,
upstream calls an hour: figures_hour.py; 13, two copies behind HAProxy: figures_copies.py)."""

import math
import re
import socket
import time
from urllib.parse import urlsplit

import requests

from . import load, redis_keys
from .attendees import Attendee, view, write_lua
from .figures import UPSTREAM_LOG, Figure, _errors_explained, _pct
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
