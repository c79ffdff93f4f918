"""The system under test, started from scratch for each run: the sandbox upstream (its own SQLite,
injected latency), a fresh PostgreSQL database, a dedicated Redis database, static files
collected into a temporary directory, and the portal under gunicorn with the repository's
gunicorn.conf.py and production settings (DEBUG off)."""

import os
import shutil
import socket
import subprocess
import sys
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import redis
import requests

from sandbox.demo import EVENT_URL

REPO = Path(__file__).resolve().parent.parent
START_TIMEOUT = 60


class BenchError(RuntimeError):
    """Something the benchmark needs is missing or broke: it stops loudly."""


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
    portal_url: str
    portal_log: Path
    portal_env: dict

    def portal_log_size(self) -> int:
        return self.portal_log.stat().st_size

    def portal_log_since(self, offset: int) -> str:
        with self.portal_log.open("rb") as log:
            log.seek(offset)
            return log.read().decode(errors="replace")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


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
        "BENCH_STATIC_ROOT": str(workdir / "static"),
    }


def check_services(config: Config) -> None:
    missing = []
    if shutil.which("wrk") is None:
        missing.append("wrk (apt-get install wrk; `make bench` installs it)")
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


def wait_until(url: str, proc: subprocess.Popen, log: Path, *, ok=(200,)) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise BenchError(f"{proc.args[2:4]} exited with {proc.returncode}; see {log}")
        try:
            if requests.get(url, timeout=2).status_code in ok:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.2)
    raise BenchError(f"{url} did not answer within {START_TIMEOUT}s; see {log}")


@contextmanager
def process(command: list[str], env: dict, log: Path):
    with log.open("ab") as out:
        proc = subprocess.Popen(command, cwd=REPO, env=env, stdout=out, stderr=out)  # noqa: S603
    try:
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


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
    with process(command, env, log) as proc:
        url = f"http://127.0.0.1:{port}"
        wait_until(f"{url}/__sandbox__/health", proc, log)
        yield url


@contextmanager
def running_portal(env: dict, workdir: Path):
    port = free_port()
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}"}
    log = workdir / "portal.log"
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    command = [gunicorn, "portal.wsgi:application", "--config", "gunicorn.conf.py"]
    with process(command, env, log) as proc:
        url = f"http://127.0.0.1:{port}"
        wait_until(f"{url}/sign-in/", proc, log)
        yield url, log


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
            yield Stack(config, workdir, sandbox_url, "", workdir / "portal.log", env)
            return
        say("starting the portal under gunicorn")
        portal_url, log = stack.enter_context(running_portal(env, workdir))
        yield Stack(config, workdir, sandbox_url, portal_url, log, env)
