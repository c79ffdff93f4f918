"""What the service worker may keep offline, as the server marks it (sessions_app/ops/offline.py):
the agenda, My sessions and a session page without a player, for the attendee signed in and
no one else; never a stream page, a fragment, the status poll, an admin page or a write; a
signed-out visitor's page tells the worker to forget; signing out clears the site's data; a
kept copy keeps the page's security headers."""

import re

import pytest
from django.test import Client

from sandbox.demo import SESSION_IDS
from sessions_app.ops.offline import FORGET, HEADER, NOT_KEPT_HEADERS
from tests.portal_helpers import sign_in

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}
ACCESSIBLE = SESSION_IDS["accessible-venues"]  # live; Gina is not registered
HYBRID = SESSION_IDS["hybrid-data"]  # live; Gina is registered: its page plays the stream


@pytest.fixture
def gina(client, sandbox):
    sign_in(client, "general")
    return client


def test_the_attendees_pages_are_marked_as_hers_to_keep(gina, sandbox):
    pages = [gina.get(path) for path in ("/", "/my-sessions/", f"/sessions/{ACCESSIBLE}/")]
    assert [page.status_code for page in pages] == [200, 200, 200]
    tags = {page[HEADER] for page in pages}
    assert len(tags) == 1 and FORGET not in tags

    victor = Client()
    sign_in(victor, "vip")
    assert victor.get("/")[HEADER] not in tags | {FORGET}  # another attendee, another tag


def test_a_stream_page_a_fragment_and_the_poll_are_never_kept(gina, sandbox):
    stream = gina.get(f"/sessions/{HYBRID}/")
    assert stream.status_code == 200 and b"player-slot" in stream.content
    assert HEADER not in stream
    assert HEADER not in gina.get("/", **HX)
    assert HEADER not in gina.get(f"/agenda/status/?ids={ACCESSIBLE}")


def test_a_write_and_an_admin_page_are_never_kept(gina, sandbox, admin_client):
    join = gina.post(f"/sessions/{ACCESSIBLE}/join/")
    assert HEADER not in join
    assert HEADER not in admin_client.get("/admin/")


def test_a_signed_out_visitors_page_tells_the_worker_to_forget(client, sandbox):
    assert client.get("/sign-in/")[HEADER] == FORGET


def test_signing_out_clears_what_the_browser_kept(gina, sandbox):
    answer = gina.post("/sign-out/")
    assert answer.status_code == 302
    assert answer["Clear-Site-Data"] == '"cache", "storage"'
    assert gina.get(answer["Location"])[HEADER] == FORGET


def test_the_worker_keeps_every_security_header_a_kept_page_has(gina, sandbox):
    """A copy read offline runs under the page's own CSP, frame, referrer and permissions
    policies: the worker stores each header a kept page carries, except the per-request ones."""
    worker = gina.get("/sw.js").content.decode()
    kept = re.search(r'var KEPT_HEADERS = "([^"]*)"', worker).group(1).split()
    for path in ("/", "/my-sessions/", f"/sessions/{ACCESSIBLE}/"):
        page = gina.get(path)
        assert "Content-Security-Policy" in page and "Permissions-Policy" in page
        carried = {name.lower() for name, _ in page.items()} - {
            name.lower() for name in NOT_KEPT_HEADERS
        }
        assert carried <= {name.lower() for name in kept}, path
    assert not {name.lower() for name in kept} & {"set-cookie", "vary", HEADER.lower()}
