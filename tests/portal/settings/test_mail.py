"""Where e-mail goes (portal/settings/mail.py), as a deployment gets it: the console with no
configuration, so `make run` prints reminders; an SMTP server from EMAIL_URL; and the public
address e-mail links use, from PORTAL_BASE_URL or else the trusted origin."""

import pytest

from tests.portal.settings.reading import PRODUCTION, settings_under

pytestmark = pytest.mark.fresh_process  # the same on either pass: run once (tests/on_services.py)

NAMES = ("EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_PORT", "EMAIL_USE_TLS", "PORTAL_BASE_URL")


def test_without_configuration_mail_is_printed_and_links_point_at_the_local_portal():
    found = settings_under({"DEBUG": "true"}, *NAMES, drop=("EMAIL_URL", "PORTAL_BASE_URL"))
    assert found["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert found["PORTAL_BASE_URL"] == "http://localhost:8000"


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
    env["PORTAL_BASE_URL"] = "https://events.example.com/"
    assert settings_under(env, "PORTAL_BASE_URL")["PORTAL_BASE_URL"] == "https://events.example.com"
