"""The account a sign-in starts (sessions_app/accounts/accounts.py): the upstream token kept
on the server only, in a session whose key rotates; the local attendee made from the upstream
profile, or named by what the portal knows when the profile cannot say; a magic key stashed
before a password sign-in does not survive it; and every page names who is signed in, from the
cache, and still renders without the database."""

import pytest
from django.contrib.sessions.models import Session as DjangoSession
from django.core.cache import cache
from django.test import Client

from sandbox.demo import ACCOUNTS
from sessions_app.identity import SESSION_KEY
from sessions_app.models import Attendee
from tests.accounts.pages import KEY_LOGIN, VICTOR, planted, post_sign_in, signed_in_as, text_of
from tests.ops.test_database_outage import database_refusing
from tests.portal_helpers import sign_in

pytestmark = pytest.mark.django_db


def test_sign_in_keeps_the_token_on_the_server_only(client, sandbox):
    account = ACCOUNTS["general"]
    anonymous = client.session  # a session from before the sign-in, with its cookie
    anonymous["seen"] = True
    anonymous.save()
    before = client.cookies["sessionid"].value
    response = post_sign_in(client, account["email"], account["password"])
    assert response.status_code == 302 and response["Location"] == "/"
    session_cookie = client.cookies["sessionid"]
    assert session_cookie.value != before, "the session key rotates at sign-in"
    assert not DjangoSession.objects.filter(session_key=before).exists()
    assert session_cookie["httponly"] and session_cookie["samesite"] == "Lax"
    stored = DjangoSession.objects.get(session_key=session_cookie.value).get_decoded()
    token = stored[SESSION_KEY]["token"]
    assert token and token not in str(client.cookies)
    page = client.get("/").content.decode()
    assert token not in page


def test_sign_in_creates_the_local_attendee_from_the_upstream_profile(client, sandbox):
    account = ACCOUNTS["vip"]
    post_sign_in(client, account["email"], account["password"])
    attendee = Attendee.objects.get(email=account["email"])
    assert attendee.first_name == account["first_name"]
    assert attendee.last_name == account["last_name"]
    assert attendee.user.username == f"accelevents-{attendee.upstream_user_id}"


def test_every_page_names_who_is_signed_in(client, sandbox, django_assert_num_queries):
    sign_in(client, "general")
    assert signed_in_as(client) == "Gina Garcia"
    client.get("/sign-in/")
    with django_assert_num_queries(0):  # the user row comes from the cache, as before
        page = text_of(client.get("/sign-in/"))
    assert "Signed in as Gina Garcia" in page
    assert "Signed in as Gina Garcia" in text_of(client.get("/"))


def test_a_key_stashed_before_a_password_sign_in_does_not_survive_it(client, sandbox):
    client.get(f"/magic/{sandbox.magic_key(ACCOUNTS['vip']['email'])}/")
    sign_in(client, "general")
    sandbox.reset_stats()
    leftover = client.post("/magic/")
    assert "expired or has already been used" in text_of(leftover)
    assert KEY_LOGIN not in sandbox.stats()["requests"]
    assert signed_in_as(client) == "Gina Garcia"


def test_an_account_the_profile_cannot_name_is_named_by_what_the_portal_knows(client, sandbox):
    sign_in(Client(), "vip")  # the portal has met Victor before
    sandbox.set_fault(mode="status", status=503, path_contains="/myprofile")
    asked = planted(client, sandbox=sandbox)
    assert f"This link signs you in as {VICTOR}." in text_of(asked)

    sandbox.set_fault(mode="status", status=503, path_contains="/myprofile")
    stranger = Client()
    unnamed = planted(stranger, "noticket", sandbox=sandbox)
    assert "couldn't find out which account this link signs you in to" in text_of(unnamed)
    stranger.post("/magic/", {"choice": "continue"})
    assert signed_in_as(stranger).startswith("accelevents-"), "no name known: the account id"


def test_without_the_database_the_header_still_renders(client, sandbox):
    """With PostgreSQL away and the user row not cached, the user is only the session's id
    (database_outage.SessionUser): the page still renders, without a name."""
    sign_in(client, "vip")
    client.get("/?format=all")
    cache.delete(f"portal:authuser:{client.session['_auth_user_id']}")
    with database_refusing():
        page = client.get("/?format=all&tab=live")
    assert page.status_code == 200
    assert "Sign out" in text_of(page) and "Signed in as" not in text_of(page)
