"""What the tests of the upstream client share: a client on the sandbox with short timeouts, a
signed-in token, the ticket an attendee holds."""

from zoneinfo import ZoneInfo

from sandbox.demo import ACCOUNTS, EVENT_TIMEZONE, EVENT_URL, SESSION_IDS
from sessions_app.upstream.client import AccelEventsClient

TZ = ZoneInfo(EVENT_TIMEZONE)
API_KEY = "sandbox-organization-key"
LIST_KEY = "GET /events/{eventurl}/session/v2"
JOIN_KEY = "POST /events/{eventurl}/session/{session_id}/register/{ticket_id}"


def make_client(api_url: str, **overrides) -> AccelEventsClient:
    options = {
        "base_url": api_url,
        "event_url": EVENT_URL,
        "api_key": API_KEY,
        "connect_timeout": 1.0,
        "read_timeout": 1.0,
        "get_retries": 2,
    }
    return AccelEventsClient(**{**options, **overrides})


def sign_in(api: AccelEventsClient, who: str) -> str:
    return api.sign_in(ACCOUNTS[who]["email"], ACCOUNTS[who]["password"]).token


def ticket_of(api: AccelEventsClient, token: str) -> int:
    return api.session(token, SESSION_IDS["opening-keynote"], tz=TZ).ticket_ids[0]
