"""Security headers on every HTML response, and Django's deployment checklist with production
settings. The headers are those that earn A+ on Mozilla's HTTP Observatory: a CSP without
inline script, HSTS for a year with subdomains, nosniff, a Referrer-Policy, COOP, and
`no-store` on everything a signed-in attendee sees."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import include, path

from sandbox.demo import ACCOUNTS, EVENT_URL, SESSION_IDS
from tests.fault_helpers import module_sandbox, sign_in_as
from tests.hostile import FRAME_HOSTS, elements
from tests.portal_process import migrated_sqlite

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]
PROVIDERS = {f"https://{host}" for host in FRAME_HOSTS}
YEAR = 365 * 24 * 3600
HYBRID = SESSION_IDS["hybrid-data"]


def boom(request):
    raise RuntimeError("a bug")


# This module doubles as a URLconf with one failing view, so the 500 page is covered too.
urlpatterns = [path("boom/", boom), path("", include("portal.urls"))]


@pytest.fixture(scope="module")
def upstream(sandbox_server):
    return module_sandbox(sandbox_server)


@pytest.fixture
def production_headers(upstream, settings):
    settings.ACCELEVENTS_API_BASE_URL = upstream.api_url
    settings.ACCELEVENTS_EVENT_URL = EVENT_URL
    settings.SECURE_HSTS_SECONDS = YEAR  # the production default (DEBUG off)
    settings.ROOT_URLCONF = __name__
    upstream.clear_faults()
    return upstream


def csp_of(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    directives = (part.split() for part in policy.split(";") if part.strip())
    return {name: values for name, *values in directives}


def permissions_of(response) -> dict[str, set[str]]:
    """Permissions-Policy as {feature: its allowlist}, e.g. {"camera": set()}."""
    policy = {}
    for item in response["Permissions-Policy"].split(","):
        feature, _, allowlist = item.strip().partition("=")
        policy[feature] = set(allowlist.strip("()").replace('"', "").split())
    return policy


PLAYER_FEATURES = {"autoplay", "encrypted-media", "fullscreen", "picture-in-picture"}
NEVER = {"camera", "microphone", "geolocation", "payment", "usb", "display-capture"}


def html_responses(upstream) -> list[tuple[str, object, bool]]:
    """(what, response, signed in) for every kind of HTML page the portal serves."""
    anonymous = Client(raise_request_exception=False)
    seen = [
        ("sign-in", anonymous.get("/sign-in/", secure=True), False),
        (
            "sign-in refused",
            anonymous.post("/sign-in/", {"email": "x@example.com", "password": "y"}, secure=True),
            False,
        ),
        ("magic link", anonymous.get("/magic/some-key/", secure=True), False),
        ("magic link confirm", anonymous.get("/magic/", secure=True), False),
        ("404", anonymous.get("/no-such-page/", secure=True), False),
        ("400", anonymous.get("/sign-in/", secure=True, HTTP_HOST="evil.example"), False),
        ("500", anonymous.get("/boom/", secure=True), False),
        ("admin login", anonymous.get("/admin/login/", secure=True), False),
    ]
    strict = Client(enforce_csrf_checks=True)
    seen.append(("403 CSRF", strict.post("/sign-in/", {}, secure=True), False))
    gina = sign_in_as(ACCOUNTS["general"]["email"], ACCOUNTS["general"]["password"])
    hx = {"HTTP_HX_REQUEST": "true", "secure": True}
    seen += [
        ("agenda", gina.get("/", secure=True), True),
        ("agenda partial", gina.get("/?tab=past", HTTP_HX_TARGET="agenda-list", **hx), True),
        ("status poll", gina.get(f"/agenda/status/?ids={HYBRID}", **hx), True),
        ("stream page", gina.get(f"/sessions/{HYBRID}/", secure=True), True),
        ("my sessions", gina.get("/my-sessions/", secure=True), True),
        ("404 signed in", gina.get("/sessions/1/", secure=True), True),
    ]
    upstream.set_fault(mode="status", status=503)
    gina.get("/", secure=True)  # nothing cached for this new path below: retry page
    from django.core.cache import cache

    cache.clear()
    seen.append(("retry page", gina.get("/my-sessions/", secure=True), True))
    upstream.clear_faults()
    return seen


def test_every_html_response_carries_the_security_headers(production_headers):
    responses = html_responses(production_headers)
    assert {status for _, r, _ in responses for status in [r.status_code]} >= {
        200,
        400,
        403,
        404,
        500,
        503,
    }
    for what, response, signed_in in responses:
        assert response["Content-Type"].startswith("text/html"), what
        csp = csp_of(response)
        assert csp["script-src"] == ["'self'"], what  # no unsafe-inline, no unsafe-eval
        assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'none'"], what
        assert csp["frame-ancestors"] == ["'none'"] and csp["default-src"] == ["'self'"], what
        # and the ticket page the "get a ticket" step's form post redirects to
        assert csp["form-action"] == ["'self'", "https://www.accelevents.com"], what
        assert set(csp["frame-src"]) <= PROVIDERS | {"'none'"}, what
        hsts = response["Strict-Transport-Security"]
        assert int(hsts.split("max-age=")[1].split(";")[0]) >= YEAR, what
        assert "includeSubDomains" in hsts, what
        assert response["X-Content-Type-Options"] == "nosniff", what
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", what
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", what
        assert response.get("X-Frame-Options") == "DENY", what
        if signed_in:
            assert "no-store" in response["Cache-Control"], what
            assert "private" in response["Cache-Control"], what
        if "HTTP_HX_REQUEST" not in response.request:  # a fragment lives under its page's
            policy = permissions_of(response)
            denied = NEVER if what == "stream page" else NEVER | PLAYER_FEATURES  # see below
            assert all(policy[feature] == set() for feature in denied), what
        html = response.content.decode()
        for tag, attrs in elements(html):
            assert tag != "script" or dict(attrs).get("src"), f"{what}: inline script"
            assert not any(name.startswith("on") for name, _ in attrs), f"{what}: handler"


def test_only_the_stream_page_may_frame_and_only_the_stream_providers(production_headers):
    gina = sign_in_as(ACCOUNTS["general"]["email"], ACCOUNTS["general"]["password"])
    stream = gina.get(f"/sessions/{HYBRID}/")
    assert set(csp_of(stream)["frame-src"]) == PROVIDERS
    assert '<iframe src="https://www.youtube-nocookie.com/embed/' in stream.content.decode()
    policy = permissions_of(stream)
    for feature in PLAYER_FEATURES:  # what the players need, for the players only
        assert policy[feature] == {"self", *PROVIDERS}, feature
    assert all(policy[feature] == set() for feature in NEVER)
    for other in ("/", "/my-sessions/", "/sign-in/"):
        assert csp_of(gina.get(other))["frame-src"] == ["'none'"], other
        assert all(permissions_of(gina.get(other))[f] == set() for f in PLAYER_FEATURES)


def production_env(**extra) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ACCELEVENTS_", "DJANGO_"))}
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="portal.example.com",
        CSRF_TRUSTED_ORIGINS="https://portal.example.com",
        ACCELEVENTS_API_BASE_URL="https://api.accelevents.com/rest",
        ACCELEVENTS_EVENT_URL="my-event",
        **extra,
    )
    env.pop("SECURE_HSTS_SECONDS", None)
    env.pop("SECURE_SSL_REDIRECT", None)
    return env


def test_deploy_checklist_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_turn_every_protection_on():
    script = (
        "import json; from django.conf import settings as s; print(json.dumps({"
        "'hsts': s.SECURE_HSTS_SECONDS, 'sub': s.SECURE_HSTS_INCLUDE_SUBDOMAINS, "
        "'redirect': s.SECURE_SSL_REDIRECT, 'session_secure': s.SESSION_COOKIE_SECURE, "
        "'csrf_secure': s.CSRF_COOKIE_SECURE, 'httponly': s.SESSION_COOKIE_HTTPONLY, "
        "'debug': s.DEBUG}))"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=REPO,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values == {
        "hsts": YEAR,
        "sub": True,
        "redirect": True,
        "session_secure": True,
        "csrf_secure": True,
        "httponly": True,
        "debug": False,
    }


COOKIES_OF_A_VISIT = """
from django.conf import settings
from django.test import Client, override_settings
files = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
plain = {**settings.STORAGES, "staticfiles": files}
with override_settings(STORAGES=plain):  # nothing collected here
    visitor = Client()
    answers = [visitor.get(path, secure=True) for path in ("/sign-in/", "/magic/k/")]
    answers.append(visitor.post("/i18n/setlang/", {"language": "de"}, secure=True))
    answers.append(visitor.post("/sign-out/", secure=True))  # "You are signed out."
    for answer in answers:
        for cookie in answer.cookies.values():
            print(cookie.output(header="").strip())
"""


def test_production_cookies_are_host_only_https_only_for_every_path(tmp_path):
    """`__Host-` names: a browser accepts them only over HTTPS, with Path=/ and no Domain, so
    neither a sibling subdomain nor a plain-HTTP page can plant a session, CSRF or language
    cookie. Flash messages live in the session: no cookie of their own."""
    database = migrated_sqlite(tmp_path / "portal.sqlite3")
    env = production_env(DATABASE_URL=database, CACHE_URL="locmemcache://")
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", COOKIES_OF_A_VISIT],
        cwd=REPO,
        env={**env, "ALLOWED_HOSTS": "testserver"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    cookies = {line.split("=", 1)[0]: line for line in result.stdout.splitlines() if "=" in line}
    assert set(cookies) == {
        "__Host-csrftoken",
        "__Host-sessionid",
        "__Host-django_language",
    }, result.stdout
    for line in cookies.values():
        attributes = [part.strip().lower() for part in line.split(";")]
        assert "secure" in attributes and "path=/" in attributes, line
        assert not any(part.startswith("domain=") for part in attributes), line


HTTPS_CLAIMED = """
from django.conf import settings
from django.test import Client, override_settings
files = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
with override_settings(STORAGES={**settings.STORAGES, "staticfiles": files}):
    answer = Client().get("/sign-in/", HTTP_X_FORWARDED_PROTO="https")
    print(answer.status_code, answer.get("Location", ""))
"""


@pytest.mark.parametrize(("hops", "expected"), [("0", "301 https://"), ("1", "200")])
def test_a_clients_own_forwarded_proto_is_believed_only_behind_a_trusted_proxy(
    hops, expected, tmp_path
):
    """With no balancer in front, `X-Forwarded-Proto: https` on plain HTTP is the client's own
    claim: it still gets the HTTPS redirect (and so no page, and no cookie, over HTTP)."""
    database = migrated_sqlite(tmp_path / "portal.sqlite3")
    env = production_env(DATABASE_URL=database, CACHE_URL="locmemcache://")
    env.update(ALLOWED_HOSTS="testserver", TRUSTED_PROXY_HOPS=hops)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", HTTPS_CLAIMED],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith(expected), result.stdout
