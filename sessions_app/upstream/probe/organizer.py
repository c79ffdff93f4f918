"""The organizer's list through the API key (reconciliation's only call)."""

from ..domain import as_dict, as_int
from . import answers
from .findings import CONFIRMED, CONTRADICTED, UNKNOWN, Finding, changed_lines
from .state import ProbeState

ASSUMED = (
    "GET /host/event/{eventurl}/session with eventId and the API key as "
    "ACCELEVENTS_API_KEY_HEADER / ACCELEVENTS_API_KEY_SCHEME say"
)
KEY_FORMS = (("Authorization", ""), ("Authorization", "Bearer"), ("Key", ""))


def check_organizer_list(state: ProbeState) -> None:
    contract = state.contract
    if not contract.api_key:
        observed = "no API key given (--api-key or ACCELEVENTS_API_KEY): reconciliation not checked"
        return state.add(_finding(observed, UNKNOWN))
    known_event = event_id(state)
    answer = _host_page(state, known_event, contract.api_key_header, contract.api_key_scheme)
    if answer.status in (401, 403) and (works := _key_form_that_works(state, known_event, answer)):
        return state.add(works)
    if answer.ok:
        return state.add(_registrants_listed(answer))
    lines = () if known_event is not None else ("ACCELEVENTS_EVENT_ID=<your event's numeric id>",)
    observed = f"answered {answer.describe()}" + (
        "" if known_event is not None else " (no eventId known)"
    )
    state.add(_finding(observed, CONTRADICTED, lines))


def _key_form_that_works(
    state: ProbeState, known_event: int | None, refused: answers.Answer
) -> Finding | None:
    """The configured API key form was `refused`: the first of KEY_FORMS the list answers
    with, as the `.env` lines to change, or None when none works."""
    contract = state.contract
    configured = (contract.api_key_header, contract.api_key_scheme)
    for form in KEY_FORMS:
        other = _host_page(state, known_event, *form) if form != configured else refused
        if other.ok:
            header, scheme = form
            lines = changed_lines(
                (contract.api_key_header, "ACCELEVENTS_API_KEY_HEADER", header),
                (contract.api_key_scheme, "ACCELEVENTS_API_KEY_SCHEME", scheme),
            )
            observed = (
                f"the configured form was refused ({refused.describe()}); "
                f"{header} with scheme {scheme or 'none'} works"
            )
            return _finding(observed, CONTRADICTED, lines)
    return None


def _registrants_listed(answer: answers.Answer) -> Finding:
    """Confirmed when every item of the page lists its registrants (reconciliation reads them)."""
    holders = [as_dict(item).get("registerdHolderUsers") for item in answer.items]
    lists = sum(isinstance(value, list) for value in holders)
    observed = f"answered 200; {lists} of {len(holders)} items list their registrants"
    return _finding(observed, CONFIRMED if lists == len(holders) else CONTRADICTED)


def _finding(observed: str, verdict: str, lines: tuple[str, ...] = ()) -> Finding:
    return Finding("host_sessions", "Organizer list", ASSUMED, observed, verdict, False, lines)


def event_id(state: ProbeState) -> int | None:
    """The `eventId` the host list is asked with: ACCELEVENTS_EVENT_ID, else the event's own."""
    if state.contract.event_id is not None:
        return state.contract.event_id
    found = as_int(as_dict(state.event or state.event_by_key).get("eventId"), -1)
    return found if found >= 0 else None


def _host_page(state: ProbeState, event_id, header: str, scheme: str) -> answers.Answer:
    contract = state.contract
    params = {
        "page": contract.page_base,
        "size": contract.page_size,
        "expand": "registerdHolderUsers",
    }
    if event_id is not None:
        params["eventId"] = event_id
    headers = state.api_key_headers(header, scheme)
    return answers.call(state.client, "GET", "host_sessions", params=params, headers=headers)
