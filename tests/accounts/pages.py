"""What the sign-in tests read off the pages and how they get there: the visible text, whom the
header names, a password form posted, a magic link someone else planted."""

import re

from sandbox.demo import ACCOUNTS
from tests.portal_helpers import use_magic_link

# (The confirm page may read the event's name; no key is sent until the attendee confirms.)
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


def post_sign_in(client, email, password, **extra):
    return client.post("/sign-in/", {"email": email, "password": password, **extra})
