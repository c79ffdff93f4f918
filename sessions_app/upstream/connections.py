"""The connections a call goes through, and how a GET is retried in them.

Each thread has two pooled `requests.Session`s per upstream: a reader that retries a GET a few
times (429, 502, 503, 504; never after a read timeout), its sleeps, Retry-After included, kept
within GET_RETRY_SLEEP_BUDGET and clipped to what is left of the portal request's time budget
(budget.py); and a writer that never retries, so a join or unregister is never sent twice
behind the caller's back. The environment's proxy and CA bundle are read once per Session.
"""

import os
import threading

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import InvalidHeader
from urllib3.util.retry import Retry

from . import budget

USER_AGENT = "accelevents-attendee-portal/0.1"
POOL_SIZE = 20
# All retry sleeps of one GET together stay under this, whatever Retry-After says:
# the portal answers its own users within a time budget.
GET_RETRY_SLEEP_BUDGET = 2.0
# A retry is not started with less than this left of the request's time budget.
MIN_RETRY_SECONDS = 0.25


class Connections:
    """Per-thread Sessions for one upstream: retrying for GET, never-retrying for writes."""

    def __init__(self, base_url: str, get_retries: int):
        self.base_url = base_url
        self.get_retries = get_retries
        self._local = threading.local()

    def for_method(self, method: str) -> requests.Session:
        name = "reader" if method == "GET" else "writer"
        http = getattr(self._local, name, None)
        if http is None:
            # Writes: Retry(0) so a join or unregister is never sent twice behind our back.
            retry = _read_retry(self.get_retries) if method == "GET" else Retry(0, read=False)
            http = _http_session(retry, self.base_url)
            setattr(self._local, name, http)
        return http


class _BudgetedRetry(Retry):
    """urllib3's Retry that also stops retrying, and sleeps less, as the portal request's time
    budget (budget.py) runs out."""

    def is_retry(self, method: str, status_code: int, has_retry_after: bool = False) -> bool:
        left = budget.remaining()
        if left is not None and left < MIN_RETRY_SECONDS:
            return False
        return super().is_retry(method, status_code, has_retry_after)

    def get_retry_after(self, response) -> float | None:
        try:
            seconds = super().get_retry_after(response)
        except InvalidHeader:  # unreadable: as if absent (retry_after.py)
            return None
        return None if seconds is None else budget.clip(seconds, keep=MIN_RETRY_SECONDS)

    def get_backoff_time(self) -> float:
        return budget.clip(super().get_backoff_time(), keep=MIN_RETRY_SECONDS)


def _read_retry(retries: int) -> Retry:
    per_sleep = GET_RETRY_SLEEP_BUDGET / max(retries, 1)
    return _BudgetedRetry(
        total=retries,
        # A read timeout already spent the budget, and a retry would double it. False (not 0)
        # re-raises the original error, so a timeout stays a ReadTimeout.
        read=False,
        backoff_factor=0.2,
        backoff_max=per_sleep,
        backoff_jitter=0.2,
        retry_after_max=per_sleep,
        status_forcelist=(429, 502, 503, 504),
        allowed_methods={"GET"},
        respect_retry_after_header=True,
        raise_on_status=False,
        raise_on_redirect=False,
        redirect=0,
    )


def _http_session(retry: Retry, base_url: str) -> requests.Session:
    http = requests.Session()
    http.headers["User-Agent"] = USER_AGENT
    # The environment's proxy (HTTPS_PROXY, NO_PROXY) and CA bundle (REQUESTS_CA_BUNDLE), read
    # once here: with trust_env, requests reads them and ~/.netrc again on every call, about a
    # tenth of a cold page's CPU (docs/benchmarks.md). No .netrc: we send our own credentials.
    http.trust_env = False
    http.proxies = requests.utils.get_environ_proxies(base_url)
    http.verify = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True
    adapter = HTTPAdapter(pool_connections=4, pool_maxsize=POOL_SIZE, max_retries=retry)
    http.mount("http://", adapter)
    http.mount("https://", adapter)
    return http
