"""Shared fixtures.

Sandbox: `sandbox_server` starts one `python -m sandbox runsandbox` for the whole run (or uses
the one at `PORTAL_TEST_SANDBOX_URL`); `sandbox` resets it before the test and points the
portal's settings at it.
"""

import os

import pytest

from sandbox import demo
from tests.sandbox_control import SandboxControl, running_sandbox, wait_healthy

pytest_plugins = ["tests.browser"]  # browser, page, page_watch: Playwright fixtures


def _own_stores_per_worker() -> None:
    """Under pytest-xdist each worker flushes the cache around every test, so each needs a Redis
    database of its own: gwN uses the Nth after the one it was given (tests.on_services gives 8;
    processes the tests start read CACHE_URL, so it changes there too). The test databases
    get a `_gwN` suffix from pytest-django already."""
    from django.conf import settings

    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "portal.sqlite":
        # pytest-django knows Django's own SQLite engine only: ours would get a test database
        # named after the file, plus `_gwN`. Each worker is its own process: memory is its own.
        test = database.setdefault("TEST", {})  # Django may have set NAME: None already
        test["NAME"] = test.get("NAME") or ":memory:"
    cache = settings.CACHES["default"]
    if not worker.startswith("gw") or not cache["BACKEND"].endswith("RedisCache"):
        return
    base, _, number = cache["LOCATION"].rpartition("/")
    location = f"{base}/{int(number or 0) + int(worker[2:])}"
    cache["LOCATION"] = location
    os.environ["CACHE_URL"] = location


_own_stores_per_worker()

# --- sandbox ---


@pytest.fixture(scope="session")
def sandbox_server(tmp_path_factory):
    """Base URL (no `/rest`) of a running sandbox, shared by the whole test run."""
    external = os.environ.get("PORTAL_TEST_SANDBOX_URL", "").rstrip("/")
    if external:
        wait_healthy(external)
        yield external
        return
    with running_sandbox(tmp_path_factory.mktemp("sandbox")) as base_url:
        yield base_url


@pytest.fixture
def sandbox(sandbox_server) -> SandboxControl:
    """The sandbox, freshly reset: demo data around now, no faults, clock offset 0."""
    control = SandboxControl(sandbox_server)
    control.reset()
    return control


@pytest.fixture(autouse=True)
def _portal_points_at_sandbox(settings, request):
    """Tests that use `sandbox` talk to it through the portal's settings, too."""
    if "sandbox" not in request.fixturenames:
        return
    control = request.getfixturevalue("sandbox")
    settings.ACCELEVENTS_API_BASE_URL = control.api_url
    settings.ACCELEVENTS_EVENT_URL = demo.EVENT_URL
    settings.ACCELEVENTS_API_KEY = "sandbox-organization-key"


# --- portal state between tests ---


@pytest.fixture(autouse=True)
def _fresh_portal_state(settings):
    """Each test starts with an empty cache, no clock skew and un-hashed static files."""
    from django.core.cache import cache

    from sessions_app import cache as portal_cache
    from sessions_app.agenda import rendered
    from sessions_app.upstream import clock

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    cache.clear()
    rendered.pages.clear()
    portal_cache._SNAPSHOT_ASK_AFTER.clear()
    clock._state["skew"] = 0.0
    yield
    cache.clear()
