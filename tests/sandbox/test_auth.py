"""Sandbox sign-in, tokens and profile, over HTTP (docs/upstream-contract.md: login … profile)."""

from datetime import datetime
from email.utils import parsedate_to_datetime

import pytest

from sandbox.demo import ACCOUNTS, PASSWORD
from tests.sandbox_control import assert_api_error

GINA = ACCOUNTS["general"]


def _login(sandbox, email, password, event="{event}"):
    return sandbox.rest(
        "POST", f"/u/loginSignUp/{event}", json={"email": email, "password": password}
    )


def test_login_returns_a_token_for_the_right_user(sandbox):
    response = _login(sandbox, GINA["email"], PASSWORD)

    assert response.status_code == 200
    body = response.json()
    assert body["expires_in"] == 3600
    assert {"access_token", "userId", "userRole"} <= set(body)
    profile = sandbox.rest("GET", "/u/myprofile", body["access_token"]).json()
    assert (profile["userId"], profile["email"]) == (body["userId"], GINA["email"])
    assert (profile["firstName"], profile["lastName"]) == (GINA["first_name"], GINA["last_name"])


def test_login_with_wrong_password_is_401(sandbox):
    assert_api_error(_login(sandbox, GINA["email"], "nope"), 401, "4010103", "Wrong password")


def test_login_with_unknown_email_is_404(sandbox):
    response = _login(sandbox, "nobody@example.com", PASSWORD)
    assert_api_error(response, 404, "4040100", "No User could be found")


def test_login_to_unknown_event_is_404(sandbox):
    response = _login(sandbox, GINA["email"], PASSWORD, event="no-such-event")
    assert_api_error(response, 404, "4040200", "No Event could be found")


def test_login_without_email_is_400(sandbox):
    assert_api_error(_login(sandbox, "", PASSWORD), 400, "4090105", "Email is Empty")


def _plain_login(sandbox, username, password, **extra):
    body = {"username": username, "password": password, "rememberme": True, **extra}
    return sandbox.rest("POST", "/u/login", json=body)


def test_plain_login_answers_like_login_sign_up(sandbox):
    plain = _plain_login(sandbox, GINA["email"], PASSWORD)
    sign_up = _login(sandbox, GINA["email"], PASSWORD)

    assert plain.status_code == 200
    assert set(plain.json()) == set(sign_up.json())
    assert plain.json()["userId"] == sign_up.json()["userId"]
    profile = sandbox.rest("GET", "/u/myprofile", plain.json()["access_token"]).json()
    assert profile["email"] == GINA["email"]


@pytest.mark.parametrize(
    ("username", "password", "status", "code", "message"),
    [
        (GINA["email"], "nope", 401, "4010103", "Wrong password"),
        ("nobody@example.com", PASSWORD, 404, "4040100", "No User could be found"),
        ("", PASSWORD, 400, "4090105", "Email is Empty"),
        (GINA["email"], "", 400, "4090104", "Password is Empty"),
    ],
)
def test_plain_login_errors(sandbox, username, password, status, code, message):
    assert_api_error(_plain_login(sandbox, username, password), status, code, message)


def test_plain_login_reads_username_not_email(sandbox):
    response = sandbox.rest("POST", "/u/login", json={"email": GINA["email"], "password": PASSWORD})
    assert_api_error(response, 400, "4090105", "Email is Empty")


def test_magic_key_logs_in_once(sandbox):
    key = sandbox.magic_key(GINA["email"])

    first = sandbox.rest("POST", f"/u/loginUserByUserKey/{key}")
    again = sandbox.rest("POST", f"/u/loginUserByUserKey/{key}")

    assert first.status_code == 200
    profile = sandbox.rest("GET", "/u/myprofile", first.json()["access_token"]).json()
    assert profile["email"] == GINA["email"]
    assert_api_error(again, 406, "4068006", "This link has expired or has already been used")


def test_unknown_magic_key_is_401(sandbox):
    response = sandbox.rest("POST", "/u/loginUserByUserKey/not-a-key")
    assert_api_error(response, 401, "4010101", "This is not a valid magic link")


def test_magic_key_expires_on_the_sandbox_clock(sandbox):
    key = sandbox.magic_key(GINA["email"], ttl_seconds=60)
    sandbox.advance(61)

    response = sandbox.rest("POST", f"/u/loginUserByUserKey/{key}")

    assert_api_error(response, 406, "4068006", "This link has expired or has already been used")


def test_reset_hands_out_fresh_magic_keys(sandbox):
    keys = sandbox.reset()["magicKeys"]

    response = sandbox.rest("POST", f"/u/loginUserByUserKey/{keys[GINA['email']]}")

    assert set(keys) == {account["email"] for account in ACCOUNTS.values()}
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("authorization", "reason"),
    [(None, "Missing"), ("made-up-token", "Unknown"), ("Bearer made-up-token", "Unknown")],
)
def test_profile_needs_a_valid_token(sandbox, authorization, reason):
    headers = {"Authorization": authorization} if authorization else {}

    response = sandbox.rest("GET", "/u/myprofile", headers=headers)

    assert_api_error(response, 401, "4010101", "Not authorized")
    assert reason in response.json()["developerMessage"]


def test_bearer_scheme_is_accepted_too(sandbox):
    token = sandbox.token()

    response = sandbox.rest("GET", "/u/myprofile", headers={"Authorization": f"Bearer {token}"})

    assert response.json()["email"] == GINA["email"]


def test_expire_tokens_makes_every_token_401(sandbox):
    token = sandbox.token()

    assert sandbox.expire_tokens() >= 1
    response = sandbox.rest("GET", "/u/myprofile", token)

    assert_api_error(response, 401, "4010101", "Not authorized")
    assert "expired" in response.json()["developerMessage"]


def test_token_expires_after_the_ttl_on_the_sandbox_clock(sandbox):
    token = sandbox.token()
    sandbox.advance(3599)
    assert sandbox.rest("GET", "/u/myprofile", token).status_code == 200

    sandbox.advance(2)

    assert sandbox.rest("GET", "/u/myprofile", token).status_code == 401


def test_tokens_are_scoped_to_their_user(sandbox):
    gina, victor = sandbox.token("general"), sandbox.token("vip")

    assert sandbox.rest("GET", "/u/myprofile", gina).json()["email"] == GINA["email"]
    assert sandbox.rest("GET", "/u/myprofile", victor).json()["email"] == ACCOUNTS["vip"]["email"]


def test_request_id_is_echoed(sandbox):
    response = sandbox.rest("GET", "/events/{event}", headers={"X-Request-ID": "req-42"})

    assert response.headers["X-Request-ID"] == "req-42"


def test_date_header_follows_the_sandbox_clock(sandbox):
    sandbox.set_clock(3 * 3600)

    response = sandbox.rest("GET", "/events/{event}")

    sent = parsedate_to_datetime(response.headers["Date"])
    skew = (sent - datetime.now(sent.tzinfo)).total_seconds()
    assert 3 * 3600 - 5 < skew < 3 * 3600 + 5
