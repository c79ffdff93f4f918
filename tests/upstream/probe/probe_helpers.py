"""What the tests of `check_upstream` share: the sandbox's test accounts and sessions, running
the command as `manage.py check_upstream` would, reading its JSON, and the registrations the
organizer's list shows (a check that joins must leave them as they were)."""

import json
from io import StringIO

from django.core.management import CommandError, call_command

from sandbox.demo import ACCOUNTS, PASSWORD, SESSION_IDS
from tests.dialects import API_KEY

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
