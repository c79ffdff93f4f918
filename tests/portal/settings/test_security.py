"""Sign-in limits, proxies, cookies and headers (portal/settings/security.py), as a deployment
gets them: a forwarded protocol is believed only behind a trusted balancer; with DEBUG off the
cookies are HTTPS-only and host-bound (`__Host-`), HSTS lasts a year and plain HTTP is
redirected; speakers' photos may come from the API's own domain; and the ticket page must be a
web address, since the CSP lets forms go there."""

import pytest

from portal.settings.security import _image_sources
from tests.portal.settings.reading import PRODUCTION, run_check, settings_under

pytestmark = pytest.mark.fresh_process  # the same on either pass: run once (tests/on_services.py)

COOKIES = ("SESSION_COOKIE_NAME", "CSRF_COOKIE_NAME", "LANGUAGE_COOKIE_NAME")


@pytest.mark.parametrize(
    ("hops", "header"), [("0", None), ("1", ["HTTP_X_FORWARDED_PROTO", "https"])]
)
def test_a_forwarded_protocol_is_believed_only_behind_a_trusted_balancer(hops, header):
    read = settings_under({"TRUSTED_PROXY_HOPS": hops}, "SECURE_PROXY_SSL_HEADER")
    assert read["SECURE_PROXY_SSL_HEADER"] == header


def test_with_debug_off_cookies_are_host_bound_and_https_only():
    read = settings_under(PRODUCTION, *COOKIES, "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE")
    assert [read[name] for name in COOKIES] == [
        "__Host-sessionid",
        "__Host-csrftoken",
        "__Host-django_language",
    ]
    assert read["SESSION_COOKIE_SECURE"] and read["CSRF_COOKIE_SECURE"]
    local = settings_under({"DEBUG": "true"}, "SESSION_COOKIE_NAME", "SESSION_COOKIE_SECURE")
    assert local == {"SESSION_COOKIE_NAME": "sessionid", "SESSION_COOKIE_SECURE": False}


def test_with_debug_off_https_is_insisted_on_but_health_checks_may_use_http():
    names = ("SECURE_HSTS_SECONDS", "SECURE_SSL_REDIRECT", "SECURE_REDIRECT_EXEMPT")
    read = settings_under(PRODUCTION, *names)
    assert (read["SECURE_HSTS_SECONDS"], read["SECURE_SSL_REDIRECT"]) == (31536000, True)
    assert read["SECURE_REDIRECT_EXEMPT"] == [r"^healthz$"]
    behind_tls = settings_under({**PRODUCTION, "SECURE_SSL_REDIRECT": "false"}, *names)
    assert behind_tls["SECURE_SSL_REDIRECT"] is False
    assert settings_under({"DEBUG": "true"}, *names)["SECURE_HSTS_SECONDS"] == 0


def test_sign_in_limits_come_from_the_environment():
    env = {"SIGNIN_RATE_LIMIT": "9", "SIGNIN_IP_RATE_LIMIT": "90"}
    read = settings_under(env, "SIGNIN_RATE_LIMIT", "SIGNIN_IP_RATE_LIMIT")
    assert read == {"SIGNIN_RATE_LIMIT": 9, "SIGNIN_IP_RATE_LIMIT": 90}


@pytest.mark.parametrize(
    ("api_base", "sources"),
    [
        (
            "https://api.accelevents.com/rest",
            ["https://api.accelevents.com", "https://*.accelevents.com"],
        ),
        ("http://127.0.0.1:8001/rest", ["http://127.0.0.1:8001"]),
        ("http://localhost:8001/rest", ["http://localhost:8001"]),
    ],
)
def test_speakers_photos_may_come_from_the_apis_own_domain(api_base, sources):
    assert _image_sources(api_base) == sources


def test_the_csp_follows_the_image_sources_and_the_ticket_page():
    env = {
        "PORTAL_IMAGE_SOURCES": "https://images.example.org",
        "ACCELEVENTS_TICKETS_URL": "https://tickets.example.org/buy?event=1",
    }
    directives = settings_under(env, "CONTENT_SECURITY_POLICY")["CONTENT_SECURITY_POLICY"][
        "DIRECTIVES"
    ]
    assert directives["img-src"] == ["'self'", "data:", "https://images.example.org"]
    assert directives["form-action"] == ["'self'", "https://tickets.example.org"]


def test_the_ticket_page_defaults_to_the_events_public_page_and_must_be_a_web_address():
    from django.conf import settings

    assert settings.ACCELEVENTS_TICKETS_URL.startswith("https://www.accelevents.com/events/")
    result = run_check({"DEBUG": "true", "ACCELEVENTS_TICKETS_URL": "javascript:alert(1)"})
    assert result.returncode != 0
    assert "ACCELEVENTS_TICKETS_URL must be an http(s) URL" in result.stderr


def test_a_ticket_page_on_another_scheme_stops_start_up():
    result = run_check({"DEBUG": "true", "ACCELEVENTS_TICKETS_URL": "ftp://tickets.example.org/"})
    assert "ACCELEVENTS_TICKETS_URL must be an http(s) URL" in result.stderr
