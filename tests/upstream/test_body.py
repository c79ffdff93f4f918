"""An upstream that drips its answer (a byte at a time, each within the read timeout) still
costs a portal request no more than its time budget: `requests`' read timeout is per socket
read, so the body is read against a deadline of its own, and running out of it is a timeout
like any other (a read falls back or shows the retry page; a join is unconfirmed)."""

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from sessions_app.upstream import budget
from sessions_app.upstream.client import AccelEventsClient
from sessions_app.upstream.errors import UpstreamTimeout, UpstreamUnavailable

BODY = json.dumps({"eventId": 1, "name": "Dripped", "eventURL": "dripped"}).encode()
JSON = "Content-Type: application/json"
READ_TIMEOUT = 0.5
BUDGET = 0.8
MARGIN = 0.3  # the test's own threads and a slow machine


@contextmanager
def dripping_upstream(seconds_per_byte: float) -> Iterator[str]:
    """An HTTP server on 127.0.0.1 that sends its headers at once and then its body a byte
    every `seconds_per_byte`; yields its API base URL."""
    listener = socket.create_server(("127.0.0.1", 0))
    stopped = threading.Event()

    def serve(conn: socket.socket) -> None:
        with conn:
            conn.recv(65536)
            head = f"HTTP/1.1 200 OK\r\n{JSON}\r\nContent-Length: {len(BODY)}\r\n\r\n"
            conn.sendall(head.encode())
            for byte in BODY:
                if stopped.wait(seconds_per_byte):
                    return
                try:
                    conn.sendall(bytes([byte]))
                except OSError:
                    return  # the client gave up

    def accept() -> None:
        while not stopped.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=serve, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/rest"
    finally:
        stopped.set()
        listener.close()


def client_for(api_url: str) -> AccelEventsClient:
    return AccelEventsClient(
        base_url=api_url,
        event_url="dripped",
        connect_timeout=0.25,
        read_timeout=READ_TIMEOUT,
        get_retries=0,
    )


def test_a_dripped_answer_is_a_timeout_within_the_budget():
    with dripping_upstream(seconds_per_byte=0.05) as api_url:  # 20 bytes/s: about 3 s in all
        api = client_for(api_url)
        started = time.monotonic()
        with budget.upstream_budget(BUDGET), pytest.raises(UpstreamUnavailable) as caught:
            api.event()
        took = time.monotonic() - started

    assert isinstance(caught.value, UpstreamTimeout), "the same error a timeout is"
    assert took < BUDGET + MARGIN, f"{took:.2f}s"


def test_a_dripped_answer_is_a_timeout_after_the_read_timeout_outside_a_budget():
    """Commands and the worker have no request budget: the read timeout bounds the body."""
    with dripping_upstream(seconds_per_byte=0.05) as api_url:
        api = client_for(api_url)
        started = time.monotonic()
        with pytest.raises(UpstreamTimeout):
            api.event()
        took = time.monotonic() - started

    assert took < READ_TIMEOUT + MARGIN, f"{took:.2f}s"


def test_an_answer_that_arrives_in_time_is_read_whole():
    with dripping_upstream(seconds_per_byte=0.001) as api_url, budget.upstream_budget(BUDGET):
        event = client_for(api_url).event()

    assert event.name == "Dripped"
