"""`check_upstream`'s list checks against the sandbox: page numbering and a page size cap found
and named, every page still read, and the shape of the platform's error answers reported."""

import pytest

from tests.upstream.probe.probe_helpers import FULL_CHECK, check, checks, finding

pytestmark = pytest.mark.django_db


def test_page_cap_names_the_page_size_and_still_reads_everything(dialect):
    dialect("page-cap-50+large-event")
    code, body = checks(*FULL_CHECK)
    row = finding(body, "page_size")
    assert row["verdict"] == "contradicted" and "at most 50 items" in row["observed"]
    assert body["settings"] == ["ACCELEVENTS_PAGE_SIZE=50"]
    assert finding(body, "sessions")["observed"] == "read 300 of 300"
    assert code == 0, "the portal reads short pages either way"


def test_one_based_pages_are_found_and_named(dialect, settings):
    dialect("one-based-pages")
    code, body = checks(*FULL_CHECK)
    assert code == 1 and body["settings"] == ["ACCELEVENTS_PAGE_BASE=1"]
    assert "page=0 answered 400" in finding(body, "page_base")["observed"]
    assert finding(body, "sessions")["verdict"] == "confirmed"

    settings.ACCELEVENTS_PAGE_BASE = 1
    assert check(*FULL_CHECK)[0] == 0


@pytest.mark.parametrize(
    ("key", "shape"),
    [
        ("default", "JSON errorCode/errorMessage"),
        ("error-body-code-message", "JSON code/message"),
        ("error-body-text", "plain text"),
    ],
)
def test_the_error_body_shape_is_reported(dialect, key, shape):
    dialect(key)
    code, body = checks(*FULL_CHECK)
    assert finding(body, "error_body") == {**finding(body, "error_body"), "verdict": "confirmed"}
    assert finding(body, "error_body")["observed"] == f"404 as {shape}"
    assert code == 0
