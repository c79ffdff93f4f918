"""A login answer and a profile, read tolerantly: when the sign-in ends however the platform
writes it (seconds, epoch seconds or millis, a date), who signed in, and a token that is never
printed."""

from datetime import UTC, datetime, timedelta

import pytest

from sessions_app.upstream.domain.accounts import Profile, SignIn

NOW = datetime(2026, 3, 5, 9, 0, tzinfo=UTC)


def sign_in(**fields):
    return SignIn.from_api({"access_token": "tok-secret", **fields}, now=NOW)


@pytest.mark.parametrize(
    ("expires_in", "expires_at"),
    [
        (3600, NOW + timedelta(hours=1)),
        ("3600", NOW + timedelta(hours=1)),
        (1_772_701_200, datetime(2026, 3, 5, 9, 0, tzinfo=UTC)),
        (1_772_701_200_000, datetime(2026, 3, 5, 9, 0, tzinfo=UTC)),
        ("2026/03/06 09:00", datetime(2026, 3, 6, 9, 0, tzinfo=UTC)),
        ("2026-03-06T09:00:00+01:00", datetime(2026, 3, 6, 8, 0, tzinfo=UTC)),
        ("2026-03-06T09:00:00", datetime(2026, 3, 6, 9, 0, tzinfo=UTC)),
        (None, None),
        ("soon", None),
    ],
)
def test_the_sign_in_ends_however_the_platform_writes_it(expires_in, expires_at):
    assert sign_in(expires_in=expires_in).expires_at == expires_at


def test_who_signed_in_and_with_which_roles():
    answer = sign_in(userId="4401", userRole=["ROLE_USER", "ROLE_ATTENDEE"])
    assert (answer.user_id, answer.role) == (4401, "ROLE_USER,ROLE_ATTENDEE")
    assert sign_in(userId=0, userRole="ROLE_USER").user_id is None
    assert sign_in().user_id is None


def test_an_answer_without_a_token_is_no_sign_in():
    with pytest.raises(ValueError, match="access_token"):
        SignIn.from_api({"access_token": "  ", "userId": 1})
    with pytest.raises(ValueError):
        SignIn.from_api(None)


def test_the_token_is_in_no_repr():
    assert "tok-secret" not in repr(sign_in(userId=1))
    assert "tok-secret" not in str(sign_in(userId=1))


def test_a_profile_names_the_attendee():
    profile = Profile.from_api(
        {"email": " t@x.io ", "firstName": "Tessa", "lastName": None, "userId": "7"}
    )
    assert (profile.email, profile.full_name, profile.user_id) == ("t@x.io", "Tessa", 7)
    assert Profile.from_api({}).user_id is None
    with pytest.raises(ValueError):
        Profile.from_api(["not", "an", "object"])
