"""What a real portal process writes to its logs (gunicorn's access and error logs, Django's
own lines): no magic-link key, whatever the request did with it, and one line per bad Host."""

import logging
import re

import pytest
import requests
from django.test import Client

from portal.logs import RedactKeys, redact
from sandbox.demo import ACCOUNTS
from tests.portal_process import migrated_sqlite, running_portal

FEED_TOKEN = "c0ffee" * 8


@pytest.fixture(scope="module")
def portal_database(tmp_path_factory):
    return migrated_sqlite(tmp_path_factory.mktemp("portal-db") / "portal.sqlite3")


def test_no_magic_key_reaches_the_access_or_error_log(sandbox, portal_database, tmp_path):
    keys = [sandbox.magic_key(ACCOUNTS[who]["email"]) for who in ("general", "vip", "noticket")]
    with running_portal(
        tmp_path, api_url=sandbox.api_url, database_url=portal_database, cache_url="locmemcache://"
    ) as portal:
        browser = requests.Session()
        opened = browser.get(f"{portal.url}/magic/{keys[0]}/", allow_redirects=False)
        assert (opened.status_code, opened.headers["Location"]) == (302, "/magic/")
        confirm = browser.get(f"{portal.url}/magic/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', confirm.text).group(1)
        for step in ({}, {"choice": "continue"}):  # use the key, then sign in as its account
            used = browser.post(
                f"{portal.url}/magic/",
                {"csrfmiddlewaretoken": token, **step},
                headers={"Referer": f"{portal.url}/magic/"},
                allow_redirects=False,
            )
        assert (used.status_code, used.headers["Location"]) == (302, "/")
        forged = requests.post(
            f"{portal.url}/magic/{keys[1]}/?next=/x", allow_redirects=False, timeout=10
        )
        assert forged.status_code == 403, "a POST without a CSRF token: the CSRF warning"
        assert requests.get(f"{portal.url}/magic/{keys[2]}/more/", timeout=10).status_code == 404
        feed = f"{portal.url}/calendar/1-{FEED_TOKEN}.ics"
        assert requests.get(feed, timeout=10).status_code == 404  # a wrong feed token
        bad_host = requests.get(
            f"{portal.url}/sign-in/", headers={"Host": "evil.example"}, timeout=10
        )
        assert bad_host.status_code == 400
    logs = portal.logs()
    assert logs.count("/magic/[redacted]/") >= 4, logs  # access lines, CSRF and 404 warnings
    for key in [*keys, FEED_TOKEN]:
        assert key not in logs
    assert "/calendar/[redacted].ics" in logs
    assert "Forbidden (CSRF cookie not set.): /magic/[redacted]/" in logs
    host_lines = [line for line in logs.splitlines() if "Invalid HTTP_HOST header" in line]
    assert len(host_lines) == 1 and " WARNING " in host_lines[0], host_lines
    assert "Traceback" not in logs


def test_redaction_keeps_everything_but_the_key():
    assert redact('"GET /magic/abc-DEF_123/?next=/x HTTP/1.1" 302') == (
        '"GET /magic/[redacted]/?next=/x HTTP/1.1" 302'
    )
    assert redact("Not Found: /magic/k3y") == "Not Found: /magic/[redacted]"
    assert redact("GET /magic/ 200") == "GET /magic/ 200", "the key-less page keeps its path"
    assert redact("GET /calendar/7-abc123.ics HTTP/1.1") == "GET /calendar/[redacted].ics HTTP/1.1"
    assert redact("POST /reminders/unsubscribe/7:Ab-c_1/ HTTP/1.1") == (
        "POST /reminders/unsubscribe/[redacted]/ HTTP/1.1"
    )
    record = logging.LogRecord("x", logging.WARNING, "", 0, "Forbidden: %s", ("/magic/k/",), None)
    RedactKeys().filter(record)
    assert record.getMessage() == "Forbidden: /magic/[redacted]/"


@pytest.mark.django_db
def test_an_encoded_feed_or_key_path_is_redacted_as_decoded(sandbox):
    client = Client()
    form = {"email": ACCOUNTS["vip"]["email"], "password": ACCOUNTS["vip"]["password"]}
    assert client.post("/sign-in/", form).status_code == 302
    mine = client.get("/my-sessions/").content.decode()
    feed = re.search(r'value="http://testserver/calendar/([^"]+)\.ics"', mine)[1]
    encoded = [f"/calendar/{feed}%2Eics", f"/calendar/{feed}%2eics", f"/%63alendar/{feed}.ics"]
    for path in encoded:
        assert Client().get(path).status_code == 200, f"{path} is the feed too"
    lines = [f'"GET {path} HTTP/1.1" 200' for path in encoded]
    lines += [
        f"GET //calendar//{feed}.ics HTTP/1.1",
        "GET /magic/%6Bey-one-two/ HTTP/1.1",
        "GET /magic//key-one-two/ HTTP/1.1",
        "GET /sign-in/?next=%2Fmagic%2Fkey-one-two%2F HTTP/1.1",
    ]

    for line in lines:
        assert feed not in redact(line) and "key-one-two" not in redact(line), line
        assert "[redacted]" in redact(line)
    assert redact("GET /a%20b/?next=https://x.example/ 404") == (
        "GET /a%20b/?next=https://x.example/ 404"
    ), "what holds no key is kept as written"
