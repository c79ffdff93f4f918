"""The system under test, started from scratch for each run: the sandbox upstream (its own SQLite,
injected latency), a fresh PostgreSQL database, a dedicated Redis database, static files
collected into a temporary directory, and two copies of the portal, each under gunicorn with the
repository's gunicorn.conf.py and production settings (DEBUG off), behind HAProxy with the
repository's deploy/haproxy.cfg (bench/copies.py)."""

import json
import os
import shutil
import subprocess
import sys
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import redis

from sandbox.demo import EVENT_URL

from .copies import COPIES, WORKERS_PER_COPY, running_balancer, running_copy
from .processes import REPO, BenchError, Copy, free_port, process, wait_until


@dataclass(frozen=True)
class Config:
    latency_ms: int = int(os.environ.get("BENCH_LATENCY_MS", "100"))
    database_url: str = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench"
    )
    cache_url: str = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/6")
    cache_ttl: int = int(os.environ.get("BENCH_CACHE_TTL", "30"))


@dataclass(frozen=True)
class Stack:
    config: Config
    workdir: Path
    sandbox_url: str  # base, no /rest
    portal_url: str  # the balancer, in front of every copy
    copies: tuple[Copy, ...]
    portal_env: dict

    def portal_log_size(self) -> tuple[int, ...]:
        """A mark in every copy's log, for `portal_log_since`."""
        return tuple(copy.log.stat().st_size if copy.log.exists() else 0 for copy in self.copies)

    def portal_log_since(self, offsets: tuple[int, ...]) -> str:
        """Every copy's log lines since the mark, one copy after the other."""
        return "".join(
            _read_from(copy.log, offset) for copy, offset in zip(self.copies, offsets, strict=True)
        )

    def copy_log_since(self, offsets: tuple[int, ...]) -> dict[str, str]:
        return {c.name: _read_from(c.log, o) for c, o in zip(self.copies, offsets, strict=True)}


def _read_from(path: Path, offset: int) -> str:
    with path.open("rb") as log:
        log.seek(offset)
        return log.read().decode(errors="replace")


def portal_env(config: Config, workdir: Path, sandbox_url: str) -> dict:
    """Production settings (DEBUG off) aimed at the local sandbox, PostgreSQL and Redis."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PYTHONPATH": str(REPO),
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "ACCELEVENTS_API_BASE_URL": f"{sandbox_url}/rest",
        "ACCELEVENTS_EVENT_URL": EVENT_URL,
        "ACCELEVENTS_API_KEY": "sandbox-organization-key",
        "DATABASE_URL": config.database_url,
        "CACHE_URL": config.cache_url,
        "PORTAL_CACHE_TTL": str(config.cache_ttl),
        "TRUSTED_PROXY_HOPS": "1",  # HAProxy appends to X-Forwarded-For, sets X-Request-Start
        "BENCH_STATIC_ROOT": str(workdir / "static"),
    }


def check_services(config: Config) -> None:
    missing = []
    for tool in ("wrk", "haproxy"):
        if shutil.which(tool) is None:
            missing.append(f"{tool} (apt-get install {tool}; `make bench` installs it)")
    try:
        redis.Redis.from_url(config.cache_url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        missing.append(f"Redis at {config.cache_url} ({exc})")
    try:
        _admin_connection(config).close()
    except psycopg.Error as exc:
        missing.append(f"PostgreSQL at {config.database_url} ({exc})")
    if missing:
        raise BenchError("the benchmark needs: " + "; ".join(missing))


def _admin_connection(config: Config) -> psycopg.Connection:
    url = urlsplit(config.database_url)
    admin = url._replace(path="/postgres").geturl()
    return psycopg.connect(admin, autocommit=True, connect_timeout=3)


def fresh_database(config: Config) -> None:
    name = urlsplit(config.database_url).path.lstrip("/")
    if not name.replace("_", "").isalnum():
        raise BenchError(f"unexpected database name {name!r}")
    with _admin_connection(config) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def fresh_cache(config: Config) -> None:
    redis.Redis.from_url(config.cache_url).flushdb()


def manage(env: dict, *args: str, log: Path) -> None:
    with log.open("ab") as out:
        result = subprocess.run(  # noqa: S603 - our interpreter, our manage.py
            [sys.executable, "manage.py", *args], cwd=REPO, env=env, stdout=out, stderr=out
        )
    if result.returncode:
        raise BenchError(f"manage.py {' '.join(args)} failed; see {log}")


# The sandbox stands in for an upstream on its own machines, but here it shares the 2 cores
# with both copies of the portal. Under the burst of figure 4 the portal's workers starved it:
# its answers took up to 5 s, the portal's read timeout (p99 3.2 s as the portal saw them).
# Run ahead of the portal (nice -5, as root: the machines' and CI's user; anyone else runs it at
# the same priority), its p99 is 1.5 s and the portal's own CPU is what the figures measure.
SANDBOX_NICE = -5


@contextmanager
def running_sandbox(config: Config, workdir: Path):
    port = free_port()
    env = {
        **os.environ,
        "SANDBOX_DATABASE_URL": f"sqlite:///{workdir / 'sandbox.sqlite3'}",
        "SANDBOX_LATENCY_MS": str(config.latency_ms),
        "SANDBOX_FAULT": "",
        "SANDBOX_TOKEN_TTL": "7200",
    }
    command = [sys.executable, "-m", "sandbox", "runsandbox", "--port", str(port), "--seed"]
    log = workdir / "sandbox.log"
    with process(command, env, log, nice=SANDBOX_NICE) as proc:
        url = f"http://127.0.0.1:{port}"
        wait_until(f"{url}/__sandbox__/health", proc, log)
        yield url


@contextmanager
def running_stack(config: Config, workdir: Path, *, say=print, portal: bool = True):
    """Everything up and ready; yields a Stack. Tears it all down on the way out. Without
    `portal`, no gunicorn: for profiling the portal in-process (bench/profile.py)."""
    check_services(config)
    with ExitStack() as stack:
        say(f"starting the sandbox upstream (SANDBOX_LATENCY_MS={config.latency_ms})")
        sandbox_url = stack.enter_context(running_sandbox(config, workdir))
        env = portal_env(config, workdir, sandbox_url)
        say("fresh PostgreSQL database and Redis db; migrate; collectstatic (brotli + gzip)")
        fresh_database(config)
        fresh_cache(config)
        manage(env, "migrate", "--noinput", "-v0", log=workdir / "manage.log")
        manage(env, "collectstatic", "--noinput", "-v0", log=workdir / "manage.log")
        if not portal:
            yield Stack(config, workdir, sandbox_url, "", (), env)
            return
        say(f"starting {COPIES} copies of the portal (gunicorn, {WORKERS_PER_COPY} workers each)")
        copies = tuple(
            stack.enter_context(running_copy(env, workdir, f"portal{n}"))
            for n in range(1, COPIES + 1)
        )
        say("starting HAProxy (deploy/haproxy.cfg) in front of them")
        balancer_url = stack.enter_context(running_balancer(workdir, copies))
        yield Stack(config, workdir, sandbox_url, balancer_url, copies, env)


def portal_settings(env: dict, *names: str) -> dict:
    """Settings as the portal's copies read them (same environment), None for a missing one."""
    code = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {list(names)!r}}}))"
    )
    result = subprocess.run(  # noqa: S603 - our interpreter, our settings
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise BenchError(f"reading the portal's settings failed: {result.stderr[-500:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])
