"""Magic links that cannot swap accounts (issue 21): a link planted from elsewhere names its
account and asks before anyone is signed in, never switches a signed-in attendee silently, and a
key that is no path segment is only a bad link, counted, calling nothing."""

import re

import pytest
from django.core.cache import cache
from django.test import Client

from sandbox.demo import ACCOUNTS
from sessions_app.accounts.accounts import MAGIC_KEY, PENDING_KEY
from sessions_app.accounts.views import MAGIC_KEY_SECONDS
from sessions_app.ops import misconfiguration
from tests.ops.test_database_outage import database_refusing
from tests.portal_helpers import sign_in, use_magic_link

pytestmark = pytest.mark.django_db

KEY_LOGIN = "POST /u/loginUserByUserKey/{user_key}"
VICTOR = "Victor Villanueva (victor@example.com)"


def text_of(response) -> str:
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r" ([.,])", r"\1", " ".join(html.split()))


def signed_in_as(client) -> str:
    """Whom the header names, or "" when the visitor is sent to sign in."""
    page = client.get("/my-sessions/")
    if page.status_code != 200:
        return ""
    return re.search(r"Signed in as (.+?) Agenda", text_of(page)).group(1)


def planted(client, who: str = "vip", sandbox=None, **extra):
    """A page elsewhere sends the visitor to someone's link, and they click Continue."""
    key = sandbox.magic_key(ACCOUNTS[who]["email"])
    return use_magic_link(client, key, confirm=False, **extra)


def test_every_page_names_who_is_signed_in(client, sandbox, django_assert_num_queries):
    sign_in(client, "general")
    assert signed_in_as(client) == "Gina Garcia"
    client.get("/sign-in/")
    with django_assert_num_queries(0):  # the user row comes from the cache, as before
        page = text_of(client.get("/sign-in/"))
    assert "Signed in as Gina Garcia" in page
    assert "Signed in as Gina Garcia" in text_of(client.get("/"))


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


def test_a_key_stashed_before_a_password_sign_in_does_not_survive_it(client, sandbox):
    client.get(f"/magic/{sandbox.magic_key(ACCOUNTS['vip']['email'])}/")
    sign_in(client, "general")
    sandbox.reset_stats()
    leftover = client.post("/magic/")
    assert "expired or has already been used" in text_of(leftover)
    assert KEY_LOGIN not in sandbox.stats()["requests"]
    assert signed_in_as(client) == "Gina Garcia"


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


@pytest.mark.parametrize("key", [".", "..", "...", " ", "a\u200bb", "k\x7f"])
def test_a_key_that_is_no_path_segment_is_a_bad_link_that_calls_nothing(client, sandbox, key):
    sandbox.reset_stats()
    response = use_magic_link(client, key.replace(" ", "%20").replace("\x7f", "%7F"))
    assert "expired or has already been used" in text_of(response)
    assert sandbox.stats()["requests"] == {}, "refused before any call"
    assert misconfiguration.recent() is None
    assert client.get("/healthz").json()["status"] == "ok"


def test_a_keys_refusal_never_raises_the_misconfiguration_alarm(client, sandbox, caplog):
    for status in (404, 405, 400):
        sandbox.set_fault(mode="status", status=status, path_contains="/loginUserByUserKey/")
        response = use_magic_link(Client(), "some-key")
        assert "expired or has already been used" in text_of(response), status
    assert misconfiguration.recent() is None
    assert client.get("/healthz").json()["upstream_config"] == "ok"
    assert not [r for r in caplog.records if r.levelname == "ERROR"]


def test_magic_link_confirms_are_rate_limited_per_address(client, sandbox, settings):
    settings.SIGNIN_IP_RATE_LIMIT = 3
    use_magic_link(client, "..")  # refused before any call
    use_magic_link(client, "not-a-key")  # refused by the platform
    client.post("/magic/")  # nothing left to use
    good = sandbox.magic_key(ACCOUNTS["vip"]["email"])
    sandbox.reset_stats()
    blocked = use_magic_link(client, good)
    assert blocked.status_code == 429
    assert "Too many sign-in attempts" in text_of(blocked)
    assert KEY_LOGIN not in sandbox.stats()["requests"]
    assert MAGIC_KEY not in client.session


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
