"""`check_upstream`'s `catalogue` row against the sandbox: with the API key it confirms that every
session listed alike to everyone (visible, public, open to every ticket type) is in the
attendee's list, in the default dialect and in `lists-differ` (where the sessions missing from
some lists are restricted or private), and names ACCELEVENTS_SHARED_CATALOGUE=false when one is
missing; without the key it cannot tell, and says what to give."""

import pytest

from sandbox.demo import ACCOUNTS, SESSION_IDS
from tests.upstream.probe.probe_helpers import FULL_CHECK, check, checks, finding

pytestmark = pytest.mark.django_db

SETTING_OFF = "ACCELEVENTS_SHARED_CATALOGUE=false"
DAY2 = SESSION_IDS["day2-keynote"]  # upcoming, public, open to every ticket type
TITLE = "One catalogue (sessions listed alike to everyone)"


def _email(who: str) -> str:
    return ACCOUNTS[who]["email"] if who in ACCOUNTS else f"{who}@example.com"


def _unlist(sandbox, session_id: int) -> None:
    """The platform leaves a session for everyone out of attendee lists (the host list keeps it)."""
    sandbox.set_fault(mode="unlisted", session_id=session_id, path_contains="/session/v2")


def test_the_default_dialect_is_confirmed(sandbox):
    code, body = checks(*FULL_CHECK)
    row = finding(body, "catalogue")
    assert (code, row["verdict"], row["needed"]) == (0, "confirmed", True)
    assert row["observed"].startswith(
        "32 of 33 visible sessions are for everyone: all in this attendee's list; "
        "1 open to some ticket types only and 0 private (1 of them in this attendee's list)"
    )
    assert "PORTAL_ATTENDEE_TTL" in row["observed"]


@pytest.mark.parametrize(
    ("who", "seen"), [("vip", 1), ("general", 1), ("tessa", 1), ("noticket", 0)]
)
def test_lists_that_differ_only_in_restricted_and_private_sessions_are_confirmed(
    sandbox, who, seen
):
    sandbox.reset(dialects=["lists-differ"])
    _, body = checks(email=_email(who))
    row = finding(body, "catalogue")
    assert row["verdict"] == "confirmed", row
    assert row["observed"].startswith(
        "31 of 33 visible sessions are for everyone: all in this attendee's list; "
        f"1 open to some ticket types only and 1 private ({seen} of them in this attendee's list)"
    )


def test_lists_differ_passes_the_whole_check(sandbox):
    sandbox.reset(dialects=["lists-differ"])
    code, printed = check(*FULL_CHECK)
    assert code == 0, printed
    assert f"[ok] {TITLE}: confirmed" in printed


def test_a_session_for_everyone_missing_from_the_list_names_the_setting(sandbox):
    _unlist(sandbox, DAY2)
    code, printed = check(*FULL_CHECK)
    assert code == 1, printed
    assert f"[!!] {TITLE}: contradicted" in printed
    assert f"1 missing from this attendee's list (ids [{DAY2}])" in printed
    assert f"-> {SETTING_OFF}" in printed and f"Not confirmed yet: {TITLE}." in printed


def test_turned_off_it_says_whether_turning_it_on_would_work(sandbox, settings):
    settings.ACCELEVENTS_SHARED_CATALOGUE = False
    code, body = checks(*FULL_CHECK)
    row = finding(body, "catalogue")
    assert (code, row["verdict"], row["needed"]) == (0, "confirmed", False)
    assert row["observed"].endswith("ACCELEVENTS_SHARED_CATALOGUE=true would work")
    assert row["assumed"].startswith(SETTING_OFF)

    _unlist(sandbox, DAY2)
    code, body = checks(*FULL_CHECK)
    row = finding(body, "catalogue")
    assert (code, row["verdict"], body["settings"]) == (0, "confirmed", [])
    assert row["observed"].endswith("ACCELEVENTS_SHARED_CATALOGUE=true would not: keep it off")


def test_without_the_api_key_it_cannot_tell_and_asks_for_it(sandbox, settings):
    settings.ACCELEVENTS_API_KEY = ""
    code, body = checks(*FULL_CHECK)
    row = finding(body, "catalogue")
    assert (code, row["verdict"], row["needed"]) == (1, "could not tell", True)
    assert "give --api-key (or set ACCELEVENTS_API_KEY) to confirm it" in row["observed"]
    assert SETTING_OFF in row["observed"] and body["settings"] == []

    settings.ACCELEVENTS_SHARED_CATALOGUE = False
    code, body = checks(*FULL_CHECK)
    row = finding(body, "catalogue")
    assert (code, row["verdict"], row["needed"]) == (0, "could not tell", False)


def test_a_refused_host_list_cannot_tell(sandbox, settings):
    settings.ACCELEVENTS_API_KEY_HEADER = "X-Not-Used"
    code, body = checks(*FULL_CHECK)
    row = finding(body, "catalogue")
    assert (code, row["verdict"]) == (1, "could not tell")
    assert row["observed"].startswith("the host list answered 401")


def test_the_key_given_on_the_command_line_is_used(sandbox, settings):
    settings.ACCELEVENTS_API_KEY = ""
    code, body = checks(*FULL_CHECK, "--api-key", "sandbox-organization-key")
    assert code == 0 and finding(body, "catalogue")["verdict"] == "confirmed"
