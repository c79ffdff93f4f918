"""The portal as its own process (gunicorn with the project's gunicorn.conf.py), for what only a
separate process shows: its real log output, two copies sharing one cache, a database or cache
taken away from it while it runs."""

import os
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests
from django.conf import settings
from django.db import connection

from sandbox.demo import EVENT_URL
from tests.sandbox_control import REPO_ROOT, _free_port, stop

START_TIMEOUT = 30


@dataclass
class PortalProcess:
    url: str
    access_log: Path
    error_log: Path

    def logs(self) -> str:
        return self.access_log.read_text() + self.error_log.read_text()


def shared_database_url() -> str:
    """The database this test run uses, for a process of its own (PostgreSQL pass only: the
    SQLite test database lives in this process's memory)."""
    db = connection.settings_dict
    assert db["ENGINE"].endswith("postgresql"), "only PostgreSQL can be shared with a process"
    user = db.get("USER") or "postgres"
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def migrated_sqlite(path: Path) -> str:
    url = f"sqlite:///{path}"
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "portal.settings"}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=REPO_ROOT,
        env=env,
        check=True,
        timeout=120,
    )
    return url


@contextmanager
def running_portal(workdir: Path, *, api_url: str, database_url: str, cache_url: str, **env):
    """gunicorn on a free port (one worker, four threads); yields a PortalProcess."""
    workdir.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    access_log, error_log = workdir / f"access-{port}.log", workdir / f"error-{port}.log"
    full_env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PORTAL_TEST", "PYTEST"))},
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DEBUG": "true",
        "DATABASE_URL": database_url,
        "CACHE_URL": cache_url,
        "ACCELEVENTS_API_BASE_URL": api_url,
        "ACCELEVENTS_EVENT_URL": EVENT_URL,
        "SECRET_KEY": settings.SECRET_KEY,
        "LOG_LEVEL": "INFO",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_THREADS": "4",
        "GUNICORN_ACCESSLOG": str(access_log),
        "GUNICORN_WORKER_TMP_DIR": str(workdir),
        **env,
    }
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    command = [gunicorn, "--config", "gunicorn.conf.py", "--error-logfile", str(error_log)]
    with error_log.open("ab") as stderr:
        process = subprocess.Popen(
            [*command, "portal.wsgi:application"],
            cwd=REPO_ROOT,
            env=full_env,
            stdout=stderr,
            stderr=stderr,
        )
    portal = PortalProcess(f"http://127.0.0.1:{port}", access_log, error_log)
    try:
        _wait_until_serving(portal, process)
        yield portal
    finally:
        stop(process)


def _wait_until_serving(portal: PortalProcess, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"portal exited with {process.returncode}:\n{portal.logs()}")
        try:
            requests.get(f"{portal.url}/healthz", timeout=2)
            return
        except (requests.ConnectionError, requests.Timeout):  # a slow first answer: ask again
            time.sleep(0.1)
    raise RuntimeError(f"portal not serving after {START_TIMEOUT}s:\n{portal.logs()}")
