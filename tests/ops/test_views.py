"""The web app manifest and the service worker (sessions_app/ops/views.py): the manifest names
the event, opens on the agenda as a standalone app with icons Chromium accepts for installing
(PNG 192 and 512, a maskable one), and the worker is a script served from the site's root, its
scope the whole site, allowed by the CSP without widening it."""

import json
import struct

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command

from sandbox.demo import EVENT_NAME
from sessions_app.ops.views import ICONS
from tests.portal_helpers import sign_in

pytestmark = pytest.mark.django_db


def png_size(path: str) -> tuple[int, int]:
    with open(finders.find(path.removeprefix("/static/")), "rb") as png:
        header = png.read(24)
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", header[16:24])


def test_the_manifest_makes_the_agenda_an_installable_app(client, sandbox):
    sign_in(client, "general")
    client.get("/")  # the event's name, as attendees' pages read it
    answer = client.get("/manifest.webmanifest")
    assert answer["Content-Type"] == "application/manifest+json"
    manifest = json.loads(answer.content)
    assert manifest["name"] == EVENT_NAME
    assert (manifest["start_url"], manifest["scope"], manifest["display"]) == (
        "/",
        "/",
        "standalone",
    )
    assert manifest["theme_color"] == "#f6f8fa" and manifest["background_color"] == "#ffffff"
    pngs = {
        (icon["sizes"], icon["purpose"]): png_size(icon["src"])
        for icon in manifest["icons"]
        if icon["type"] == "image/png"
    }
    assert pngs == {
        ("192x192", "any"): (192, 192),
        ("512x512", "any"): (512, 512),
        ("512x512", "maskable"): (512, 512),
    }


def test_every_page_links_the_manifest(client, sandbox):
    assert b'<link rel="manifest" href="/manifest.webmanifest">' in client.get("/sign-in/").content


def test_the_worker_is_a_script_whose_scope_is_the_whole_site(client, sandbox):
    answer = client.get("/sw.js")
    assert answer.status_code == 200
    assert answer["Content-Type"] == "text/javascript"
    assert "no-cache" in answer["Cache-Control"]
    assert b'var ASSETS = ["/static/", "/jsi18n/"];' in answer.content


def test_the_csp_allows_the_worker_and_the_manifest_from_the_site_only(client, sandbox):
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in client.get("/sign-in/")["Content-Security-Policy"].split(";")
    )
    assert policy["worker-src"] == "'self' blob:"
    assert policy["manifest-src"] == "'self'"
    assert policy["script-src"] == "'self'"


def test_with_hashed_static_files_the_worker_and_the_manifest_still_answer(
    client, sandbox, settings, tmp_path
):
    """Production's storage names each file by its hash and knows no name for the folder."""
    settings.STATIC_ROOT = tmp_path / "collected"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)

    worker = client.get("/sw.js")
    assert worker.status_code == 200
    assert f'"{settings.STATIC_URL}"' in worker.content.decode()
    icons = json.loads(client.get("/manifest.webmanifest").content)["icons"]
    plain = [settings.STATIC_URL + path for path, *_ in ICONS]
    assert len(icons) == len(plain) and not {icon["src"] for icon in icons} & set(plain)
