"""Processes the benchmark starts and waits for, and its one error type."""

import os
import socket
import subprocess
import time
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parent.parent
START_TIMEOUT = 60


class BenchError(RuntimeError):
    """Something the benchmark needs is missing or broke: it stops loudly."""


@dataclass(frozen=True)
class Copy:
    """One copy of the portal: its own gunicorn, port and log (access lines and app logs)."""

    name: str
    url: str
    log: Path
    pid: int  # gunicorn's master


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(url: str, proc: subprocess.Popen, log: Path, *, ok=(200,)) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise BenchError(f"{proc.args[2:4]} exited with {proc.returncode}; see {log}")
        try:
            if requests.get(url, timeout=2).status_code in ok:
                return
        except requests.RequestException:  # refused, or a worker still booting: not yet
            pass
        time.sleep(0.2)
    raise BenchError(f"{url} did not answer within {START_TIMEOUT}s; see {log}")


def _renice(increment: int) -> None:
    """In the child before it starts: a higher priority needs root; without it, the same one."""
    with suppress(PermissionError):
        os.nice(increment)


@contextmanager
def process(command: list[str], env: dict, log: Path, *, nice: int = 0):
    with log.open("ab") as out:
        proc = subprocess.Popen(  # noqa: S603
            command,
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=out,
            preexec_fn=(lambda: _renice(nice)) if nice else None,
        )
    try:
        yield proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
