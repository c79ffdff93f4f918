"""One check of `check_upstream`: whether it keeps the check from passing, what it reports, and
the `.env` lines that would make the portal match the platform (only those that change)."""

from sessions_app.upstream.probe.findings import (
    CONFIRMED,
    CONTRADICTED,
    UNKNOWN,
    Finding,
    changed_lines,
)


def finding(verdict, needed=True):
    return Finding(
        "paths", "Paths", "/u/me", "404", verdict, needed, ("ACCELEVENTS_PATHS=profile=/u/p",)
    )


def test_a_needed_check_blocks_unless_confirmed():
    assert not finding(CONFIRMED).blocks
    assert finding(CONTRADICTED).blocks
    assert finding(UNKNOWN).blocks


def test_a_check_that_is_not_needed_never_blocks():
    assert not finding(CONTRADICTED, needed=False).blocks


def test_a_finding_reports_every_field_as_json_values():
    assert finding(CONTRADICTED).as_dict() == {
        "key": "paths",
        "title": "Paths",
        "assumed": "/u/me",
        "observed": "404",
        "verdict": "contradicted",
        "needed": True,
        "settings": ["ACCELEVENTS_PATHS=profile=/u/p"],
    }


def test_only_settings_that_change_are_suggested():
    lines = changed_lines(
        ("0", "ACCELEVENTS_PAGE_BASE", "1"), ("100", "ACCELEVENTS_PAGE_SIZE", "100")
    )
    assert lines == ("ACCELEVENTS_PAGE_BASE=1",)
    assert changed_lines() == ()
