"""Attacks on the attendee's session: fixation, what sign-out leaves behind, open redirects,
CSRF on every state-changing request (htmx ones included), reaching other attendees' data or
the admin by changing ids, and brute-forcing sign-in.

First tests of several of these live in the view tests (tests/<room>/test_views.py and
others, listed in docs/security.md); these extend them."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.sessions.backends.cached_db import SessionStore
from django.contrib.sessions.models import Session as DjangoSession
from django.test import Client

from sandbox.demo import ACCOUNTS, EVENT_URL, SESSION_IDS
from sessions_app.identity import SESSION_KEY
from sessions_app.models import JoinAttempt, Registration
from tests.fault_helpers import module_sandbox, sign_in_as
from tests.portability import cached_keys, cached_values
from tests.portal_helpers import KEEP_BOTH, use_magic_link

pytestmark = pytest.mark.django_db

GINA, VICTOR = ACCOUNTS["general"], ACCOUNTS["vip"]
HYBRID = SESSION_IDS["hybrid-data"]  # live; Gina is registered
OPEN = SESSION_IDS["accessible-venues"]  # live, open to everyone
HIDDEN = SESSION_IDS["green-room"]
WRITES = ("POST", "DELETE")


@pytest.fixture(scope="module")
def upstream(sandbox_server):
    return module_sandbox(sandbox_server)


@pytest.fixture(autouse=True)
def _portal_on_sandbox(upstream, settings):
    upstream.clear_faults()
    settings.ACCELEVENTS_API_BASE_URL = upstream.api_url
    settings.ACCELEVENTS_EVENT_URL = EVENT_URL


def token_of(client: Client) -> str:
    key = client.cookies["sessionid"].value
    return DjangoSession.objects.get(session_key=key).get_decoded()[SESSION_KEY]["token"]


def upstream_writes(upstream) -> int:
    return sum(n for k, n in upstream.stats()["requests"].items() if k.startswith(WRITES))


# --- session fixation and sign-out ------------------------------------------------------------


def test_a_planted_session_key_is_replaced_at_sign_in():
    planted = SessionStore()
    planted["planted-by"] = "attacker"
    planted.create()
    victim = Client()
    victim.cookies["sessionid"] = planted.session_key
    victim.post("/sign-in/", {"email": GINA["email"], "password": GINA["password"]})
    assert victim.cookies["sessionid"].value != planted.session_key
    assert not DjangoSession.objects.filter(session_key=planted.session_key).exists()
    attacker = Client()
    attacker.cookies["sessionid"] = planted.session_key
    assert attacker.get("/my-sessions/").status_code == 302, "the planted key stays anonymous"
    assert victim.get("/my-sessions/").status_code == 200


def test_sign_out_removes_the_token_from_the_server_and_voids_the_cookie():
    gina = sign_in_as(GINA["email"], GINA["password"])
    gina.get("/")  # cached lists
    token, old_key = token_of(gina), gina.cookies["sessionid"].value
    assert gina.get("/sign-out/").status_code == 405, "sign-out is a POST (CSRF-protected)"
    gina.post("/sign-out/")
    assert not DjangoSession.objects.filter(session_key=old_key).exists()
    assert all(token not in str(s.get_decoded()) for s in DjangoSession.objects.all())
    assert all(token not in str(value) for value in cached_values())
    stale = Client()
    stale.cookies["sessionid"] = old_key
    assert stale.get("/").status_code == 302
    assert stale.get("/agenda/status/?ids=1", HTTP_HX_REQUEST="true")["HX-Redirect"]


# --- open redirects ---------------------------------------------------------------------------

HOSTILE_NEXT = [
    "https://evil.example/",
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example",
    "\\\\evil.example",
    "https:evil.example",
    "/\t/evil.example",
    " //evil.example",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "http://testserver@evil.example/",
    "https://testserver.evil.example/",
    "%2F%2Fevil.example",
    "/%09/evil.example",
]


def assert_stays_local(location: str, target: str) -> None:
    # As a browser reads it: tabs and newlines dropped, backslashes as slashes.
    seen = re.sub(r"[\t\n\r]", "", location).replace("\\", "/")
    parts = urlsplit(seen)
    assert seen.startswith("/") and not seen.startswith("//"), (target, location)
    assert not parts.scheme and not parts.netloc, (target, location)


@pytest.mark.parametrize("target", HOSTILE_NEXT)
def test_next_accepts_only_local_paths(target, client, upstream):
    form = {"email": GINA["email"], "password": GINA["password"], "next": target}
    assert_stays_local(client.post("/sign-in/", form)["Location"], target)
    client.post("/sign-out/")
    page = client.get("/sign-in/", {"next": target}).content.decode()
    hidden = re.search(r'name="next" value="([^"]*)"', page).group(1)
    assert_stays_local(hidden, target)
    key = upstream.magic_key(GINA["email"])
    magic = use_magic_link(client, key, next_path=target)
    assert_stays_local(magic["Location"], target)


def test_hostile_return_headers_on_a_signed_out_htmx_call_stay_local(client):
    response = client.post(
        f"/sessions/{OPEN}/join/",
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="https://evil.example//evil.example/x",
        HTTP_X_RETURN_TO="https://evil.example/",
    )
    login = response["HX-Redirect"]
    assert login.startswith("/sign-in/?next=")
    form = {"email": GINA["email"], "password": GINA["password"]}
    assert client.post(login, form)["Location"] == "/"


# --- CSRF -------------------------------------------------------------------------------------


def csrf_token_of(client: Client, path: str = "/sign-in/") -> str:
    html = client.get(path).content.decode()
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def state_changing_requests(key: str):
    return [
        ("/sign-in/", {"email": GINA["email"], "password": GINA["password"]}),
        ("/magic/", {}),
        (f"/sessions/{OPEN}/join/", KEEP_BOTH),
        (f"/sessions/{HYBRID}/unregister/", {}),
        ("/sign-out/", {}),
        ("/admin/login/", {"username": "organizer", "password": "x"}),
    ]


def test_every_post_without_a_valid_token_is_refused(upstream):
    gina = Client(enforce_csrf_checks=True)
    token = csrf_token_of(gina)
    gina.post(
        "/sign-in/", {"email": GINA["email"], "password": GINA["password"]}, HTTP_X_CSRFTOKEN=token
    )
    assert gina.get("/my-sessions/").status_code == 200
    upstream.reset_stats()
    for path, form in state_changing_requests(upstream.magic_key(VICTOR["email"])):
        for headers in (
            {},  # a cross-site form post
            {"HTTP_HX_REQUEST": "true"},  # htmx, without the header htmx adds from the page
            {"HTTP_HX_REQUEST": "true", "HTTP_X_CSRFTOKEN": "x" * 64},
            {"HTTP_X_CSRFTOKEN": token[::-1]},
        ):
            response = gina.post(path, {**form, "csrfmiddlewaretoken": "forged"}, **headers)
            assert response.status_code == 403, (path, headers)
    assert "This form expired" in response.content.decode(), "the friendly CSRF page"
    assert upstream_writes(upstream) == 0 and not JoinAttempt.objects.exists()
    assert gina.get("/my-sessions/").status_code == 200, "still signed in: sign-out was refused"


def test_htmx_requests_with_the_page_token_pass(upstream):
    """The control: the header htmx sends (from hx-headers on <body>) is accepted."""
    victor = Client(enforce_csrf_checks=True)
    token = csrf_token_of(victor)
    victor.post(
        "/sign-in/",
        {"email": VICTOR["email"], "password": VICTOR["password"]},
        HTTP_X_CSRFTOKEN=token,
    )
    page = victor.get("/").content.decode()
    page_token = re.search(r'"X-CSRFToken": "([^"]+)"', page).group(1)
    joined = victor.post(
        f"/sessions/{OPEN}/join/", KEEP_BOTH, HTTP_HX_REQUEST="true", HTTP_X_CSRFTOKEN=page_token
    )
    assert joined["HX-Redirect"] == f"/sessions/{OPEN}/"


def test_a_foreign_referer_is_refused_over_https(upstream):
    browser = Client(enforce_csrf_checks=True)
    token = csrf_token_of(browser)
    response = browser.post(
        "/sign-in/",
        {"email": GINA["email"], "password": GINA["password"], "csrfmiddlewaretoken": token},
        secure=True,
        HTTP_REFERER="https://evil.example/phish",
        HTTP_ORIGIN="https://evil.example",
    )
    assert response.status_code == 403


# --- access control ---------------------------------------------------------------------------


def test_changing_the_session_id_shows_only_the_viewers_own_state(upstream):
    gina = sign_in_as(GINA["email"], GINA["password"])
    victor = sign_in_as(VICTOR["email"], VICTOR["password"])
    assert f'id="my-session-{HYBRID}"' in gina.get("/my-sessions/").content.decode()
    assert f'id="my-session-{HYBRID}"' not in victor.get("/my-sessions/").content.decode()
    page = victor.get(f"/sessions/{HYBRID}/").content.decode()
    assert "not registered for this session" in page and 'id="player-slot"' not in page
    victor.post(f"/sessions/{HYBRID}/unregister/")  # acts on Victor's own ticket only
    assert f'id="my-session-{HYBRID}"' in gina.get("/my-sessions/").content.decode()
    gina_token = upstream.token("general")
    listed = upstream.rest("GET", "/events/{event}/user-session/registered", gina_token).json()
    assert HYBRID in {item["sessionId"] for item in listed["data"]}


def test_hidden_sessions_are_not_found(upstream):
    victor = sign_in_as(VICTOR["email"], VICTOR["password"])
    assert victor.get(f"/sessions/{HIDDEN}/").status_code == 404
    refused = victor.post(f"/sessions/{HIDDEN}/join/", HTTP_HX_REQUEST="true")
    assert "Session not found!" in refused.content.decode()


def test_a_session_whose_identity_does_not_match_its_attendee_is_refused(upstream):
    """The cookie is an opaque key; ids live server-side. Were a session's upstream user id
    ever to disagree with its Django user, the portal would not act for either."""
    gina = sign_in_as(GINA["email"], GINA["password"])
    victor = sign_in_as(VICTOR["email"], VICTOR["password"])
    assert re.fullmatch(r"[a-z0-9]{32}", victor.cookies["sessionid"].value)
    gina_id = DjangoSession.objects.get(session_key=gina.cookies["sessionid"].value).get_decoded()[
        SESSION_KEY
    ]["user_id"]
    store = SessionStore(victor.cookies["sessionid"].value)
    store[SESSION_KEY] = {**store[SESSION_KEY], "user_id": gina_id}
    store.save()
    assert victor.get("/my-sessions/").status_code == 302


def test_attendees_cannot_reach_the_admin(upstream):
    gina = sign_in_as(GINA["email"], GINA["password"])
    for path in ("/admin/", "/admin/sessions_app/registration/", "/admin/auth/user/"):
        response = gina.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    attempt = gina.post("/admin/login/", {"username": GINA["email"], "password": GINA["password"]})
    assert attempt.status_code == 200 and "admin/login" in attempt.request["PATH_INFO"]
    assert Registration.objects.count() == 0


# --- brute force ------------------------------------------------------------------------------


def post_sign_in(client: Client, email: str, password: str, **extra):
    return client.post("/sign-in/", {"email": email, "password": password}, **extra)


def test_the_limit_is_shared_by_every_worker_through_the_cache(settings, upstream):
    settings.SIGNIN_RATE_LIMIT = 3
    worker_a, worker_b = Client(), Client()
    for worker in (worker_a, worker_b, worker_a):
        post_sign_in(worker, GINA["email"], "wrong-password-1")
    assert any(key.startswith(":1:portal:rl:account:") for key in cached_keys())
    upstream.reset_stats()
    blocked = post_sign_in(Client(), GINA["email"], GINA["password"], REMOTE_ADDR="10.9.9.9")
    assert blocked.status_code == 429
    assert upstream.stats()["requests"] == {}, "a blocked attempt never reaches the upstream"


def test_a_blocked_account_and_an_unknown_one_look_the_same(settings, upstream):
    settings.SIGNIN_RATE_LIMIT = 2
    answers = []
    for email in (GINA["email"], "nobody-here@example.com"):
        for _ in range(2):
            post_sign_in(Client(), email, "wrong-password-1", REMOTE_ADDR="10.1.1.1")
        response = post_sign_in(Client(), email, "wrong-password-1", REMOTE_ADDR="10.2.2.2")
        html = response.content.decode()
        # Only the CSRF token and the e-mail typed may differ.
        html = re.sub(r'(value="|"X-CSRFToken": ")[^"]*"', r'\1"', html)
        answers.append((response.status_code, html))
    assert answers[0] == answers[1]
    assert answers[0][0] == 429 and "Too many sign-in attempts" in answers[0][1]


def test_one_attendees_typos_do_not_lock_out_their_venue(settings, upstream):
    """Everyone at the venue shares its NAT address: the per-IP limit is far above the
    per-account one."""
    settings.SIGNIN_RATE_LIMIT = 3
    venue = "203.0.113.7"
    for _ in range(5):
        post_sign_in(Client(), GINA["email"], "wrong-password-1", REMOTE_ADDR=venue)
    assert (
        post_sign_in(Client(), GINA["email"], GINA["password"], REMOTE_ADDR=venue).status_code
        == 429
    )
    victor = post_sign_in(Client(), VICTOR["email"], VICTOR["password"], REMOTE_ADDR=venue)
    assert victor.status_code == 302


def test_behind_a_load_balancer_the_client_address_counts_not_the_balancers(settings, upstream):
    settings.TRUSTED_PROXY_HOPS = 1
    settings.SIGNIN_IP_RATE_LIMIT = 3
    balancer = {"REMOTE_ADDR": "10.0.0.2"}
    for i in range(3):
        post_sign_in(
            Client(),
            f"x{i}@example.com",
            "wrong-password-1",
            HTTP_X_FORWARDED_FOR="198.51.100.4",
            **balancer,
        )
    # The attacker's own X-Forwarded-For entry is not believed: the balancer's one counts.
    spoofed = post_sign_in(
        Client(),
        "y@example.com",
        "wrong-password-1",
        HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.4",
        **balancer,
    )
    assert spoofed.status_code == 429
    other = post_sign_in(
        Client(), GINA["email"], GINA["password"], HTTP_X_FORWARDED_FOR="198.51.100.99", **balancer
    )
    assert other.status_code == 302, "another attendee behind the same balancer signs in"


def test_bad_magic_links_count_per_address_only(settings, upstream):
    settings.SIGNIN_IP_RATE_LIMIT = 3
    for _ in range(3):
        refused = use_magic_link(Client(), "not-a-key", REMOTE_ADDR="10.3.3.3")
        assert refused.status_code == 200
        assert "expired or has already been used" in refused.content.decode()
    blocked = use_magic_link(Client(), "not-a-key", REMOTE_ADDR="10.3.3.3")
    assert blocked.status_code == 429 and "Too many sign-in attempts" in blocked.content.decode()
    key = upstream.magic_key(VICTOR["email"])
    assert use_magic_link(Client(), key, REMOTE_ADDR="10.4.4.4").status_code == 302
