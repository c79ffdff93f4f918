"""Signing in and out through the upstream, with the token kept on the server."""

import pytest
from django.contrib.sessions.models import Session as DjangoSession

from sandbox.demo import ACCOUNTS
from sessions_app.identity import SESSION_KEY
from sessions_app.models import Attendee

pytestmark = pytest.mark.django_db


def post_sign_in(client, email, password, **extra):
    return client.post("/sign-in/", {"email": email, "password": password, **extra})


def test_sign_in_keeps_the_token_on_the_server_only(client, sandbox):
    account = ACCOUNTS["general"]
    client.get("/sign-in/")
    before = client.cookies.get("sessionid")
    response = post_sign_in(client, account["email"], account["password"])
    assert response.status_code == 302 and response["Location"] == "/"
    session_cookie = client.cookies["sessionid"]
    assert before is None or session_cookie.value != before.value, "session key rotates"
    assert session_cookie["httponly"] and session_cookie["samesite"] == "Lax"
    stored = DjangoSession.objects.get(session_key=session_cookie.value).get_decoded()
    token = stored[SESSION_KEY]["token"]
    assert token and token not in str(client.cookies)
    page = client.get("/").content.decode()
    assert token not in page


def test_sign_in_creates_the_local_attendee_from_the_upstream_profile(client, sandbox):
    account = ACCOUNTS["vip"]
    post_sign_in(client, account["email"], account["password"])
    attendee = Attendee.objects.get(email=account["email"])
    assert attendee.first_name == account["first_name"]
    assert attendee.last_name == account["last_name"]
    assert attendee.user.username == f"accelevents-{attendee.upstream_user_id}"


def test_wrong_password_and_unknown_email_get_one_message_of_ours(client, sandbox):
    wrong = post_sign_in(client, ACCOUNTS["general"]["email"], "nope-nope").content.decode()
    unknown = post_sign_in(client, "nobody@example.com", "whatever-1").content.decode()
    for html in (wrong, unknown):
        error = '<p class="notice notice--error" id="sign-in-error" role="alert">'
        assert error + "Email or password is wrong</p>" in html
        assert "No User could be found" not in html and "Wrong password" not in html


def test_the_sign_in_page_names_the_event(client, sandbox):
    html = client.get("/sign-in/").content.decode()
    assert '<p class="form-page__event">Aurora Product Summit</p>' in html
    assert "<title>Sign in · Aurora Product Summit</title>" in html


def test_sign_in_is_rate_limited_per_account(client, sandbox, settings):
    settings.SIGNIN_RATE_LIMIT = 3
    email = ACCOUNTS["general"]["email"]
    for _ in range(3):
        post_sign_in(client, email, "wrong-password", REMOTE_ADDR="10.0.0.1")
    sandbox.reset_stats()
    response = client.post(
        "/sign-in/",
        {"email": email, "password": ACCOUNTS["general"]["password"]},
        REMOTE_ADDR="10.0.0.2",
    )
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.content.decode()
    assert sandbox.stats()["requests"] == {}, "a blocked attempt never reaches the upstream"


def test_sign_in_is_rate_limited_per_ip(client, sandbox, settings):
    settings.SIGNIN_IP_RATE_LIMIT = 3
    for i in range(3):
        post_sign_in(client, f"someone{i}@example.com", "wrong-password")
    response = post_sign_in(client, ACCOUNTS["vip"]["email"], ACCOUNTS["vip"]["password"])
    assert response.status_code == 429


def test_next_only_accepts_local_paths(client, sandbox):
    account = ACCOUNTS["general"]
    for target, expected in [
        ("/my-sessions/", "/my-sessions/"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
    ]:
        client.post("/sign-out/")
        response = post_sign_in(client, account["email"], account["password"], next=target)
        assert response["Location"] == expected, target


def test_magic_link_asks_before_using_the_one_time_key(client, sandbox):
    key = sandbox.magic_key(ACCOUNTS["vip"]["email"])
    page = client.get(f"/magic/{key}/")
    assert "Continue to the event" in page.content.decode()
    response = client.post(f"/magic/{key}/")
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    client.post("/sign-out/")
    reused = client.post(f"/magic/{key}/")
    assert reused.status_code == 200
    assert 'role="alert"' in reused.content.decode()


def test_upstream_down_at_sign_in_says_try_again(client, sandbox):
    sandbox.set_fault(mode="status", status=503)
    account = ACCOUNTS["general"]
    response = post_sign_in(client, account["email"], account["password"])
    assert response.status_code == 200
    assert "try again" in response.content.decode().lower()
