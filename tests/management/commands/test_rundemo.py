"""`manage.py rundemo` waits for its sandbox before going on: it goes on as soon as the sandbox
answers its health check, and stops with a clear message when the sandbox process exits during
start-up. (The rest starts servers and runs until Ctrl-C: not tested here.)"""

import subprocess
import sys
import time
from urllib.parse import urlsplit

import pytest
from django.core.management import CommandError

from sessions_app.management.commands.rundemo import Command


@pytest.fixture
def idle_process():
    """A process that stays up (standing in for the sandbox's own) and is stopped afterwards."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield process
    process.terminate()
    process.wait(timeout=10)


def test_it_goes_on_as_soon_as_the_sandbox_answers(sandbox_server, idle_process):
    port = urlsplit(sandbox_server).port
    started = time.monotonic()
    Command()._wait_for_sandbox(port, idle_process)
    assert time.monotonic() - started < 5


def test_it_stops_when_the_sandbox_exits_during_start_up():
    exited = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    exited.wait(timeout=10)
    with pytest.raises(CommandError, match="exited during start-up"):
        Command()._wait_for_sandbox(1, exited)  # port 1: nothing answers there
