"""Two copies of the portal behind HAProxy, as in production: each copy its own gunicorn (the
repository's gunicorn.conf.py) on its own port, sharing the PostgreSQL database and Redis; HAProxy
runs the repository's deploy/haproxy.cfg with the copies' ports filled in."""

import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

from .processes import REPO, BenchError, Copy, free_port, process, wait_until

COPIES = 2
# gunicorn.conf.py's default is 2 workers per core (4 here) per copy: two copies of that would
# be 8 processes on 2 cores. 2 each keeps the 4 workers of one copy before, now split over two
# copies; their threads follow from gunicorn.conf.py's formula for 2 workers.
WORKERS_PER_COPY = 2
HAPROXY_CFG = REPO / "deploy" / "haproxy.cfg"


@contextmanager
def running_copy(env: dict, workdir: Path, name: str):
    port = free_port()
    env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(WORKERS_PER_COPY)}
    log = workdir / f"{name}.log"
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    command = [gunicorn, "portal.wsgi:application", "--config", "gunicorn.conf.py"]
    with process(command, env, log) as proc:
        url = f"http://127.0.0.1:{port}"
        wait_until(f"{url}/sign-in/", proc, log)
        yield Copy(name, url, log, proc.pid)


@contextmanager
def running_balancer(workdir: Path, copies: tuple[Copy, ...]):
    haproxy = shutil.which("haproxy")
    if haproxy is None:
        raise BenchError("haproxy is missing (apt-get install haproxy; `make bench` installs it)")
    port = free_port()
    env = {
        **os.environ,
        "HAPROXY_BIND": f"127.0.0.1:{port}",
        **{copy.name.upper(): copy.url.removeprefix("http://") for copy in copies},
    }
    log = workdir / "haproxy.log"
    checked = subprocess.run(  # noqa: S603 - the system's haproxy, our config
        [haproxy, "-c", "-q", "-f", str(HAPROXY_CFG)], env=env, capture_output=True, text=True
    )
    if checked.returncode:
        raise BenchError(f"{HAPROXY_CFG} does not check: {checked.stderr or checked.stdout}")
    with process([haproxy, "-db", "-f", str(HAPROXY_CFG)], env, log) as proc:
        url = f"http://127.0.0.1:{port}"
        wait_until(f"{url}/healthz", proc, log)
        yield url


def cpu_seconds(copies: tuple[Copy, ...]) -> float:
    """CPU time (user + system) of every copy's gunicorn: its master, the workers it has now and
    the workers it has reaped (counted in the master's cutime/cstime)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for copy in copies:
        total += sum(_times(copy.pid)[:4])
        for child in _children(copy.pid):
            total += sum(_times(child)[:2])
    return total / tick


def _times(pid: int) -> list[int]:
    """utime, stime, cutime, cstime from /proc/<pid>/stat (fields 14-17)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return [0, 0, 0, 0]
    return [int(v) for v in stat.rsplit(")", 1)[1].split()[11:15]]


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []
