"""Signing in against the sandbox, with a password or a magic-link key, and reading the
signed-in user's profile: what a sign-in returns, each way it is refused, an expired token, and
answers the portal cannot read."""

from datetime import UTC, datetime, timedelta

import pytest

from sandbox.demo import ACCOUNTS, SESSION_IDS
from sessions_app.upstream.errors import SignInRejected, UpstreamAuthError, UpstreamUnavailable


def test_sign_in_returns_token_user_and_expiry(api):
    before = datetime.now(UTC)
    signed_in = api.sign_in(ACCOUNTS["general"]["email"], ACCOUNTS["general"]["password"])

    assert signed_in.token
    assert signed_in.user_id > 0
    assert signed_in.role
    assert before + timedelta(minutes=59) < signed_in.expires_at < before + timedelta(minutes=61)


@pytest.mark.parametrize(
    ("email", "password", "status", "code", "message"),
    [
        (ACCOUNTS["general"]["email"], "wrong", 401, "4010103", "Wrong password"),
        ("nobody@example.com", "whatever", 404, "4040100", "No User could be found"),
    ],
)
def test_sign_in_rejected(api, email, password, status, code, message):
    with pytest.raises(SignInRejected) as caught:
        api.sign_in(email, password)

    assert (caught.value.status, caught.value.code, caught.value.message) == (status, code, message)
    assert caught.value.request_id
    assert caught.value.latency_ms is not None


def test_sign_in_with_key_works_once(api, sandbox):
    key = sandbox.magic_key(ACCOUNTS["vip"]["email"])

    signed_in = api.sign_in_with_key(key)
    assert api.profile(signed_in.token).email == ACCOUNTS["vip"]["email"]

    with pytest.raises(SignInRejected) as caught:
        api.sign_in_with_key(key)
    assert (caught.value.status, caught.value.code) == (406, "4068006")
    assert caught.value.message == "This link has expired or has already been used"


def test_sign_in_with_bad_key(api):
    with pytest.raises(SignInRejected) as caught:
        api.sign_in_with_key("not-a-real-key")

    assert (caught.value.status, caught.value.code) == (401, "4010101")
    assert caught.value.message == "This is not a valid magic link"


def test_profile(api, gina):
    profile = api.profile(gina)

    assert profile.email == ACCOUNTS["general"]["email"]
    assert profile.full_name == "Gina Garcia"


def test_expired_token_is_an_auth_error(api, sandbox, gina):
    sandbox.expire_tokens()

    with pytest.raises(UpstreamAuthError) as caught:
        api.profile(gina)
    assert (caught.value.status, caught.value.code) == (401, "4010101")
    with pytest.raises(UpstreamAuthError):
        api.join(gina, SESSION_IDS["opening-keynote"], 1)


@pytest.mark.parametrize("mode", ["truncated", "malformed"])
def test_unreadable_sign_in_is_unavailable(api, sandbox, mode):
    sandbox.set_fault(mode=mode, path_contains="/u/loginSignUp/")

    with pytest.raises(UpstreamUnavailable):
        api.sign_in(ACCOUNTS["general"]["email"], ACCOUNTS["general"]["password"])


def test_wrong_shape_profile_is_read_for_what_it_has(api, sandbox, gina):
    """The portal needs only names from it, and can do without them."""
    sandbox.set_fault(mode="wrong_shape")

    assert api.profile(gina).email == ""
