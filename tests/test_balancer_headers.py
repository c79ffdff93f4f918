"""deploy/haproxy.cfg, run for real in front of a small server that records what reaches it:
the portal believes the balancer's X-Forwarded-Proto (TRUSTED_PROXY_HOPS=1), so the balancer
writes it itself and a client's own never passes through."""

import http.server
import os
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest
import requests

CONFIG = Path(__file__).resolve().parent.parent / "deploy" / "haproxy.cfg"
HAPROXY = shutil.which("haproxy") or "haproxy"
pytestmark = pytest.mark.skipif(not shutil.which("haproxy"), reason="haproxy not installed")


class _Recorder(http.server.BaseHTTPRequestHandler):
    seen: list[dict] = []

    def do_GET(self):
        if self.path != "/healthz":
            self.seen.append(dict(self.headers))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_balancer_overwrites_a_clients_forwarded_proto(tmp_path):
    backend = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=backend.serve_forever, daemon=True).start()
    copy = f"127.0.0.1:{backend.server_address[1]}"
    port = _free_port()
    env = {**os.environ, "HAPROXY_BIND": f"127.0.0.1:{port}", "PORTAL1": copy, "PORTAL2": copy}
    balancer = subprocess.Popen(
        [HAPROXY, "-db", "-f", str(CONFIG)], env=env, cwd=tmp_path, stdout=subprocess.DEVNULL
    )
    try:
        answer = _get_when_up(f"http://127.0.0.1:{port}/", {"X-Forwarded-Proto": "https"})
    finally:
        balancer.terminate()
        balancer.wait(10)
        backend.shutdown()
        backend.server_close()

    assert answer.status_code == 200
    forwarded = {k.lower(): v for k, v in _Recorder.seen[-1].items()}
    assert forwarded["x-forwarded-proto"] == "http", "the client's claim did not pass"
    assert forwarded["x-forwarded-for"] == "127.0.0.1"


def _get_when_up(url: str, headers: dict) -> requests.Response:
    deadline = time.monotonic() + 10
    while True:
        try:
            answer = requests.get(url, headers=headers, timeout=5)
            if answer.status_code == 200 or time.monotonic() > deadline:
                return answer
        except requests.ConnectionError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.1)
