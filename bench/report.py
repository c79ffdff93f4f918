"""Writes the measured part of docs/benchmarks.md (between its two markers; the prose around them
is kept) and describes the machine and settings of the run."""

import os
import platform
import runpy
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import redis

from .copies import COPIES, WORKERS_PER_COPY
from .figures import Figure
from .stack import REPO, Stack

DOC = REPO / "docs" / "benchmarks.md"
START, END = "<!-- bench:results:start -->", "<!-- bench:results:end -->"


def _run(*command: str) -> str:
    """First line of a command's output, "" when it printed nothing, "?" when it failed."""
    try:
        result = subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=10)  # noqa: S603
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    if result.returncode:
        return "?"
    lines = result.stdout.strip().splitlines()
    return lines[0] if lines else ""


def _cpu() -> str:
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "?"


def _memory_gib() -> str:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal"):
            return f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    return "?"


def _gunicorn_as_the_copies_run_it() -> dict:
    """gunicorn.conf.py as each copy reads it: its thread count follows the workers."""
    saved = os.environ.get("GUNICORN_WORKERS")
    os.environ["GUNICORN_WORKERS"] = str(WORKERS_PER_COPY)
    try:
        return runpy.run_path(str(REPO / "gunicorn.conf.py"))
    finally:
        if saved is None:
            del os.environ["GUNICORN_WORKERS"]
        else:
            os.environ["GUNICORN_WORKERS"] = saved


def environment(stack: Stack, load_before: tuple, settings: dict) -> dict:
    config = stack.config
    gunicorn = _gunicorn_as_the_copies_run_it()
    with psycopg.connect(config.database_url) as conn:
        postgres = conn.execute("SHOW server_version").fetchone()[0]
    redis_version = redis.Redis.from_url(config.cache_url).info("server")["redis_version"]
    # The documents' own previous results don't make the code under test differ from the commit.
    dirty = _run(
        "git",
        "status",
        "--porcelain",
        "--",
        ".",
        ":!docs/benchmarks.md",
        ":!docs/scaling.md",
        ":!.venv",  # a worktree's venv may be a symlink, which .gitignore's `.venv/` misses
    ) not in ("", "?")
    return {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "commit": _run("git", "rev-parse", "--short", "HEAD")
        + (" + local changes" if dirty else ""),
        "machine": f"{os.cpu_count()} cores ({_cpu()}), {_memory_gib()} RAM, "
        f"{platform.system()} {platform.release()}",
        "software": f"Python {sys.version.split()[0]}, PostgreSQL {postgres}, Redis "
        f"{redis_version}, {_run('dpkg-query', '-W', '-f=wrk ${Version}', 'wrk')}, "
        f"{_run('dpkg-query', '-W', '-f=HAProxy ${Version}', 'haproxy')}",
        "app server": f"{COPIES} copies, each gunicorn {gunicorn['worker_class']} with "
        f"{WORKERS_PER_COPY} workers x {gunicorn['threads']} threads (gunicorn.conf.py, "
        "GUNICORN_WORKERS=2), behind HAProxy (deploy/haproxy.cfg, round robin); DEBUG off",
        "upstream": f"sandbox, SANDBOX_LATENCY_MS={config.latency_ms} on every /rest call, "
        "threaded server",
        "portal settings": f"PORTAL_CACHE_TTL={config.cache_ttl}, PORTAL_ATTENDEE_TTL="
        f"{settings['PORTAL_ATTENDEE_TTL'] or '(not a setting yet)'}, "
        f"ACCELEVENTS_SHARED_CATALOGUE={settings['ACCELEVENTS_SHARED_CATALOGUE']}, "
        f"UPSTREAM_TIME_BUDGET="
        f"{settings['UPSTREAM_TIME_BUDGET']:g}, PORTAL_STATUS_POLL_SECONDS="
        f"{settings['PORTAL_STATUS_POLL_SECONDS']}, TRUSTED_PROXY_HOPS=1, "
        "PostgreSQL (CONN_MAX_AGE=60, health checks), Redis cache + cached_db sessions",
        "load": "wrk from a separate process on the same machine (bench/load.lua)",
        "load average (1 min) before / after": f"{load_before[0]:.2f} / {os.getloadavg()[0]:.2f}",
    }


def render(figures: list[Figure], env: dict, seconds: float) -> str:
    passed = all(f.passed for f in figures)
    lines = [
        START,
        f"**Last run: {env['date']}, {'all targets met' if passed else 'TARGETS MISSED'}** "
        f"(`make bench`, {seconds / 60:.1f} min end to end)",
        "",
        "| | |",
        "|---|---|",
        *(f"| {k} | {v} |" for k, v in env.items() if k != "date"),
        "",
        "| # | figure | measured | target | reference (same run) | |",
        "|---|---|---|---|---|---|",
    ]
    for f in figures:
        mark = "met" if f.passed else "**MISSED**"
        lines.append(
            f"| {f.number} | {f.title} | {f.measured} | {f.target} | {f.reference} | {mark} |"
        )
    lines += ["", "Details:", ""]
    for f in figures:
        lines += [f"- {f.number}: {note}" for note in f.notes]
    lines.append(END)
    return "\n".join(lines)


def write(figures: list[Figure], env: dict, seconds: float, doc: Path = DOC) -> None:
    results = render(figures, env, seconds)
    text = doc.read_text() if doc.exists() else f"# Benchmarks\n\n{START}\n{END}\n"
    before, rest = text.split(START, 1)
    after = rest.split(END, 1)[1]
    doc.write_text(before + results + after)
