"""Settings as a deployment gets them: `manage.py check`, or the settings a fresh process reads,
under an environment of the test's choosing (none of the test run's ACCELEVENTS_ or secret
values leak in)."""

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x" * 60,
    "ACCELEVENTS_API_BASE_URL": "https://api.accelevents.com/rest",
    "ACCELEVENTS_EVENT_URL": "my-event",
    "ALLOWED_HOSTS": "portal.example.com",
}
READ = (
    "import json, django; django.setup(); from django.conf import settings; "
    "print(json.dumps({n: getattr(settings, n) for n in %r}, default=str))"
)


def _environment(env_overrides: dict, drop: tuple) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ACCELEVENTS_", "SECRET_KEY"))}
    env.update(env_overrides)
    for name in drop:
        env.pop(name, None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def run_check(env_overrides: dict, drop: tuple = ()) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=REPO,
        env=_environment(env_overrides, drop),
        capture_output=True,
        text=True,
        timeout=60,
    )


def settings_under(env_overrides: dict, *names: str, drop: tuple = ()) -> dict:
    """The named settings as a process started with this environment reads them."""
    env = {**_environment(env_overrides, drop), "DJANGO_SETTINGS_MODULE": "portal.settings"}
    result = subprocess.run(
        [sys.executable, "-c", READ % (names,)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
