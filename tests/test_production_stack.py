"""The production stack: PostgreSQL + Redis shared by separate processes (the second pass of
`make test`, see tests/on_services.py), gunicorn's config, and whitenoise's static files."""

import os
import runpy
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.core.management import call_command
from django.test import RequestFactory
from whitenoise.middleware import WhiteNoiseMiddleware

from sandbox.demo import ACCOUNTS
from tests.portal.settings.reading import PRODUCTION
from tests.portal_helpers import sign_in

REPO = Path(__file__).resolve().parent.parent
LIST = "GET /events/{eventurl}/session/v2"

on_services = pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    or not settings.CACHES["default"]["BACKEND"].endswith("RedisCache"),
    reason="runs in the PostgreSQL + Redis pass of `make test` (python -m tests.on_services)",
)


def portal_process(code: str, **env: str) -> subprocess.Popen:
    """`code` in a separate Python process with the portal's settings and this run's PostgreSQL
    and Redis (from the environment tests.on_services set): a second copy of the portal, as
    behind a load balancer."""
    full_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", "LOG_LEVEL": "WARNING"}
    return subprocess.Popen(
        [sys.executable, "-c", "import django\ndjango.setup()\n" + textwrap.dedent(code)],
        cwd=REPO,
        env={**full_env, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen) -> str:
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    return out


# --- shared state across processes -------------------------------------------------------------

READ_THE_LIST_WITH_TEN_THREADS = """
    import threading
    from django.core.cache import cache, caches
    from sessions_app.agenda import selectors
    from sessions_app.upstream.client import get_client
    from sessions_app.identity import Viewer

    viewer = Viewer(upstream_user_id=4242, attendee_id=1, token=TOKEN)
    event = get_client().event(token=viewer.token)
    cache.add("test:ready", 0)
    cache.incr("test:ready")
    while cache.get("test:ready") < 2:  # both copies go at once
        pass
    sizes = []
    def read():
        sizes.append(len(selectors.sessions_for_viewer(viewer, event.tz).value))
    threads = [threading.Thread(target=read) for _ in range(10)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    print(sorted(set(sizes)))
"""


@on_services
def test_two_portal_processes_sharing_redis_make_one_upstream_list_call(sandbox):
    code = READ_THE_LIST_WITH_TEN_THREADS.replace("TOKEN", repr(sandbox.token("general")))
    sandbox.set_fault(mode="latency", ms=400, path_contains="/session/v2")
    sandbox.reset_stats()
    copies = [portal_process(code, ACCELEVENTS_API_BASE_URL=sandbox.api_url) for _ in range(2)]
    outputs = [finish(copy) for copy in copies]
    assert outputs[0] == outputs[1] and outputs[0].startswith("[")  # one size, seen by all 20
    assert sandbox.stats()["requests"].get(LIST) == 1


@on_services
def test_failed_sign_ins_counted_by_one_process_block_the_other(client, db):
    email = ACCOUNTS["general"]["email"]
    finish(
        portal_process(
            f"""
            from django.conf import settings
            from sessions_app.accounts.ratelimit import count_attempt
            for _ in range(settings.SIGNIN_RATE_LIMIT):
                count_attempt({email!r}, "10.9.8.7")  # failures: counted, never taken back
            """
        )
    )
    response = client.post(
        "/sign-in/", {"email": email, "password": "whatever"}, REMOTE_ADDR="10.1.1.1"
    )
    assert response.status_code == 429  # the account's count, kept by the other process


@on_services
def test_sessions_live_in_postgresql_and_redis_and_the_cookie_is_only_their_key(
    client, sandbox, db
):
    from django.contrib.sessions.models import Session

    sign_in(client, "general")
    key = client.cookies["sessionid"].value
    assert len(key) == 32 and key.isalnum()
    stored = Session.objects.get(session_key=key).get_decoded()
    assert stored["upstream"]["token"]  # the upstream token: server-side only
    assert cache.get(f"django.contrib.sessions.cached_db{key}") == stored


def test_sessions_are_server_side():
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"


@on_services
def test_redis_is_djangos_built_in_backend_reusing_its_client():
    from portal.redis_cache import RedisCache as PortalRedisCache

    backend = caches["default"]
    assert type(backend) is PortalRedisCache and isinstance(backend, RedisCache)
    assert backend._cache.get_client() is backend._cache.get_client()
    assert cache.add("test:add", 1, 5) and not cache.add("test:add", 2, 5)  # the lock primitive


@on_services
def test_database_connections_are_reused_with_health_checks():
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] > 0
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


# --- app server ---------------------------------------------------------------------------------


def test_gunicorn_config_uses_threaded_workers_on_every_core():
    config = runpy.run_path(str(REPO / "gunicorn.conf.py"))
    assert config["worker_class"] == "gthread"
    assert config["workers"] >= 2 and config["threads"] >= 4
    assert config["max_requests"] >= 10_000  # recycling often costs CPU and connections


def test_a_gunicorn_worker_collects_garbage_at_the_configured_pace():
    """A worker freezes what it loaded at start and collects its youngest objects every
    GUNICORN_GC_YOUNG allocations (README); in a process of its own, as a worker is."""
    code = textwrap.dedent(
        """
        import gc, runpy
        config = runpy.run_path("gunicorn.conf.py")
        config["post_worker_init"](None)
        print(gc.get_threshold()[0], gc.get_freeze_count() > 1000)
        """
    )
    env = {**os.environ, "GUNICORN_GC_YOUNG": "12345"}
    ran = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=60
    )
    assert ran.stdout.split() == ["12345", "True"], ran.stderr


def test_gunicorn_loads_the_portal_with_production_settings():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ACCELEVENTS_", "SECRET"))}
    env.update(PRODUCTION)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    checked = subprocess.run(
        [gunicorn, "--check-config", "--config", "gunicorn.conf.py", "portal.wsgi:application"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert checked.returncode == 0, checked.stderr


# --- static files -------------------------------------------------------------------------------


@pytest.fixture
def collected_static(settings, tmp_path):
    """A throw-away STATIC_ROOT collected and compressed as in production (DEBUG off)."""
    source = tmp_path / "source"
    (source / "css").mkdir(parents=True)
    (source / "css" / "site.css").write_text(".card { margin: 0 auto; }\n" * 200)
    settings.DEBUG = False
    settings.STATICFILES_DIRS = [source]
    settings.STATIC_ROOT = tmp_path / "collected"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    call_command("collectstatic", interactive=False, verbosity=0)
    from django.templatetags.static import static

    return static("css/site.css")


def serve_static(url: str, accept_encoding: str) -> dict:
    """The status and headers whitenoise answers with (the file itself is closed unread)."""
    middleware = WhiteNoiseMiddleware(lambda request: pytest.fail("not a static file"))
    response = middleware(RequestFactory().get(url, HTTP_ACCEPT_ENCODING=accept_encoding))
    response.file_to_stream.close()  # not response.close(): that signals a request's end
    return {"status": response.status_code, **response.headers}


def test_hashed_static_files_are_served_compressed_and_cached_for_good(collected_static):
    assert collected_static != "/static/css/site.css"  # the name carries the content's hash
    brotli = serve_static(collected_static, "gzip, deflate, br")
    assert brotli["status"] == 200
    assert brotli["Content-Encoding"] == "br"
    cache_control = brotli["Cache-Control"]
    max_age = int(cache_control.split("max-age=")[1].split(",")[0])
    assert max_age >= 31536000 and "immutable" in cache_control
    assert "Accept-Encoding" in brotli["Vary"]
    assert serve_static(collected_static, "gzip")["Content-Encoding"] == "gzip"
    plain = serve_static(collected_static, "")
    assert "Content-Encoding" not in plain
    assert int(brotli["Content-Length"]) < int(plain["Content-Length"]) / 4


SHOW_MAX_AGE = "from django.conf import settings; print(settings.WHITENOISE_MAX_AGE)"


def test_production_caches_unhashed_static_names_for_a_year():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ACCELEVENTS_", "SECRET"))}
    env.update(PRODUCTION)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    shown = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SHOW_MAX_AGE],
        cwd=REPO,
        env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert shown.stdout.strip().splitlines()[-1] == "31536000", shown.stderr
