"""The sandbox's dialects and the settings the README tells an organizer to make for each, plus
the attendee journey every dialect must carry: the same steps a person takes on the day."""

import re
from dataclasses import dataclass
from pathlib import Path

from django.test import Client

from sandbox.demo import ACCOUNTS, EVENT_ID, EVENT_NAME, PASSWORD, SESSION_IDS
from tests.portal_helpers import KEEP_BOTH, use_magic_link

README = Path(__file__).resolve().parent.parent / "README.md"
API_KEY = "sandbox-organization-key"
ZONE = {"ACCELEVENTS_EVENT_TIMEZONE": "America/New_York"}

# dialect (or "+"-joined dialects) → the settings it needs; {} = the defaults cope.
DIALECT_SETTINGS: dict[str, dict[str, object]] = {
    "default": {},
    "profile-without-user-id": {},
    "event-admin-only": {**ZONE, "PORTAL_EVENT_NAME": EVENT_NAME},
    "event-without-zone": ZONE,
    "bearer-only": {"ACCELEVENTS_AUTH_SCHEME": "Bearer"},
    "page-cap-50": {"ACCELEVENTS_PAGE_SIZE": 50},
    "one-based-pages": {"ACCELEVENTS_PAGE_BASE": 1},
    "error-body-code-message": {},
    "error-body-text": {},
    "expires-as-date": {},
    "large-event": {},
    "lists-hidden": {},
    "private-and-tba": {},
    "lists-differ": {},
    "page-cap-50+large-event": {"ACCELEVENTS_PAGE_SIZE": 50},
}
# Which of those settings the journey cannot do without (the others are for accuracy).
REQUIRED = {
    "event-admin-only": "ACCELEVENTS_EVENT_TIMEZONE",
    "event-without-zone": "ACCELEVENTS_EVENT_TIMEZONE",
    "bearer-only": "ACCELEVENTS_AUTH_SCHEME",
    "one-based-pages": "ACCELEVENTS_PAGE_BASE",
}

JOINED = SESSION_IDS["sponsor-stories"]  # live, open to every ticket, no capacity
FULL = SESSION_IDS["full-house"]
HX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/"}


def dialect_names(key: str) -> list[str]:
    return [] if key == "default" else key.split("+")


def readme_settings() -> dict[str, set[str]]:
    """The README's "Dialects" table: dialect → the `NAME=value` lines its row asks for."""
    rows = {}
    for line in README.read_text().splitlines():
        match = re.match(r"\|\s*`([a-z0-9+-]+)`\s*\|(.*)\|", line)
        if match and match.group(1) in DIALECT_SETTINGS:
            rows[match.group(1)] = set(re.findall(r"`([A-Z_]+=[^`]*)`", match.group(2)))
    return rows


@dataclass
class Journey:
    """What the attendee saw at each step (Django test client, real sandbox behind)."""

    sandbox: object
    client: Client

    def sign_in(self, who: str = "vip") -> int:
        account = ACCOUNTS[who]
        form = {"email": account["email"], "password": PASSWORD}
        return self.client.post("/sign-in/", form).status_code

    def sign_in_with_link(self, who: str = "general") -> int:
        key = self.sandbox.magic_key(ACCOUNTS[who]["email"])
        link = Client()
        response = use_magic_link(link, key)
        landed = link.get("/") if response.status_code == 302 else None
        return landed.status_code if landed is not None else response.status_code

    def agenda(self, **params) -> str:
        response = self.client.get("/", {"format": "all", **params})
        assert response.status_code == 200, (response.status_code, response.content[:300])
        return response.content.decode()

    def listed(self, tab: str) -> int:
        """Distinct sessions the tab lists over all its days (a view is one day: each day tab's
        view is read; a session live since before midnight shows on two of them), sessions whose
        time is not announced yet included (last in every view)."""
        page = self.agenda(tab=tab)
        days = re.findall(r'<a href="/\?[^"]*day=(\d{4}-\d\d-\d\d)[^"]*"', page)
        assert days, "the agenda has its day tabs"
        ids = set()
        for day in dict.fromkeys(days):
            ids |= set(re.findall(r'id="session-card-(\d+)"', self.agenda(tab=tab, day=day)))
        return len(ids)

    def join(self, session_id: int):
        return self.client.post(f"/sessions/{session_id}/join/", KEEP_BOTH, **HX)

    def stream(self, session_id: int) -> str:
        return self.client.get(f"/sessions/{session_id}/").content.decode()

    def unregister(self, session_id: int) -> str:
        return self.client.post(f"/sessions/{session_id}/unregister/", **HX).content.decode()

    def my_sessions(self) -> str:
        return self.client.get("/my-sessions/").content.decode()


def visible_sessions(sandbox) -> list[dict]:
    """The event's visible sessions, straight from the sandbox's organizer list (without the
    private ones: those only show to the attendees added to them)."""
    items, page = [], 0
    while True:
        params = {"size": 200, "page": page, "eventId": EVENT_ID}
        if "one-based-pages" in sandbox.dialects():
            params["page"] = page + 1
        body = sandbox.rest(
            "GET", "/host/event/{event}/session", headers={"Authorization": API_KEY}, params=params
        ).json()
        items += body["data"]
        page += 1
        if not body["data"] or len(items) >= body["recordsFiltered"]:
            return [
                item
                for item in items
                if item["status"] == "VISIBLE"
                and item.get("sessionVisibilityType", "PUBLIC") == "PUBLIC"
            ]
