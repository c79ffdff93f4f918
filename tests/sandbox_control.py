"""Start a sandbox (`python -m sandbox runsandbox`) and drive it from tests, over real HTTP."""

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import requests

from sandbox.demo import ACCOUNTS, EVENT_URL, EXTRA_ACCOUNTS, PASSWORD

TIMEOUT = 15
START_TIMEOUT = 30
REPO_ROOT = Path(__file__).resolve().parent.parent


class SandboxStartError(RuntimeError):
    pass


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(base_url: str, proc=None, log_path: Path | None = None) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            log = log_path.read_text() if log_path else ""
            raise SandboxStartError(f"sandbox exited with {proc.returncode}:\n{log}")
        try:
            if requests.get(f"{base_url}/__sandbox__/health", timeout=1).ok:
                return
        except (requests.ConnectionError, requests.Timeout):  # a slow first answer: ask again
            pass
        time.sleep(0.1)
    log = log_path.read_text() if log_path else ""
    raise SandboxStartError(f"sandbox at {base_url} not healthy after {START_TIMEOUT}s\n{log}")


@contextmanager
def running_sandbox(workdir: Path, **env: str):
    """A sandbox subprocess on a free port with its own SQLite file in `workdir`; yields its
    base URL (no `/rest`). `env` overrides SANDBOX_* settings for this run."""
    port = _free_port()
    full_env = {
        **os.environ,
        "SANDBOX_DATABASE_URL": f"sqlite:///{workdir / 'sandbox.sqlite3'}",
        "SANDBOX_TOKEN_TTL": "3600",
        "SANDBOX_LATENCY_MS": "0",
        "SANDBOX_FAULT": "",
        "SANDBOX_API_KEY": "sandbox-organization-key",
        "SANDBOX_EVENT_URL": EVENT_URL,
        **env,
    }
    log_path = workdir / "sandbox.log"
    command = [sys.executable, "-m", "sandbox", "runsandbox", "--port", str(port), "--seed"]
    with log_path.open("wb") as log:
        proc = subprocess.Popen(command, cwd=REPO_ROOT, env=full_env, stdout=log, stderr=log)
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base_url, proc, log_path)
        yield base_url
    finally:
        stop(proc)


def stop(proc: subprocess.Popen, timeout: float = 15) -> None:
    """Ask a process of ours to stop; kill it if it does not within `timeout`."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


class SandboxControl:
    """Thin client for `/__sandbox__/...` plus a few `/rest` conveniences."""

    def __init__(self, base_url: str):
        self.base_url = base_url.rstrip("/")
        self.api_url = f"{self.base_url}/rest"
        self.control_url = f"{self.base_url}/__sandbox__"

    def _call(self, method: str, path: str, json=None) -> dict:
        response = requests.request(
            method, f"{self.control_url}/{path}", json=json, timeout=TIMEOUT
        )
        response.raise_for_status()
        return response.json()

    def health(self) -> dict:
        return self._call("GET", "health")

    def reset(self, dialects: list[str] | None = None) -> dict:
        """Fresh demo data around the real now; no faults, clock offset 0, stats cleared, and
        `dialects` active (default: the sandbox's SANDBOX_DIALECT)."""
        body = {"dialects": list(dialects)} if dialects is not None else None
        return self._call("POST", "reset", body)

    def set_dialects(self, *names: str) -> list[str]:
        """Replace the active dialects (none = the contract as written); returns them.
        Switching `large-event` on or off re-seeds, so earlier tokens stop working."""
        return self._call("POST", "dialect", {"dialects": list(names)})["dialects"]

    def dialects(self) -> list[str]:
        return self._call("GET", "dialect")["dialects"]

    def set_clock(self, offset_seconds: float) -> dict:
        return self._call("POST", "clock", {"offset_seconds": offset_seconds})

    def advance(self, seconds: float) -> dict:
        return self._call("POST", "clock", {"advance_seconds": seconds})

    def set_fault(self, **rule) -> list[dict]:
        """E.g. `set_fault(mode="status", status=503, retry_after=2, path_contains="/session/v2",
        method="GET", count=2)`. Replaces the active rules."""
        return self._call("POST", "faults", rule)["faults"]

    def set_faults(self, rules: list[dict]) -> list[dict]:
        return self._call("POST", "faults", {"faults": rules})["faults"]

    def clear_faults(self) -> None:
        self._call("DELETE", "faults")

    def stats(self) -> dict:
        """`{"requests": {"GET /events/{eventurl}/session/v2": n, ...}, "bytes": {same keys: n}}`"""
        return self._call("GET", "stats")

    def request_count(self, key: str) -> int:
        return self.stats()["requests"].get(key, 0)

    def reset_stats(self) -> None:
        self._call("POST", "stats/reset")

    def expire_tokens(self) -> int:
        return self._call("POST", "expire-tokens")["expired"]

    def patch_session(self, session_id: int, **fields) -> dict:
        """Change a session; returns it as a host-view list item. See docs/upstream-contract.md."""
        return self._call("POST", f"sessions/{session_id}", fields)

    def add_registrants(self, session_id: int, count: int, ticket_type: str = "vip") -> list[int]:
        """`count` new ticket holders registered for the session at once (as if added in the
        hub, capacity not checked); returns their upstream user ids."""
        body = {"count": count, "ticket_type": ticket_type}
        return self._call("POST", f"sessions/{session_id}/registrants", body)["userIds"]

    def magic_key(self, email: str, ttl_seconds: int | None = None) -> str:
        body = {"ttl_seconds": ttl_seconds} if ttl_seconds is not None else None
        return self._call("POST", f"users/{email}/magic-key", body)["userKey"]

    def create_attendees(self, count: int, ticket_type: str | None = "vip") -> list[dict]:
        """New ticket holders, each `{email, password, userId, eventTicketId, accessToken}`."""
        body = {"count": count, "ticket_type": ticket_type}
        return self._call("POST", "attendees", body)["attendees"]

    def login(self, email: str, password: str, event_url: str = EVENT_URL) -> str:
        response = requests.post(
            f"{self.api_url}/u/loginSignUp/{event_url}",
            json={"email": email, "password": password},
            timeout=TIMEOUT,
        )
        response.raise_for_status()
        return response.json()["access_token"]

    def token(self, who: str = "general") -> str:
        """Access token of a demo account: `general` (Gina), `vip` (Victor), `noticket` (Nora),
        or one of `sandbox.demo.EXTRA_ACCOUNTS`, e.g. `tessa` (two tickets)."""
        account = ACCOUNTS.get(who) or EXTRA_ACCOUNTS[who]
        return self.login(account["email"], PASSWORD)

    def rest(self, method: str, path: str, token: str | None = None, **kwargs):
        """A raw `/rest` call; `path` may use `{event}` for the demo event's slug."""
        headers = kwargs.pop("headers", {})
        if token:
            headers["Authorization"] = token
        timeout = kwargs.pop("timeout", TIMEOUT)
        url = self.api_url + path.format(event=EVENT_URL)
        return requests.request(method, url, headers=headers, timeout=timeout, **kwargs)


def assert_api_error(response, status: int, code: str, message: str) -> None:
    """The upstream error shape: status plus `{"errorCode","errorMessage","developerMessage"}`."""
    assert response.status_code == status, response.text
    body = response.json()
    assert (body["errorCode"], body["errorMessage"]) == (code, message)
    assert body["developerMessage"]
