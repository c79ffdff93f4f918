"""Settings: embedded defaults for a local run, loud failure for a half-configured production."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "x" * 60,
    "ACCELEVENTS_API_BASE_URL": "https://api.accelevents.com/rest",
    "ACCELEVENTS_EVENT_URL": "my-event",
    "ALLOWED_HOSTS": "portal.example.com",
}


def run_check(env_overrides: dict, drop: tuple = ()) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ACCELEVENTS_", "SECRET_KEY"))}
    env.update(env_overrides)
    for name in drop:
        env.pop(name, None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_portal_starts_with_no_configuration_at_all():
    result = run_check({"DEBUG": "true"}, drop=("DATABASE_URL", "CACHE_URL"))
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "missing", ["SECRET_KEY", "ACCELEVENTS_API_BASE_URL", "ACCELEVENTS_EVENT_URL"]
)
def test_production_refuses_to_start_without_required_settings(missing):
    result = run_check(PRODUCTION, drop=(missing,))
    assert result.returncode != 0
    assert f"{missing} must be set when DEBUG is off" in result.stderr


def test_production_starts_when_everything_required_is_given():
    result = run_check(PRODUCTION)
    assert result.returncode == 0, result.stderr


def test_a_default_format_the_agenda_doesnt_have_stops_start_up():
    result = run_check({"DEBUG": "true", "PORTAL_DEFAULT_FORMAT": "KEYNOTES"})
    assert result.returncode != 0
    assert "PORTAL_DEFAULT_FORMAT must be one of" in result.stderr
    assert run_check({"DEBUG": "true", "PORTAL_DEFAULT_FORMAT": "WORKSHOP"}).returncode == 0


def test_the_ticket_page_defaults_to_the_events_public_page_and_must_be_a_web_address():
    from django.conf import settings

    assert settings.ACCELEVENTS_TICKETS_URL.startswith("https://www.accelevents.com/events/")
    result = run_check({"DEBUG": "true", "ACCELEVENTS_TICKETS_URL": "javascript:alert(1)"})
    assert result.returncode != 0
    assert "ACCELEVENTS_TICKETS_URL must be an http(s) URL" in result.stderr
