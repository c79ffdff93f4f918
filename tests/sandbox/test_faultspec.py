"""The sandbox's fault rules as a test or an operator writes them (`mode=status;status=503`):
read into one rule with its defaults, and a typo is an error that says what is wrong, never a
fault silently different from the one asked for."""

import pytest

from sandbox.faultspec import FaultSpecError, first_match, matches, parse_text, validate


def test_a_rule_is_read_with_its_numbers_and_defaults():
    assert parse_text("mode=status;status=503;retry_after=2") == {
        "mode": "status",
        "status": 503,
        "retry_after": 2,
    }
    assert parse_text(" mode = LATENCY ; ") == {"mode": "latency", "ms": 1000}
    assert parse_text("mode=hang;seconds=0.5") == {"mode": "hang", "seconds": 0.5}


def test_a_method_is_matched_whatever_its_case():
    rule = parse_text("mode=drop;method=post;path_contains=/register/")
    assert rule["method"] == "POST"
    assert matches(rule, "post", "/rest/events/x/session/1/register/2")
    assert not matches(rule, "GET", "/rest/events/x/session/1/register/2")
    assert not matches(rule, "POST", "/rest/events/x/session/1/unregister")


def test_a_rule_without_a_filter_matches_every_call_and_the_first_match_wins():
    everything, joins = parse_text("mode=malformed"), parse_text("mode=drop;path_contains=register")
    assert matches(everything, "GET", "/anything")
    assert first_match([joins, everything], "POST", "/register/1") is joins
    assert first_match([joins, everything], "GET", "/sessions") is everything
    assert first_match([joins], "GET", "/sessions") is None


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("mode=teleport", "mode must be one of"),
        ("status=503", "mode must be one of"),
        ("mode=status;colour=red", "unknown fault key(s): colour"),
        ("mode=status;status=5o3", "status must be a number"),
        ("mode=status;status=42", "status must be an HTTP status code"),
        ("mode=latency;ms=-1", "ms must not be negative"),
        ("mode=drop;count=0", "count must be at least 1"),
        ("mode=drop;just words", "expected key=value"),
    ],
)
def test_a_wrong_rule_is_an_error_naming_what_is_wrong(text, says):
    with pytest.raises(FaultSpecError, match=says.replace("(", r"\(").replace(")", r"\)")):
        parse_text(text)


def test_empty_values_keep_the_defaults():
    assert validate({"mode": "status", "status": "", "retry_after": None}) == {
        "mode": "status",
        "status": 503,
    }
