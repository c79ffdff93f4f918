"""`check_upstream`'s sign-in checks against the sandbox: the login path and fields, the token
header, the profile and the token's expiry, each found as the platform answers and named as the
`.env` line to set; refused details, an unknown event and a wrong magic-link path stop the
checks with a message that says what to fix."""

import pytest

from tests.upstream.probe.probe_helpers import FULL_CHECK, VICTOR, check, checks, finding

pytestmark = pytest.mark.django_db


def test_a_profile_without_user_id_is_confirmed_as_not_needed(dialect):
    dialect("profile-without-user-id")
    code, body = checks(*FULL_CHECK)
    assert code == 0
    profile = finding(body, "profile")
    assert profile["verdict"] == "confirmed" and "(no userId)" in profile["observed"]
    assert "the portal does not need a userId" in profile["assumed"]
    assert finding(body, "user_id")["observed"] == "the login answer's userId"


def test_bearer_only_is_found_and_named(dialect, settings):
    dialect("bearer-only")
    code, body = checks(*FULL_CHECK)
    assert code == 1
    assert finding(body, "auth_scheme")["verdict"] == "contradicted"
    assert body["settings"] == ["ACCELEVENTS_AUTH_SCHEME=Bearer"]
    assert finding(body, "join")["verdict"] == "confirmed", "later checks use the form found"

    settings.ACCELEVENTS_AUTH_SCHEME = "Bearer"
    code, body = checks(*FULL_CHECK)
    assert code == 0 and finding(body, "auth_scheme")["verdict"] == "confirmed"


def test_expiry_as_a_date_is_read(dialect):
    dialect("expires-as-date")
    _, body = checks()
    assert finding(body, "expires_in")["observed"].startswith("expires_in is text ('20")


def test_a_login_path_the_platform_lacks_is_found_and_the_working_one_named(sandbox, settings):
    settings.ACCELEVENTS_LOGIN = "/u/no-such-login"
    code, body = checks(*FULL_CHECK)
    assert finding(body, "login")["verdict"] == "contradicted"
    assert body["settings"] == ["ACCELEVENTS_LOGIN=signup"]
    assert code == 1


def test_the_plain_login_call_is_confirmed_when_configured(sandbox, settings):
    settings.ACCELEVENTS_LOGIN = "/u/login"
    settings.ACCELEVENTS_LOGIN_EMAIL_FIELD = "username"
    code, body = checks(*FULL_CHECK)
    assert code == 0 and finding(body, "login")["verdict"] == "confirmed"


def test_wrong_password_stops_with_a_clear_message(sandbox):
    code, printed = check(password="not-the-password")
    assert code == 2
    assert "refused these sign-in details (401 4010103" in printed


def test_an_unknown_event_stops_with_a_clear_message(sandbox, settings):
    settings.ACCELEVENTS_EVENT_URL = "no-such-event"
    code, printed = check()
    assert code == 2 and "check ACCELEVENTS_EVENT_URL" in printed


def test_a_wrong_login_by_key_path_is_found_here_not_by_visitors(sandbox, settings):
    settings.ACCELEVENTS_PATHS = "login_by_key=/u/noSuchCall/{user_key}"
    code, printed = check(f"--user-key={sandbox.magic_key(VICTOR)}", email="")  # may begin "-"
    assert code == 2, printed
    assert "POST /u/noSuchCall/{user_key} answered 404" in printed
    assert "ACCELEVENTS_PATHS (login_by_key=)" in printed
