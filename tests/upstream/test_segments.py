"""Values placed into an upstream path stay inside their own segment, or no call is made."""

import pytest

from sessions_app.upstream.client import get_client
from sessions_app.upstream.errors import SignInRejected
from sessions_app.upstream.segments import UnsafePathValue, path_segment

REFUSED = ["", ".", "..", "....", " ", "a b", "\t", "k\n", "a\x00", "\u200b", "\u202e", "x" * 513]


@pytest.mark.parametrize("value", REFUSED)
def test_a_value_that_could_change_the_path_is_refused(value):
    with pytest.raises(UnsafePathValue):
        path_segment(value)


@pytest.mark.parametrize(
    ("value", "sent"),
    [
        ("abc-DEF_123", "abc-DEF_123"),
        ("../u/myprofile", "..%2Fu%2Fmyprofile"),
        ("%2e%2e", "%252e%252e"),
        ("a?b#c", "a%3Fb%23c"),
        ("é.", "%C3%A9."),
        (42, "42"),
    ],
)
def test_any_other_value_is_one_encoded_segment(value, sent):
    assert path_segment(value) == sent


def test_a_refused_magic_key_is_a_bad_link_and_no_call(sandbox):
    sandbox.reset_stats()
    with pytest.raises(SignInRejected):
        get_client().sign_in_with_key("..")
    assert sandbox.stats()["requests"] == {}
