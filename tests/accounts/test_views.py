"""The sign-in pages (sessions_app/accounts/views.py): the password form names the event, goes
on only to a local `next`, and leads a forgotten password back in; a magic link leaves the URL
at once, is used once, expires on its confirm page, and, planted from elsewhere (issue 21),
names its account and asks before anyone is signed in, never switching a signed-in attendee
silently; a key that is no path segment is only a bad link, counted, calling nothing; signing
out leaves no token behind."""

import re

import pytest
from django.contrib.sessions.models import Session as DjangoSession
from django.test import Client

from sandbox.demo import ACCOUNTS, EVENT_URL
from sessions_app import cache as portal_cache
from sessions_app.accounts.accounts import MAGIC_KEY, PENDING_KEY
from sessions_app.accounts.views import MAGIC_KEY_SECONDS
from sessions_app.identity import SESSION_KEY
from sessions_app.models import Attendee
from sessions_app.ops import misconfiguration
from tests.accounts.pages import KEY_LOGIN, VICTOR, planted, post_sign_in, signed_in_as, text_of
from tests.portal_helpers import sign_in, use_magic_link

pytestmark = pytest.mark.django_db


def test_the_sign_in_page_names_the_event(client, sandbox):
    html = client.get("/sign-in/").content.decode()
    assert '<p class="form-page__event">Aurora Product Summit</p>' in html
    assert "<title>Sign in · Aurora Product Summit</title>" in html


def test_next_only_accepts_local_paths(client, sandbox):
    account = ACCOUNTS["general"]
    for target, expected in [
        ("/my-sessions/", "/my-sessions/"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
    ]:
        client.post("/sign-out/")
        response = post_sign_in(client, account["email"], account["password"], next=target)
        assert response["Location"] == expected, target


def test_a_forgotten_password_or_a_spent_link_has_a_way_back_in(client, sandbox, settings):
    """Neither the sign-in page nor the spent-link page is a dead end: both lead to the
    event's own Accelevents page, where a password is reset or a new link sent."""
    help_url = f"https://www.accelevents.com/events/{EVENT_URL}"
    assert help_url == settings.ACCELEVENTS_SIGN_IN_HELP_URL  # derived from the event's slug
    settings.ACCELEVENTS_SIGN_IN_HELP_URL = "https://hub.example.org/aurora/login"
    way_back = re.compile(
        r'<a href="https://hub\.example\.org/aurora/login"[^>]*>\s*'
        r"Forgot your password\? Get a new sign-in link"
    )
    assert way_back.search(client.get("/sign-in/").content.decode())
    spent = client.post("/magic/").content.decode()
    assert "expired or has already been used" in spent and way_back.search(spent)


def test_magic_link_leaves_the_url_at_once_and_is_used_once(client, sandbox):
    key = sandbox.magic_key(ACCOUNTS["vip"]["email"])
    opened = client.get(f"/magic/{key}/?next=/my-sessions/")
    assert opened.status_code == 302 and opened["Location"] == "/magic/?next=%2Fmy-sessions%2F"
    sandbox.reset_stats()
    page = client.get(opened["Location"])
    assert "Continue to the event" in page.content.decode() and key not in page.content.decode()
    sent = sandbox.stats()["requests"]
    assert KEY_LOGIN not in sent, "opening the link does not spend the key"
    named = client.post("/magic/", {"next": "/my-sessions/"})
    assert "Continue as Victor Villanueva" in named.content.decode()
    response = client.post("/magic/", {"next": "/my-sessions/", "choice": "continue"})
    assert (response.status_code, response["Location"]) == (302, "/my-sessions/")
    assert client.get("/").status_code == 200
    assert key not in str(DjangoSession.objects.get().get_decoded()), "gone from the session"
    client.post("/sign-out/")
    again = client.post("/magic/")
    assert again.status_code == 200 and "expired or has already been used" in again.content.decode()


def test_magic_link_left_on_its_confirm_page_expires_there(client, sandbox):
    key = sandbox.magic_key(ACCOUNTS["vip"]["email"])
    client.get(f"/magic/{key}/")
    session = client.session
    session[MAGIC_KEY]["at"] -= MAGIC_KEY_SECONDS + 1
    session.save()
    sandbox.reset_stats()
    page = client.get("/magic/").content.decode()
    assert "expired or has already been used" in page and "Continue to the event" not in page
    assert client.post("/magic/").status_code == 200
    assert KEY_LOGIN not in sandbox.stats()["requests"], "an expired key is never sent"
    assert client.get("/").status_code == 302


def test_a_planted_link_names_its_account_and_signs_in_only_when_asked(client, sandbox):
    asked = planted(client, sandbox=sandbox, next_path="/my-sessions/")
    assert asked.status_code == 200
    assert f"This link signs you in as {VICTOR}." in text_of(asked)
    assert "Continue as Victor Villanueva" in text_of(asked)
    assert signed_in_as(client) == "", "using the key signs nobody in yet"
    confirmed = client.post("/magic/", {"choice": "continue", "next": "/my-sessions/"})
    assert (confirmed.status_code, confirmed["Location"]) == (302, "/my-sessions/")
    assert signed_in_as(client) == "Victor Villanueva"


def test_this_isnt_me_signs_nobody_in_and_forgets_the_account(client, sandbox):
    planted(client, sandbox=sandbox)
    refused = client.post("/magic/", {"choice": "cancel"}, follow=True)
    assert "Nobody was signed in with that link." in text_of(refused)
    assert signed_in_as(client) == ""
    assert PENDING_KEY not in client.session
    again = client.post("/magic/", {"choice": "continue"})
    assert "expired or has already been used" in text_of(again)
    assert signed_in_as(client) == ""


def test_a_signed_in_attendee_is_never_switched_silently(client, sandbox):
    sign_in(client, "general")
    asked = planted(client, sandbox=sandbox)
    assert f"You are signed in as Gina Garcia. This link is for {VICTOR}." in text_of(asked), (
        text_of(asked)
    )
    assert signed_in_as(client) == "Gina Garcia"
    stay = client.post("/magic/", {"choice": "cancel"}, follow=True)
    assert "you are still signed in" in text_of(stay)
    assert signed_in_as(client) == "Gina Garcia"

    planted(client, sandbox=sandbox)
    client.post("/magic/", {"choice": "continue"})
    assert signed_in_as(client) == "Victor Villanueva"


def test_a_link_for_the_signed_in_attendee_just_renews_their_sign_in(client, sandbox):
    sign_in(client, "vip")
    response = planted(client, sandbox=sandbox)
    assert (response.status_code, response["Location"]) == (302, "/")
    assert signed_in_as(client) == "Victor Villanueva"


def test_a_pending_account_is_dropped_by_another_sign_in_and_by_time(client, sandbox):
    planted(client, sandbox=sandbox)
    sign_in(client, "general")
    assert client.post("/magic/", {"choice": "continue"}).status_code == 200
    assert signed_in_as(client) == "Gina Garcia"

    visitor = Client()
    planted(visitor, sandbox=sandbox)
    session = visitor.session
    session[PENDING_KEY]["at"] -= MAGIC_KEY_SECONDS + 1
    session.save()
    late = visitor.post("/magic/", {"choice": "continue"})
    assert "expired or has already been used" in text_of(late)
    assert signed_in_as(visitor) == ""


@pytest.mark.parametrize("key", [".", "..", "...", " ", "a\u200bb", "k\x7f"])
def test_a_key_that_is_no_path_segment_is_a_bad_link_that_calls_nothing(client, sandbox, key):
    sandbox.reset_stats()
    response = use_magic_link(client, key.replace(" ", "%20").replace("\x7f", "%7F"))
    assert "expired or has already been used" in text_of(response)
    assert sandbox.stats()["requests"] == {}, "refused before any call"
    assert misconfiguration.recent() is None
    assert client.get("/healthz").json()["status"] == "ok"


def test_signing_out_forgets_the_token_and_the_attendees_cached_pages(client, sandbox):
    sign_in(client, "general")
    user_id = Attendee.objects.get(email=ACCOUNTS["general"]["email"]).upstream_user_id
    before = portal_cache.user_generation(user_id)
    out = client.post("/sign-out/", follow=True)
    assert out.redirect_chain == [("/sign-in/", 302)]
    assert "You are signed out." in text_of(out)
    stored = [session.get_decoded() for session in DjangoSession.objects.all()]
    assert not [data for data in stored if SESSION_KEY in data], "no token left on the server"
    assert portal_cache.user_generation(user_id) != before, "the next sign-in reads afresh"
    assert signed_in_as(client) == ""
