"""The settings every part builds on (portal/settings/base.py), as a deployment gets them: no
configuration at all runs locally, DEBUG off without a secret key refuses to start, and what
DATABASE_URL, DATABASE_CONN_MAX_AGE, ALLOWED_HOSTS and DEBUG turn into."""

import pytest

from tests.portal.settings.reading import PRODUCTION, run_check, settings_under

pytestmark = pytest.mark.fresh_process  # the same on either pass: run once (tests/on_services.py)

POSTGRES = "postgres://portal:secret@db.internal:5433/portal"


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


def test_a_database_url_names_postgresql_kept_open_and_checked_before_reuse():
    database = settings_under({"DATABASE_URL": POSTGRES}, "DATABASES")["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == ("db.internal", 5433, "portal")
    assert (database["USER"], database["PASSWORD"]) == ("portal", "secret")
    assert (database["CONN_MAX_AGE"], database["CONN_HEALTH_CHECKS"]) == (60, True)


def test_connection_reuse_is_set_by_its_own_variable_or_in_the_url():
    env = {"DATABASE_URL": POSTGRES, "DATABASE_CONN_MAX_AGE": "0"}
    assert settings_under(env, "DATABASES")["DATABASES"]["default"]["CONN_MAX_AGE"] == 0
    env["DATABASE_URL"] = POSTGRES + "?conn_max_age=5"
    assert settings_under(env, "DATABASES")["DATABASES"]["default"]["CONN_MAX_AGE"] == 5


def test_without_a_database_url_sqlite_under_var_waits_for_writers_instead_of_failing():
    read = settings_under({}, "DATABASES", "BASE_DIR", drop=("DATABASE_URL",))
    database = read["DATABASES"]["default"]
    assert database["ENGINE"] == "portal.sqlite", "the backend that knows the real variable limit"
    assert database["NAME"] == f"{read['BASE_DIR']}/var/portal.sqlite3"
    assert database["OPTIONS"] == {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL;",
    }


def test_a_sqlite_url_gets_the_same_engine_and_options():
    env = {"DATABASE_URL": "sqlite:////srv/db.sqlite3"}
    database = settings_under(env, "DATABASES")["DATABASES"]["default"]
    assert (database["ENGINE"], database["NAME"]) == ("portal.sqlite", "/srv/db.sqlite3")
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_hosts_and_trusted_origins_are_comma_separated_lists():
    env = {
        "ALLOWED_HOSTS": "portal.example.com,www.portal.example.com",
        "CSRF_TRUSTED_ORIGINS": "https://portal.example.com",
    }
    read = settings_under(env, "ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS")
    assert read["ALLOWED_HOSTS"] == ["portal.example.com", "www.portal.example.com"]
    assert read["CSRF_TRUSTED_ORIGINS"] == ["https://portal.example.com"]


def test_debug_off_keeps_static_files_a_year_and_the_language_cookie_on_https():
    production = settings_under(PRODUCTION, "WHITENOISE_MAX_AGE", "LANGUAGE_COOKIE_SECURE")
    assert production == {"WHITENOISE_MAX_AGE": 31536000, "LANGUAGE_COOKIE_SECURE": True}
    local = settings_under({"DEBUG": "true"}, "WHITENOISE_MAX_AGE", "LANGUAGE_COOKIE_SECURE")
    assert local == {"WHITENOISE_MAX_AGE": 0, "LANGUAGE_COOKIE_SECURE": False}
