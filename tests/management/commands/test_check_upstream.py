"""`manage.py check_upstream` against the sandbox in each dialect: it finds each dialect, names
the exact `.env` line, exits 0 only when everything the portal needs was confirmed, leaves the
test account as it was, and never prints a secret."""

import json
import re
import socket
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sandbox.demo import ACCOUNTS, PASSWORD, SESSION_IDS
from tests.dialects import API_KEY, dialect_names

pytestmark = pytest.mark.django_db

GINA, VICTOR = ACCOUNTS["general"]["email"], ACCOUNTS["vip"]["email"]
HYBRID = SESSION_IDS["hybrid-data"]  # Gina is registered for it
SPONSOR = SESSION_IDS["sponsor-stories"]  # live, open, Victor is not registered
BOOTHS = SESSION_IDS["virtual-booths"]  # upcoming, open
FULL_CHECK = ("--join", SPONSOR, "--reserve", BOOTHS)  # every row, join and reserve too


def check(*args, email=VICTOR, password=PASSWORD) -> tuple[int, str]:
    """(exit code, what it printed): as `manage.py check_upstream ...` would."""
    out = StringIO()
    login = ["--email", email, "--password", password] if email else []
    try:
        call_command("check_upstream", *login, *args, stdout=out)
    except CommandError as failed:
        return failed.returncode, f"{out.getvalue()}\nCommandError: {failed}"
    return 0, out.getvalue()


def checks(*args, **kwargs) -> tuple[int, dict]:
    code, printed = check("--json", *args, **kwargs)
    body = json.loads(printed.split("\nCommandError:")[0])
    return code, body


def finding(body: dict, key: str) -> dict:
    return next(row for row in body["checks"] if row["key"] == key)


def registrations(sandbox) -> set[tuple[int, int]]:
    hosted = sandbox.rest(
        "GET",
        "/host/event/{event}/session",
        headers={"Authorization": API_KEY},
        params={"size": 200, "eventId": 1207, "expand": "registerdHolderUsers"},
    ).json()["data"]
    return {(h["userId"], s["sessionId"]) for s in hosted for h in s["registerdHolderUsers"]}


@pytest.fixture
def dialect(sandbox):
    def use(key: str):
        sandbox.reset(dialects=dialect_names(key))

    return use


def test_the_contract_as_written_is_confirmed_end_to_end_and_joins_leave_no_trace(sandbox):
    before = registrations(sandbox)
    code, printed = check(*FULL_CHECK)
    assert code == 0, printed
    assert "Everything the portal needs was confirmed." in printed
    assert "[!!]" not in printed and "Add to .env" not in printed
    assert registrations(sandbox) == before


def test_a_registered_test_session_is_left_and_joined_again(sandbox):
    before = registrations(sandbox)
    code, body = checks("--join", HYBRID, "--reserve", BOOTHS, email=GINA)
    assert code == 0 and body["ok"]
    assert "lacks" in finding(body, "unregister")["observed"]
    assert "lists" in finding(body, "join")["observed"]
    assert registrations(sandbox) == before


def test_without_a_test_session_join_is_not_confirmed_so_it_exits_1(sandbox):
    code, printed = check()
    assert code == 1
    assert "run again with --join SESSION_ID" in printed
    assert "run again with --reserve SESSION_ID" in printed
    assert "Not confirmed yet: Join call, Unregister call, Reserve a seat ahead." in printed


def test_page_cap_names_the_page_size_and_still_reads_everything(dialect):
    dialect("page-cap-50+large-event")
    code, body = checks(*FULL_CHECK)
    row = finding(body, "page_size")
    assert row["verdict"] == "contradicted" and "at most 50 items" in row["observed"]
    assert body["settings"] == ["ACCELEVENTS_PAGE_SIZE=50"]
    assert finding(body, "sessions")["observed"] == "read 300 of 300"
    assert code == 0, "the portal reads short pages either way"


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


def test_one_based_pages_are_found_and_named(dialect, settings):
    dialect("one-based-pages")
    code, body = checks(*FULL_CHECK)
    assert code == 1 and body["settings"] == ["ACCELEVENTS_PAGE_BASE=1"]
    assert "page=0 answered 400" in finding(body, "page_base")["observed"]
    assert finding(body, "sessions")["verdict"] == "confirmed"

    settings.ACCELEVENTS_PAGE_BASE = 1
    assert check(*FULL_CHECK)[0] == 0


def test_an_event_refused_to_attendees_gets_its_name_id_and_zone_from_the_api_key(dialect):
    dialect("event-admin-only")
    code, body = checks(*FULL_CHECK)
    event = finding(body, "event")
    assert event["verdict"] == "contradicted" and not event["needed"]
    assert "403 4030201" in event["observed"]
    assert body["settings"] == [
        'PORTAL_EVENT_NAME="Aurora Product Summit"',
        "ACCELEVENTS_EVENT_TIMEZONE=America/New_York",
    ]
    assert code == 1, "the zone is needed"


def test_an_event_without_zone_asks_for_the_zone_setting(dialect, settings):
    dialect("event-without-zone")
    code, body = checks(*FULL_CHECK)
    zone = finding(body, "zone")
    assert (code, zone["verdict"], zone["needed"]) == (1, "contradicted", True)
    assert zone["settings"][0].startswith("ACCELEVENTS_EVENT_TIMEZONE=<")

    settings.ACCELEVENTS_EVENT_TIMEZONE = "America/New_York"
    code, body = checks(*FULL_CHECK)
    assert code == 0 and finding(body, "zone")["observed"].startswith("America/New_York from")


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


def test_a_refused_api_key_header_is_found(sandbox, settings):
    settings.ACCELEVENTS_API_KEY_HEADER = "X-Not-Used"
    _, body = checks(*FULL_CHECK)
    row = finding(body, "host_sessions")
    assert row["verdict"] == "contradicted"
    assert row["settings"] == ["ACCELEVENTS_API_KEY_HEADER=Authorization"]


def test_wrong_password_stops_with_a_clear_message(sandbox):
    code, printed = check(password="not-the-password")
    assert code == 2
    assert "refused these sign-in details (401 4010103" in printed


def test_an_unknown_event_stops_with_a_clear_message(sandbox, settings):
    settings.ACCELEVENTS_EVENT_URL = "no-such-event"
    code, printed = check()
    assert code == 2 and "check ACCELEVENTS_EVENT_URL" in printed


def test_no_answer_stops_with_a_clear_message(settings):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        settings.ACCELEVENTS_API_BASE_URL = f"http://127.0.0.1:{closed.getsockname()[1]}/rest"
        settings.UPSTREAM_CONNECT_TIMEOUT = 0.5
        code, printed = check()
    assert code == 2 and "did not answer" in printed and "ACCELEVENTS_API_BASE_URL" in printed


def test_no_secret_is_printed(sandbox, capfd):
    user_key = sandbox.magic_key(VICTOR)
    out = StringIO()
    with pytest.raises(CommandError) as stopped:
        call_command("check_upstream", "--user-key", user_key, "-v", "2", stdout=out)
    printed = out.getvalue() + "".join(capfd.readouterr()) + str(stopped.value)
    assert "Sign-in call: confirmed" in printed, printed
    assert user_key not in printed and API_KEY not in printed
    # sandbox tokens are 43 url-safe characters; none may appear, in output or log lines
    assert not re.findall(r"[A-Za-z0-9_-]{43}", printed)


def test_a_wrong_login_by_key_path_is_found_here_not_by_visitors(sandbox, settings):
    settings.ACCELEVENTS_PATHS = "login_by_key=/u/noSuchCall/{user_key}"
    code, printed = check("--user-key", sandbox.magic_key(VICTOR), email="")
    assert code == 2, printed
    assert "POST /u/noSuchCall/{user_key} answered 404" in printed
    assert "ACCELEVENTS_PATHS (login_by_key=)" in printed


def test_a_reservation_is_checked_and_undone(sandbox):
    before = registrations(sandbox)
    code, body = checks(*FULL_CHECK)
    assert code == 0
    row = finding(body, "reserve")
    assert row["verdict"] == "confirmed" and "joinSession=true" in row["assumed"]
    assert registrations(sandbox) == before


def test_with_reservations_off_the_reserve_check_is_not_needed(sandbox, settings):
    settings.PORTAL_RESERVE_AHEAD = False
    code, body = checks("--join", SPONSOR)
    assert code == 0 and not finding(body, "reserve")["needed"]


def test_a_reserve_flag_the_platform_ignores_is_contradicted(sandbox, settings):
    settings.ACCELEVENTS_RESERVE_PARAM = "saveSeat=true"  # not the documented flag
    code, body = checks(*FULL_CHECK)
    row = finding(body, "reserve")
    assert (code, row["verdict"]) == (1, "contradicted")
    assert "4072002" in row["observed"] and "did not take the reserve flag" in row["observed"]


def test_the_past_filter_is_off_and_says_whether_it_would_work(sandbox):
    code, body = checks(*FULL_CHECK)
    row = finding(body, "past")
    assert row["verdict"] == "confirmed" and code == 0
    # the demo has a session past its end but open to late joiners: past=true lists it
    assert "ACCELEVENTS_PAST_FILTER=true would not: keep it off" in row["observed"]


def test_the_past_filter_turned_on_is_contradicted_where_it_hides_a_session(sandbox, settings):
    settings.ACCELEVENTS_PAST_FILTER = True
    code, body = checks(*FULL_CHECK)
    assert finding(body, "past")["verdict"] == "contradicted"
    assert "ACCELEVENTS_PAST_FILTER=false" in body["settings"] and code == 1


def test_the_past_filter_turned_on_is_contradicted_where_past_is_refused(sandbox, settings):
    settings.ACCELEVENTS_PAST_FILTER = True
    sandbox.set_fault(mode="status", status=400, path_contains="past=")
    code, body = checks(*FULL_CHECK)
    assert finding(body, "past")["verdict"] == "contradicted" and code == 1


def test_the_status_filter_is_off_and_says_whether_it_would_work(sandbox):
    code, body = checks(*FULL_CHECK)
    row = finding(body, "status")
    assert row["verdict"] == "confirmed" and not row["needed"] and code == 0
    assert "carry 0 hidden" in row["observed"]
    assert "ACCELEVENTS_STATUS_FILTER=true would work" in row["observed"]


def test_hidden_items_in_attendee_lists_are_reported(dialect):
    dialect("lists-hidden")
    code, body = checks(*FULL_CHECK)
    row = finding(body, "status")
    assert "carry 1 hidden" in row["observed"] and "would work" in row["observed"]
    assert code == 0


def test_the_status_filter_turned_on_is_contradicted_where_it_is_refused(sandbox, settings):
    settings.ACCELEVENTS_STATUS_FILTER = True
    sandbox.set_fault(mode="status", status=400, path_contains="status=VISIBLE")
    code, body = checks(*FULL_CHECK)
    row = finding(body, "status")
    assert row["verdict"] == "contradicted" and code == 1
    assert "ACCELEVENTS_STATUS_FILTER=false" in body["settings"]
