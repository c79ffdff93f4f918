"""Secrets never leave the server. Across every page an attendee can reach (players of every
provider included) and everything logged meanwhile at DEBUG, no response body, header, cookie
or redirect URL and no log line carries: the attendee's upstream token, the password, a magic
sign-in key once used, the organization API key, a stream key, an RTMP URL, a meeting password,
a thumbnail token, or a speaker's or another attendee's e-mail."""

import logging

import pytest
from django.contrib.sessions.models import Session as DjangoSession
from django.test import Client

from sandbox.demo import ACCOUNTS, EVENT_ID, EVENT_URL, SESSION_IDS
from sessions_app.identity import SESSION_KEY
from tests.fault_helpers import module_sandbox
from tests.portal_helpers import KEEP_BOTH

pytestmark = pytest.mark.django_db

VICTOR, GINA = ACCOUNTS["vip"], ACCOUNTS["general"]
API_KEY = "sandbox-organization-key"
# One live session per provider, so every kind of player is rendered.
PLAYERS = [
    SESSION_IDS[key]
    for key in (
        "opening-keynote",  # ACCELEVENTS (Mux + playback token)
        "accessible-venues",  # YOUTUBE
        "sponsor-stories",  # VIMEO
        "community-growth",  # WISTIA
        "global-livestream",  # FACEBOOK
        "procurement-roundtable",  # ZOOM (with a meeting password upstream)
        "recommendations-workshop",  # DIRECT_UPLOAD
    )
]


@pytest.fixture(scope="module")
def upstream(sandbox_server):
    return module_sandbox(sandbox_server)


def upstream_secrets(upstream) -> set[str]:
    """Every secret the sandbox puts into the answers the portal receives."""
    token = upstream.token("vip")
    listed = upstream.rest(
        "GET", "/events/{event}/session/v2", token=token, params={"size": 200}
    ).json()["data"]
    found = {API_KEY}
    for item in listed:
        for key in ("streamKey", "rtmpUrl", "meetingPassword", "thumbnailRestrictionToken"):
            if item.get(key):
                found.add(item[key])
        found |= {s["email"] for s in item.get("speakerList") or [] if s.get("email")}
    hosted = upstream.rest(
        "GET",
        "/host/event/{event}/session",
        headers={"Authorization": API_KEY},
        params={"expand": "registerdHolderUsers", "size": 200, "eventId": EVENT_ID},
    ).json()["data"]
    found |= {
        holder["email"]
        for item in hosted
        for holder in item.get("registerdHolderUsers") or []
        if holder["email"] != VICTOR["email"]
    }
    assert any(s.startswith("sk_live_") for s in found) and any("rtmp://" in s for s in found)
    return found


def visit_everything(upstream, key: str) -> tuple[list, list[Client], str]:
    """Every page and action, as Victor (password) and Gina (magic link)."""
    responses, victor = [], Client()
    responses.append(victor.get("/sign-in/?next=/my-sessions/"))
    form = {"email": VICTOR["email"], "password": VICTOR["password"], "next": "/my-sessions/"}
    responses.append(victor.post("/sign-in/", form))
    hx = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/"}
    for session_id in PLAYERS:
        responses.append(victor.post(f"/sessions/{session_id}/join/", KEEP_BOTH, **hx))
        responses.append(victor.get(f"/sessions/{session_id}/"))
    for query in ("", "?format=all", "?format=all&tab=past", "?format=all&tab=upcoming"):
        responses.append(victor.get(f"/{query}"))
        responses.append(victor.get(f"/{query}", HTTP_HX_TARGET="agenda-list", **hx))
    ids = ",".join(map(str, PLAYERS))
    responses.append(victor.get(f"/agenda/status/?ids={ids}", **hx))
    responses.append(victor.get("/my-sessions/"))
    responses.append(victor.post(f"/sessions/{PLAYERS[1]}/unregister/", **hx))
    responses.append(victor.post(f"/sessions/{PLAYERS[2]}/unregister/", follow=True))
    responses.append(victor.post(f"/sessions/{SESSION_IDS['vip-roadmap']}/join/", KEEP_BOTH))
    responses.append(victor.get("/sessions/1/"))
    responses.append(victor.get("/healthz"))
    responses.append(victor.get("/admin/"))
    token = DjangoSession.objects.get(session_key=victor.cookies["sessionid"].value).get_decoded()[
        SESSION_KEY
    ]["token"]
    upstream.expire_tokens()
    responses.append(victor.get("/my-sessions/"))  # the expired token: back to sign-in

    gina = Client()
    responses.append(gina.get(f"/magic/{key}/"))
    responses.append(gina.get("/magic/"))
    responses.append(gina.post("/magic/", follow=True))  # names her account and asks
    responses.append(gina.post("/magic/", {"choice": "continue"}, follow=True))
    responses.append(gina.post("/sign-out/", follow=True))
    responses.append(victor.post("/sign-out/", follow=True))
    return responses, [victor, gina], token


def test_no_secret_reaches_a_page_a_header_a_cookie_a_url_or_a_log(upstream, settings, caplog):
    settings.ACCELEVENTS_API_BASE_URL = upstream.api_url
    settings.ACCELEVENTS_EVENT_URL = EVENT_URL
    upstream.clear_faults()
    secrets = upstream_secrets(upstream)
    magic_key = upstream.magic_key(GINA["email"])
    with caplog.at_level(logging.DEBUG):
        responses, clients, token = visit_everything(upstream, magic_key)
    secrets |= {token, VICTOR["password"], GINA["password"]}
    assert len(responses) > 30

    exposed = []
    for response in responses:
        chain = [*getattr(response, "redirect_chain", []), (response.get("Location", ""), 0)]
        where = response.request["PATH_INFO"]
        surfaces = {
            "body": response.content.decode(errors="replace"),
            "headers": str(list(response.items())),
            "cookies": response.cookies.output(),
            "url": where + response.request.get("QUERY_STRING", "") + str(chain),
        }
        # A magic link's page names the account it is for: Gina's e-mail, to Gina.
        own = {GINA["email"]} if response.client is clients[1] else set()
        exposed += [
            (s, where, part) for s in secrets - own for part, text in surfaces.items() if s in text
        ]
    exposed += [(s, "cookie jar", "") for c in clients for s in secrets if s in c.cookies.output()]
    logged = "\n".join(f"{r.name} {r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    exposed += [(s, "logs", "") for s in secrets | {magic_key} if s in logged]
    assert not exposed, exposed
    assert "sessions_app.upstream" in logged and "django" in logged, "the logs were captured"
