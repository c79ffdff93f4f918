"""Parallel guessing: 40 wrong passwords at once reach the upstream at most `limit` times,
within one process and across two copies of the portal sharing Redis (the sandbox counts the
login calls). The upstream answers slowly (300 ms), as a real one does under a burst: a limit
checked before and counted after the call let most of a burst through."""

import re
import threading

import pytest
import requests
from django.conf import settings
from django.test import Client

from sandbox.demo import ACCOUNTS
from tests.portal_process import running_portal, shared_database_url
from tests.test_production_stack import on_services

pytestmark = pytest.mark.django_db

LOGIN = "POST /u/loginSignUp/{eventurl}"
GINA = ACCOUNTS["general"]["email"]


def at_once(calls) -> list:
    results = [None] * len(calls)
    barrier = threading.Barrier(len(calls))

    def run(index, call):
        barrier.wait(timeout=30)
        results[index] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.fixture
def slow_login(sandbox):
    sandbox.set_fault(mode="latency", ms=300, path_contains="/u/loginSignUp")
    sandbox.reset_stats()
    return sandbox


def guess(email: str, address: str):
    form = {"email": email, "password": "wrong-password-1"}
    return lambda: Client().post("/sign-in/", form, REMOTE_ADDR=address).status_code


def test_40_parallel_guesses_at_one_account_reach_the_upstream_at_most_the_limit(
    slow_login, settings
):
    answers = at_once([guess(GINA, f"10.7.0.{i}") for i in range(40)])
    assert slow_login.request_count(LOGIN) <= settings.SIGNIN_RATE_LIMIT
    assert answers.count(429) >= 40 - settings.SIGNIN_RATE_LIMIT


def test_40_parallel_guesses_from_one_address_reach_the_upstream_at_most_its_limit(
    slow_login, settings
):
    settings.SIGNIN_IP_RATE_LIMIT = 10
    answers = at_once([guess(f"guess{i}@example.com", "10.8.0.1") for i in range(40)])
    assert slow_login.request_count(LOGIN) <= 10
    assert answers.count(429) >= 30


def browser_guess(base_url: str):
    def attempt() -> int:
        http = requests.Session()
        page = http.get(f"{base_url}/sign-in/", timeout=30).text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = {"csrfmiddlewaretoken": token, "email": GINA, "password": "wrong-password-1"}
        return http.post(f"{base_url}/sign-in/", form, timeout=30).status_code

    return attempt


@on_services
@pytest.mark.django_db(transaction=True)
def test_40_parallel_guesses_across_two_copies_reach_the_upstream_at_most_the_limit(
    slow_login, tmp_path
):
    shared = {
        "api_url": slow_login.api_url,
        "database_url": shared_database_url(),
        "cache_url": settings.CACHES["default"]["LOCATION"],
    }
    with (
        running_portal(tmp_path / "a", **shared) as first,
        running_portal(tmp_path / "b", **shared) as second,
    ):
        slow_login.reset_stats()
        answers = at_once([browser_guess((first, second)[i % 2].url) for i in range(40)])
    assert slow_login.request_count(LOGIN) <= settings.SIGNIN_RATE_LIMIT
    assert answers.count(429) >= 40 - settings.SIGNIN_RATE_LIMIT
