"""Reading an upstream answer's body against a deadline.

`requests`' read timeout bounds each socket read, not the body: an answer dripped a byte at a
time, each within the timeout, could hold a portal request far past its time budget (11.0 s
against 10.6 s, measured). The transport asks for the answer streamed (headers only) and reads
the body here: one socket read at a time, each given at most what is left of the read timeout
and of the request's budget. Running out is `requests`' own ReadTimeout, so it becomes the same
error as any other timeout."""

import math
import time

import requests
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import ReadTimeoutError

from . import budget

CHUNK = 64 * 1024


def read_body(response: requests.Response, read_timeout: float) -> None:
    """Fill `response.content` within `read_timeout` seconds and the request's budget, or
    raise ReadTimeout (ConnectionError for a broken one), the connection closed."""
    left = budget.remaining()
    deadline = time.monotonic() + min(read_timeout, math.inf if left is None else left)
    chunks = []
    try:
        while chunk := _read_some(response.raw, deadline):
            chunks.append(chunk)
    except BaseException:
        response.close()  # half read: the connection is no good to anyone
        raise
    response._content = b"".join(chunks)
    response._content_consumed = True
    response.raw.release_conn()


def _read_some(raw, deadline: float) -> bytes:
    left = deadline - time.monotonic()
    if left <= 0:
        raise requests.ReadTimeout("the answer's body did not arrive in time")
    sock = getattr(getattr(raw, "connection", None), "sock", None)
    if sock is not None:
        sock.settimeout(left)  # this read, too, ends by the deadline
    try:
        return raw.read1(CHUNK, decode_content=True)
    except ReadTimeoutError as exc:
        raise requests.ReadTimeout(exc) from None
    except Urllib3Error as exc:
        raise requests.ConnectionError(exc) from None
