"""Where e-mail goes (portal/settings/mail.py), as a deployment gets it: the console with no
configuration, so `make run` prints reminders; an SMTP server from EMAIL_URL; and the public
address e-mail links use, from PORTAL_BASE_URL or else the trusted origin."""

import pytest

from tests.portal.settings.reading import PRODUCTION, run_check, settings_under

pytestmark = pytest.mark.fresh_process  # the same on either pass: run once (tests/on_services.py)

NAMES = (
    "EMAIL_BACKEND",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_USE_TLS",
    "PORTAL_BASE_URL",
    "PORTAL_REMINDER_EMAILS",
)


def test_without_configuration_mail_is_printed_and_links_point_at_the_local_portal():
    found = settings_under({"DEBUG": "true"}, *NAMES, drop=("EMAIL_URL", "PORTAL_BASE_URL"))
    assert found["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert found["PORTAL_BASE_URL"] == "http://localhost:8000"
    assert found["PORTAL_REMINDER_EMAILS"] is True


def test_production_sends_over_smtp_and_links_to_its_trusted_origin():
    env = {
        **PRODUCTION,
        "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.com:587",
        "CSRF_TRUSTED_ORIGINS": "https://portal.example.com",
        "PORTAL_BASE_URL": "",  # as .env.example leaves it
    }
    found = settings_under(env, *NAMES, "EMAIL_HOST_USER", "EMAIL_HOST_PASSWORD")
    assert found["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (found["EMAIL_HOST"], found["EMAIL_PORT"], found["EMAIL_USE_TLS"]) == (
        "smtp.example.com",
        587,
        True,
    )
    assert (found["EMAIL_HOST_USER"], found["EMAIL_HOST_PASSWORD"]) == ("mailer", "secret")
    assert found["PORTAL_BASE_URL"] == "https://portal.example.com"
    assert found["PORTAL_REMINDER_EMAILS"] is True
    env["PORTAL_BASE_URL"] = "https://events.example.com/"
    assert settings_under(env, "PORTAL_BASE_URL")["PORTAL_BASE_URL"] == "https://events.example.com"


@pytest.mark.parametrize("email_url", [None, "", "consolemail://"])
def test_production_without_a_mail_server_sends_no_reminders_and_prints_none(email_url):
    """The console would write each reminder (address, working unsubscribe link) to the log."""
    env = {**PRODUCTION, "PORTAL_BASE_URL": ""}  # and no trusted origin: nothing to link to
    drop = (
        ("CSRF_TRUSTED_ORIGINS",)
        if email_url is not None
        else ("CSRF_TRUSTED_ORIGINS", "EMAIL_URL")
    )
    if email_url is not None:
        env["EMAIL_URL"] = email_url
    found = settings_under(env, *NAMES, drop=drop)
    assert found["PORTAL_REMINDER_EMAILS"] is False
    assert found["EMAIL_BACKEND"] != "django.core.mail.backends.console.EmailBackend"


def test_production_with_a_mail_server_but_no_public_address_refuses_to_start():
    env = {**PRODUCTION, "EMAIL_URL": "smtp://smtp.example.com:25", "PORTAL_BASE_URL": ""}
    result = run_check(env, drop=("CSRF_TRUSTED_ORIGINS",))
    assert result.returncode != 0
    assert "PORTAL_BASE_URL must be set when DEBUG is off and EMAIL_URL is set" in result.stderr
    env["PORTAL_BASE_URL"] = "portal.example.com"  # no scheme: no link would work
    assert "PORTAL_BASE_URL must be an http(s) address" in run_check(env).stderr
    env["PORTAL_BASE_URL"] = "https://portal.example.com"
    assert run_check(env).returncode == 0
