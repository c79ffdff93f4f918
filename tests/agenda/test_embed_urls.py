"""The strict URL reading every stream builder starts from (sessions_app/agenda/embed_urls.py):
http(s) or no scheme at all, a plain lowercase DNS host (no port, no user, no IDN, no trailing
dot), an allowlisted host or exactly one label in front of the provider's own domain, a path
that fits the provider's pattern; and URLs rebuilt from validated parts only."""

import re

import pytest

from sessions_app.agenda.embed_urls import Url, first, match_url, parse_url, with_query

ZOOM_PATH = re.compile(r"/j/(?P<id>\d{9,11})")


def test_a_url_without_a_scheme_is_read_as_https_and_its_host_lowercased():
    assert parse_url("Zoom.US/j/81234567890?pwd=abc&pwd=def") == Url(
        "zoom.us", "/j/81234567890", {"pwd": ["abc", "def"]}
    )
    assert parse_url("http://zoom.us/j/1").host == "zoom.us"


@pytest.mark.parametrize(
    "text",
    [
        "ftp://zoom.us/j/81234567890",  # a scheme other than http(s)
        "https:zoom.us/j/81234567890",  # a scheme without its //
        "/j/81234567890",  # a path alone
        "//evil.com/j/81234567890",  # scheme-relative
        "https://zoom.us:8443/j/81234567890",  # a port
        "https://me@zoom.us/j/81234567890",  # a user
        "https://xn--zm-lka.us/j/81234567890",  # an IDN look-alike
        "https://zoom.us./j/81234567890",  # a trailing dot
        "https://zo om.us/j/81234567890",  # a space
        "https://-zoom.us/j/81234567890",  # a label starting with a hyphen
    ],
)
def test_anything_but_a_plain_http_url_on_a_plain_host_is_refused(text):
    assert parse_url(text) is None


def test_a_query_stuffed_with_fields_is_refused_not_parsed():
    stuffed = "zoom.us/j/81234567890?" + "&".join(f"k{n}=v" for n in range(60))
    assert parse_url(stuffed) is None
    assert parse_url("zoom.us/j/81234567890?" + "&".join(f"k{n}=v" for n in range(40)))


@pytest.mark.parametrize(
    ("text", "allowed"),
    [
        ("zoom.us/j/81234567890", True),  # the provider's own host
        ("us02web.zoom.us/j/81234567890", True),  # one label in front of it
        ("a.b.zoom.us/j/81234567890", False),  # two labels
        ("evilzoom.us/j/81234567890", False),  # a look-alike ending
        ("zoom.us.evil.com/j/81234567890", False),  # the provider's name in front of another
        ("zoom.us/s/81234567890", False),  # a path the provider's pattern does not take
        ("zoom.us/j/81234567890/extra", False),  # the pattern must cover the whole path
    ],
)
def test_only_an_allowed_host_or_one_subdomain_with_a_fitting_path_matches(text, allowed):
    found = match_url(text, {"zoom.us"}, "zoom.us", ZOOM_PATH)
    assert (found is not None) == allowed
    if allowed:
        match, url = found
        assert (match["id"], url.path) == ("81234567890", "/j/81234567890")


def test_without_a_parent_domain_no_subdomain_is_allowed():
    assert match_url("us02web.zoom.us/j/81234567890", {"zoom.us"}, "", ZOOM_PATH) is None


def test_a_missing_query_value_reads_as_empty_and_the_first_of_several_wins():
    query = parse_url("zoom.us/j/1?pwd=first&pwd=second").query
    assert (first(query, "pwd"), first(query, "tk")) == ("first", "")


def test_a_rebuilt_url_encodes_its_values_and_adds_no_empty_query():
    assert with_query("https://zoom.us/j/1", {}) == "https://zoom.us/j/1"
    rebuilt = with_query("https://zoom.us/j/1", {"pwd": "a b&c=d"})
    assert rebuilt == "https://zoom.us/j/1?pwd=a+b%26c%3Dd"
