"""Bad input on every parameter the portal reads (query strings, path ids, forms, headers):
a 400/404 or a corrected value, never a 500, and never passed raw to the upstream: every URL
the portal sends is checked against the contract's path templates and a small set of query
parameters with well-formed values."""

import re
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
from django.test import Client

from sandbox.demo import ACCOUNTS, EVENT_URL, SESSION_IDS
from tests.fault_helpers import module_sandbox, sign_in_as
from tests.portal_helpers import use_magic_link

pytestmark = pytest.mark.django_db

VICTOR = ACCOUNTS["vip"]
OPEN = SESSION_IDS["accessible-venues"]
EVENT = re.escape(EVENT_URL)
UPSTREAM_PATHS = re.compile(
    rf"/rest/(u/loginSignUp/{EVENT}|u/loginUserByUserKey/[A-Za-z0-9%._~-]{{1,600}}|u/myprofile"
    rf"|events/{EVENT}(/session/v2(/\d{{1,19}})?|/user-session/registered"
    rf"|/session/\d{{1,19}}/register/\d{{1,19}})?)"
)
UPSTREAM_QUERY = {
    "page": re.compile(r"\d{1,3}"),
    "size": re.compile(r"\d{1,3}"),
    "expand": re.compile(r"[A-Z_,]+"),
}
HOSTILE_VALUES = [
    "-1",
    "0",
    "abc",
    "1e9",
    "NaN",
    "99999999999999999999999",
    "0x10",
    "1.5",
    "\x00",
    "%00",
    "' OR 1=1 --",
    "../../etc/passwd",
    "<script>alert(1)</script>",
    "x" * 5000,
    "2026-99-99",
    "0000-00-00",
    "9999-12-31",
    "2026/01/01",
    "\u202e\u0646\u0635",
]
AGENDA_PARAMS = ["page", "track", "tag", "day", "format", "tab", "q"]
UNKNOWN_PARAMS = {
    "size": "100000",
    "page_size": "100000",
    "limit": "1e9",
    "expand": "registerdHolderUsers",
    "foo": "bar",
    "trackIds": "1,2,3",
}


@pytest.fixture(scope="module")
def upstream(sandbox_server):
    return module_sandbox(sandbox_server)


@pytest.fixture
def sent(monkeypatch) -> list[str]:
    """Every URL the portal sends upstream (wraps, does not replace, requests' send)."""
    urls: list[str] = []
    send = requests.Session.send

    def recording_send(self, request, **kwargs):
        urls.append(request.url)
        return send(self, request, **kwargs)

    monkeypatch.setattr(requests.Session, "send", recording_send)
    return urls


@pytest.fixture
def victor(upstream, settings, sent) -> Client:
    upstream.clear_faults()
    settings.ACCELEVENTS_API_BASE_URL = upstream.api_url
    settings.ACCELEVENTS_EVENT_URL = EVENT_URL
    return sign_in_as(VICTOR["email"], VICTOR["password"])


def assert_well_formed_upstream_calls(urls: list[str]) -> None:
    assert urls, "the pages did call the upstream"
    for url in urls:
        parts = urlsplit(url)
        if parts.path.startswith("/__sandbox__/"):
            continue  # the test's own sandbox controls
        assert UPSTREAM_PATHS.fullmatch(parts.path), url
        for name, value in parse_qsl(parts.query, keep_blank_values=True):
            assert name in UPSTREAM_QUERY and UPSTREAM_QUERY[name].fullmatch(value), url


def test_agenda_corrects_every_bad_parameter(victor, sent):
    for name in AGENDA_PARAMS:
        for value in HOSTILE_VALUES:
            response = victor.get("/", {name: value})
            assert response.status_code == 200, (name, value)
    for name, value in UNKNOWN_PARAMS.items():
        assert victor.get("/", {name: value}).status_code == 200, name
    repeated = victor.get("/?page=2&page=abc&tab=live&tab=past&track=1&track=x")
    assert repeated.status_code == 200
    shown = victor.get("/", {"q": "y" * 5000}).content.decode()
    assert "y" * 101 not in shown, "an over-long search is dropped, not echoed"
    assert_well_formed_upstream_calls(sent)


def test_status_poll_ids_are_filtered(victor, sent):
    ugly = ",".join(
        ["abc", "", "--", "-1", "0x1", "1e3", "9" * 25, str(OPEN), " 5", "%00", "<b>"] * 5
    )
    many = ",".join(str(i) for i in range(100_000))
    for ids in (ugly, many, "", "," * 10_000):
        response = victor.get("/agenda/status/", {"ids": ids}, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
    assert_well_formed_upstream_calls(sent)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/sessions/abc/", 404),
        ("/sessions/-1/", 404),
        ("/sessions/1.5/", 404),
        ("/sessions/99999999999999999999999/", 404),
        ("/sessions/0/", 404),
        (f"/sessions/{'9' * 19}/", 404),
        ("/sessions/%2e%2e/", 404),
        ("/sessions/1/%00/", 404),
    ],
)
def test_bad_session_ids_are_not_found(path, expected, victor, sent):
    assert victor.get(path).status_code == expected
    assert victor.post(path.rstrip("/") + "/join/").status_code == 404
    assert victor.post(path.rstrip("/") + "/unregister/").status_code == 404
    assert_well_formed_upstream_calls(sent)


def test_magic_link_keys_are_encoded_and_bounded(client, upstream, settings, sent):
    settings.ACCELEVENTS_API_BASE_URL = upstream.api_url
    settings.ACCELEVENTS_EVENT_URL = EVENT_URL
    for key in ("a" * 5000, "%00", "x%3Fadmin=1%23", "<script>"):
        confirmed = use_magic_link(client, key)
        assert confirmed.status_code == 200, key
        assert "expired or has already been used" in confirmed.content.decode(), key
    # A slash is no key: that is no link of ours.
    assert client.get("/magic/..%2F..%2Fu%2Fmyprofile/").status_code == 404
    assert_well_formed_upstream_calls(sent)
    assert all(len(urlsplit(url).path) < 400 for url in sent)


def test_sign_in_form_rejects_bad_fields_before_the_upstream(client, upstream, settings, sent):
    settings.ACCELEVENTS_API_BASE_URL = upstream.api_url
    for form in (
        {},
        {"email": "not-an-email", "password": "x"},
        {"email": "a" * 300 + "@example.com", "password": "x"},
        {"email": "gina@example.com", "password": "p" * 5000},
        {"email": "gina@example.com\x00", "password": "x"},
        {"email": "gina@example.com", "password": "\x00"},
        {"email": ["a@example.com", "not-an-email"], "password": "x"},  # the last one counts
    ):
        assert client.post("/sign-in/", form).status_code == 200, form
    assert sent == [], "nothing invalid is sent upstream"


def test_hostile_headers_and_methods_never_break_a_page(victor, sent):
    headers = {
        "HTTP_HX_REQUEST": "true",
        "HTTP_HX_TARGET": "../../../settings",
        "HTTP_HX_CURRENT_URL": "javascript:alert(1)",
        "HTTP_X_RETURN_TO": "\x00" * 10,
        "HTTP_HX_HISTORY_RESTORE_REQUEST": "maybe",
    }
    for path in ("/", "/my-sessions/", f"/sessions/{OPEN}/", "/agenda/status/?ids=1"):
        assert victor.get(path, **headers).status_code == 200, path
        assert (
            victor.get(path, HTTP_HX_TARGET="player-slot", HTTP_HX_REQUEST="true").status_code
            == 200
        )
    for method in ("put", "delete", "patch"):
        assert getattr(victor, method)("/").status_code == 405
        assert getattr(victor, method)(f"/sessions/{OPEN}/join/").status_code == 405
    assert victor.get(f"/sessions/{OPEN}/join/").status_code == 405
    assert_well_formed_upstream_calls(sent)
