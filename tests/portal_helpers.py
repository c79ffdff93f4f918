"""Helpers for portal tests that run against the real sandbox over HTTP."""

import re
import time
from itertools import chain

from django.conf import settings

from sandbox.demo import ACCOUNTS
from sessions_app.upstream.client import get_client
from sessions_app.upstream.clock import upstream_now

# A join's POST body once the attendee said "Keep both" to the overlap question: most demo
# attendees already hold a live session, so most live joins overlap one.
KEEP_BOTH = {"confirm": "overlap"}


def sign_in(client, who: str = "general"):
    account = ACCOUNTS[who]
    response = client.post(
        "/sign-in/", {"email": account["email"], "password": account["password"]}
    )
    assert response.status_code == 302, response.content[:500]
    return response


def upstream_sessions(sandbox, who: str = "general"):
    """The demo event's sessions as the given attendee sees them, straight from the sandbox."""
    account = ACCOUNTS[who]
    token = sandbox.login(account["email"], account["password"])
    client = get_client()
    event = client.event(token=token)
    page = client.sessions(token, tz=event.tz, size=200)
    return list(page.sessions)


def agenda_day(session) -> str:
    """The agenda's `day` that shows `session`: its date where the demo's wall-clock times are
    read (the event's zone)."""
    return session.start.date().isoformat()


def agenda_showing(client, session_id: int, **params) -> str:
    """The agenda's view (one day) whose list has `session_id`'s card, else the first view."""
    first = client.get("/", params).content.decode()
    days = dict.fromkeys(re.findall(r'href="/\?[^"]*day=(\d{4}-\d\d-\d\d)', first))
    later = (client.get("/", {**params, "day": d}).content.decode() for d in days)
    for page in chain([first], later):  # asked one by one, until the card shows
        if f'id="session-card-{session_id}"' in page:
            return page
    return first


def live_sessions(sessions):
    now = upstream_now()
    return [s for s in sessions if s.is_live(now)]


def find_session(sessions, predicate, what: str):
    found = [s for s in sessions if predicate(s)]
    assert found, f"the demo data has no {what}"
    return found[0]


def event_url() -> str:
    return settings.ACCELEVENTS_EVENT_URL


def use_magic_link(
    client, key: str, *, next_path: str | None = None, confirm: bool = True, **extra
):
    """Open the e-mail's link (its key moves into the session, the URL loses it), continue on
    the key-less page (the key is used: the page names its account) and, with `confirm`, sign
    in as that account: returns the last response."""
    query = {"next": next_path} if next_path is not None else {}
    opened = client.get(f"/magic/{key}/", query, **extra)
    assert opened.status_code == 302 and opened["Location"].startswith("/magic/"), opened
    assert key not in opened["Location"]
    named = client.post("/magic/", query, **extra)
    if not confirm or 'value="continue"' not in named.content.decode():
        return named
    return client.post("/magic/", {**query, "choice": "continue"}, **extra)


def clear_of_a_minute_tick(needed_seconds: int = 25) -> None:
    """Cards count down in minutes ("starts in 12 min"): a minute that turns mid-test is a
    real change, which the poll rightly answers with a 200. Start where none can turn."""
    into_the_minute = time.time() % 60
    if into_the_minute > 60 - needed_seconds:
        time.sleep(60 - into_the_minute + 0.5)
