"""Whether one catalogue can serve the whole event, as ACCELEVENTS_SHARED_CATALOGUE assumes
(domain/shared.py): every session the organizer's list names as visible, public and open to every
ticket type must be in the attendee's own session list. Sessions open to some ticket types only,
and private ones, may be missing from it: each attendee's own list brings those (at
PORTAL_ATTENDEE_TTL), so they are counted, not checked. Only the host list (the API key) names
every session of the event, so without the key nothing can be confirmed."""

from ..domain import SessionPage, for_everyone, zone
from . import answers
from .findings import CONFIRMED, CONTRADICTED, UNKNOWN, Finding
from .organizer import event_id
from .state import ProbeState

KEY = "catalogue"
TITLE = "One catalogue (sessions listed alike to everyone)"
SETTING = "ACCELEVENTS_SHARED_CATALOGUE"
ASSUMED = (
    "every visible, public session open to every ticket type (sessionVisibilityType PUBLIC, "
    "ticketTypesThatCanBeRegistered empty) is in every attendee's session list"
)
OFF = f"{SETTING}=false: the portal reads every attendee's own list at PORTAL_CACHE_TTL"
NO_KEY = (
    "no API key given: give --api-key (or set ACCELEVENTS_API_KEY) to confirm it, as only the "
    "host list names every session of the event"
)


class _Refused(Exception):
    def __init__(self, answer: answers.Answer):
        super().__init__(answer.describe())
        self.answer = answer


def check_shared_catalogue(state: ProbeState) -> None:
    assumed = ASSUMED if state.contract.shared_catalogue else OFF
    listed = state.sessions
    if not state.contract.api_key:
        return _unknown(state, assumed, NO_KEY)
    if listed is None or not listed.complete:
        return _unknown(state, assumed, "the attendee's session list could not be read whole")
    try:
        host = _host_list(state)
    except _Refused as refused:
        observed = f"the host list answered {refused.answer.describe()} (see Organizer list)"
        return _unknown(state, assumed, observed)
    if not host.complete:
        return _unknown(state, assumed, "the host list could not be read whole")
    everyone = [s for s in host.sessions if for_everyone(s)]
    missing = sorted(s.id for s in everyone if s.id not in listed.ids)
    observed = f"{len(everyone)} of {len(host.sessions)} visible sessions are for everyone: " + (
        f"{len(missing)} missing from this attendee's list (ids {missing[:5]})"
        if missing
        else "all in this attendee's list"
    )
    observed += "; " + _own(host, listed)
    if host.skipped:
        observed += f"; {host.skipped} host list item(s) unreadable, not checked"
    _verdict(state, assumed, observed, works=not missing)


def _own(host: SessionPage, listed: SessionPage) -> str:
    own = [s for s in host.sessions if not for_everyone(s)]
    private = sum(s.private for s in own)
    return (
        f"{len(own) - private} open to some ticket types only and {private} private "
        f"({sum(s.id in listed.ids for s in own)} of them in this attendee's list): each "
        "attendee's own list brings those, at PORTAL_ATTENDEE_TTL"
    )


def _host_list(state: ProbeState) -> SessionPage:
    """Every page of the host list, hidden items dropped (as SessionPage does for attendees)."""
    contract, known_event = state.contract, event_id(state)
    tz = zone(state.zone.tz if state.zone else "UTC")

    def fetch(index: int) -> SessionPage:
        params = {"page": contract.page_base + index, "size": contract.page_size}
        if known_event is not None:
            params["eventId"] = known_event
        headers = state.api_key_headers()
        answer = answers.call(state.client, "GET", "host_sessions", params=params, headers=headers)
        if not answer.ok:
            raise _Refused(answer)
        return SessionPage.from_api(answer.data, tz)

    return state.client.every_page(fetch, "host_sessions")


def _unknown(state: ProbeState, assumed: str, observed: str) -> None:
    """On, the portal relies on what could not be confirmed; off, nothing does."""
    on = state.contract.shared_catalogue
    if on:
        observed += f" (or set {SETTING}=false to read every attendee's own list)"
    state.add(Finding(KEY, TITLE, assumed, observed, UNKNOWN, on))


def _verdict(state: ProbeState, assumed: str, observed: str, *, works: bool) -> None:
    """Off, the check only says whether turning it on would work. On, a session for everyone
    missing from an attendee's list would be shown to an attendee the platform does not list it
    to (and a join of it refused)."""
    if not state.contract.shared_catalogue:
        observed += f"; {SETTING}=true " + ("would work" if works else "would not: keep it off")
        return state.add(Finding(KEY, TITLE, assumed, observed, CONFIRMED, False))
    if works:
        return state.add(Finding(KEY, TITLE, assumed, observed, CONFIRMED))
    line = (f"{SETTING}=false",)
    state.add(Finding(KEY, TITLE, assumed, observed, CONTRADICTED, True, line))
