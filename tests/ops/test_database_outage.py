"""The portal's database refusing every query while the cache still answers (in this process:
the database driver's own error for every statement; tests/test_outage_process.py cuts a real
PostgreSQL away from a portal process of its own)."""

from contextlib import contextmanager

import pytest
from django.db import OperationalError, connection

from sandbox.demo import ACCOUNTS, SESSION_IDS
from sessions_app.models import JoinAttempt
from tests.portal_helpers import KEEP_BOTH, sign_in

pytestmark = pytest.mark.django_db

OPEN = SESSION_IDS["accessible-venues"]
HX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/"}


@contextmanager
def database_refusing():
    def refuse(execute, sql, params, many, context):
        raise OperationalError("connection to server at 10.0.0.5 failed: Connection refused")

    with connection.execute_wrapper(refuse):
        yield


def writes_sent(sandbox) -> int:
    return sum(n for k, n in sandbox.stats()["requests"].items() if k.startswith("POST /ev"))


def test_a_signed_in_attendee_still_reads_a_cached_agenda(client, sandbox, caplog):
    sign_in(client, "vip")
    assert client.get("/?format=all").status_code == 200
    with database_refusing():
        agenda = client.get("/?format=all")  # the page rendered before
        live = client.get("/?format=all&tab=live")  # rendered now, from the cached lists
        session_page = client.get(f"/sessions/{OPEN}/")
    for page in (agenda, live):
        assert page.status_code == 200 and f'id="session-card-{OPEN}"' in page.content.decode()
        assert "Sign out" in page.content.decode(), "still signed in, from the session alone"
    assert (
        session_page.status_code == 200 and 'id="player-slot"' not in session_page.content.decode()
    )
    assert "10.0.0.5" not in caplog.text


@pytest.mark.django_db(transaction=True)  # autocommit, as in production: the click after works
def test_a_join_is_not_sent_when_it_could_not_be_recorded(client, sandbox):
    sign_in(client, "vip")
    client.get(f"/sessions/{OPEN}/")
    sandbox.reset_stats()
    with database_refusing():
        page = client.post(f"/sessions/{OPEN}/join/", KEEP_BOTH)
        fragment = client.post(f"/sessions/{OPEN}/join/", KEEP_BOTH, **HX)
    assert page.status_code == 503 and page["Retry-After"] == "15"
    html = page.content.decode()
    assert "nothing was sent to the event platform" in html and "10.0.0.5" not in html
    assert fragment.status_code == 200 and fragment["HX-Retarget"] == "#page-notice"
    assert 'role="alert"' in fragment.content.decode()
    assert writes_sent(sandbox) == 0, "no upstream write that could not be recorded"
    assert not JoinAttempt.objects.exists()
    after = client.post(f"/sessions/{OPEN}/join/", KEEP_BOTH)
    assert (after.status_code, after["Location"]) == (302, f"/sessions/{OPEN}/")


def test_signing_in_without_the_database_is_the_outage_page(client, sandbox):
    gina = ACCOUNTS["general"]
    with database_refusing():
        response = client.post("/sign-in/", {"email": gina["email"], "password": gina["password"]})
    assert response.status_code == 503 and response["Retry-After"] == "15"
    assert client.get("/").status_code == 302, "not signed in"
