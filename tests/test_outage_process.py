"""The fault run: a portal process of its own (gunicorn, tests/portal_process.py) loses Redis or
PostgreSQL while an attendee uses it, and the test asserts what that attendee sees.

Redis is taken away by pointing the process at a port where nothing listens; PostgreSQL by a
TCP proxy (tests/tcp_proxy.py) the test cuts mid-run. The shared servers are never stopped."""

import re
from urllib.parse import urlsplit

import pytest
import requests
from django.conf import settings

from sandbox.demo import ACCOUNTS, SESSION_IDS
from tests.fault_helpers import closed_port
from tests.portal_process import migrated_sqlite, running_portal, shared_database_url
from tests.tcp_proxy import TcpProxy
from tests.test_production_stack import on_services

pytestmark = pytest.mark.django_db(transaction=True)  # the process's rows are flushed after

OPEN = SESSION_IDS["accessible-venues"]
TIMEOUT = 15


class Attendee:
    """A browser, as far as the portal can tell: cookies, CSRF tokens, plain form posts."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.http = requests.Session()

    def get(self, path: str, **headers) -> requests.Response:
        return self.http.get(self.base_url + path, headers=headers, timeout=TIMEOUT)

    def post(self, path: str, data: dict | None = None, **headers) -> requests.Response:
        token = self.http.cookies.get("csrftoken", "")
        return self.http.post(
            self.base_url + path,
            data=data or {},
            headers={"X-CSRFToken": token, **headers},
            allow_redirects=False,
            timeout=TIMEOUT,
        )

    def sign_in(self, who: str) -> requests.Response:
        page = self.get("/sign-in/").text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        account = ACCOUNTS[who]
        form = {"csrfmiddlewaretoken": token, "email": account["email"]}
        return self.post("/sign-in/", {**form, "password": account["password"]})


def writes_sent(sandbox) -> int:
    return sum(n for k, n in sandbox.stats()["requests"].items() if k.startswith("POST /ev"))


@pytest.fixture
def database_url(tmp_path) -> str:
    """The test run's PostgreSQL where there is one, else a migrated SQLite file."""
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return shared_database_url()
    return migrated_sqlite(tmp_path / "portal.sqlite3")


def test_without_redis_the_portal_process_serves_an_attendee(sandbox, database_url, tmp_path):
    with (
        closed_port() as port,
        running_portal(
            tmp_path,
            api_url=sandbox.api_url,
            database_url=database_url,
            cache_url=f"redis://127.0.0.1:{port}/0",
        ) as portal,
    ):
        victor = Attendee(portal.url)
        assert victor.sign_in("vip").status_code == 302
        assert f'id="session-card-{OPEN}"' in victor.get("/?format=all").text
        joined = victor.post(f"/sessions/{OPEN}/join/", {"confirm": "overlap"})
        assert (joined.status_code, joined.headers["Location"]) == (302, f"/sessions/{OPEN}/")
        page = victor.get(f"/sessions/{OPEN}/").text
        assert 'id="player-slot"' in page, "the join shows on the next page, whichever thread"
        health = victor.get("/healthz")
        assert (health.status_code, health.json()["cache"]) == (200, "degraded")
        assert victor.post("/sign-out/").status_code == 302
        assert victor.get("/my-sessions/").url.startswith(f"{portal.url}/sign-in/")
    logs = portal.logs()
    assert logs.count("cache unreachable (ConnectionError)") == 1, logs
    assert "Traceback" not in logs and '" 500 ' not in logs


@on_services
def test_when_postgresql_goes_away_mid_run_the_attendee_gets_a_503_and_nothing_is_sent(
    sandbox, tmp_path
):
    database = urlsplit(shared_database_url())
    cache_url = settings.CACHES["default"]["LOCATION"]
    with (
        TcpProxy(database.hostname, database.port) as proxy,
        running_portal(
            tmp_path,
            api_url=sandbox.api_url,
            database_url=database._replace(netloc=f"postgres@127.0.0.1:{proxy.port}").geturl(),
            cache_url=cache_url,
            DATABASE_CONN_MAX_AGE="0",
        ) as portal,
    ):
        victor = Attendee(portal.url)
        assert victor.sign_in("vip").status_code == 302
        assert victor.get("/?format=all").status_code == 200  # now cached in Redis
        victor.get(f"/sessions/{OPEN}/")
        sandbox.reset_stats()
        proxy.cut()

        agenda = victor.get("/?format=all")
        assert agenda.status_code == 200 and "Sign out" in agenda.text, "a cached agenda reads on"
        join = victor.post(f"/sessions/{OPEN}/join/", {"confirm": "overlap"})
        assert (join.status_code, join.headers["Retry-After"]) == (503, "15")
        assert "nothing was sent to the event platform" in join.text
        notice = victor.post(
            f"/sessions/{OPEN}/join/", {"confirm": "overlap"}, **{"HX-Request": "true"}
        )
        assert (notice.status_code, notice.headers["HX-Retarget"]) == (200, "#page-notice")
        assert writes_sent(sandbox) == 0, "no upstream write that could not be recorded"
        health = victor.get("/healthz")
        assert (health.status_code, health.json()["database"]) == (503, "fail")

        proxy.restore()
        joined = victor.post(f"/sessions/{OPEN}/join/", {"confirm": "overlap"})
        assert (joined.status_code, joined.headers["Location"]) == (302, f"/sessions/{OPEN}/")
        assert writes_sent(sandbox) == 1
    logs = portal.logs()
    assert "database unreachable (OperationalError)" in logs
    assert "Traceback" not in logs and '" 500 ' not in logs
