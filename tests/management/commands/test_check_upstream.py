"""`manage.py check_upstream` against the sandbox: it exits 0 only when everything the portal
needs was confirmed, leaves the test account as it was, says so when the platform does not
answer, and never prints a secret. What each check finds, dialect by dialect, is tested with its
module in tests/upstream/probe/."""

import re
import socket
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.dialects import API_KEY
from tests.upstream.probe.probe_helpers import FULL_CHECK, VICTOR, check, registrations

pytestmark = pytest.mark.django_db


def test_the_contract_as_written_is_confirmed_end_to_end_and_joins_leave_no_trace(sandbox):
    before = registrations(sandbox)
    code, printed = check(*FULL_CHECK)
    assert code == 0, printed
    assert "Everything the portal needs was confirmed." in printed
    assert "[!!]" not in printed and "Add to .env" not in printed
    assert registrations(sandbox) == before


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
        call_command(
            "check_upstream", f"--user-key={user_key}", "-v", "2", stdout=out
        )  # may begin "-"
    printed = out.getvalue() + "".join(capfd.readouterr()) + str(stopped.value)
    assert "Sign-in call: confirmed" in printed, printed
    assert user_key not in printed and API_KEY not in printed
    # sandbox tokens are 43 url-safe characters; none may appear, in output or log lines
    assert not re.findall(r"[A-Za-z0-9_-]{43}", printed)
