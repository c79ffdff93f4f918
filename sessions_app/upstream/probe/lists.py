"""Paging (base and size), every page of both lists, one session, and the error body."""

from ..domain import as_dict
from ..errors import UpstreamError
from . import answers
from .findings import CONFIRMED, CONTRADICTED, UNKNOWN, Finding
from .state import ProbeState

BASE_ASSUMED = "ACCELEVENTS_PAGE_BASE: the number of the first page"
SIZE_ASSUMED = "ACCELEVENTS_PAGE_SIZE: items a page returns"
UNKNOWN_SESSION_ID = 999_999_999_999


def check_page_base(state: ProbeState) -> None:
    configured = state.contract.page_base
    zero, one = (state.list_page("sessions", page, 1) for page in (0, 1))
    found, observed = _page_base(zero, one)
    if found is None:
        return state.add(
            Finding("page_base", "Page numbering", BASE_ASSUMED, observed, UNKNOWN, False)
        )
    observed = f"first page is {found}: {observed}"
    if found == configured:
        return state.add(Finding("page_base", "Page numbering", BASE_ASSUMED, observed, CONFIRMED))
    state.correct(page_base=found)
    line = (f"ACCELEVENTS_PAGE_BASE={found}",)
    state.add(
        Finding("page_base", "Page numbering", BASE_ASSUMED, observed, CONTRADICTED, True, line)
    )


def _page_base(zero: answers.Answer, one: answers.Answer) -> tuple[int | None, str]:
    if not zero.ok and one.ok:
        return 1, f"page=0 answered {zero.describe()}, page=1 a list"
    if not (zero.ok and one.ok):
        return None, f"page=0 answered {zero.describe()}, page=1 {one.describe()}"
    if zero.filtered < 2:
        return None, "the event lists fewer than two sessions"
    if zero.first_id() == one.first_id():
        return 1, "page=0 and page=1 return the same first session"
    return 0, "page=0 and page=1 return different sessions"


def check_page_size(state: ProbeState) -> None:
    size = state.contract.page_size
    answer = state.list_page("sessions", state.contract.page_base, size)
    got, total = len(answer.items), answer.filtered
    observed = f"asked for {size}, got {got} of {total}"
    if not answer.ok:
        observed = f"answered {answer.describe()}"
        finding = Finding("page_size", "Page size", SIZE_ASSUMED, observed, CONTRADICTED, True)
        return state.add(finding)
    if got < min(size, total):
        state.correct(page_size=got)
        observed = f"pages return at most {got} items ({observed})"
        line = (f"ACCELEVENTS_PAGE_SIZE={got}",)
        finding = Finding(
            "page_size", "Page size", SIZE_ASSUMED, observed, CONTRADICTED, False, line
        )
    else:
        finding = Finding("page_size", "Page size", SIZE_ASSUMED, observed, CONFIRMED, False)
    state.add(finding)
    _check_expand(state, answer)


def _check_expand(state: ProbeState, answer: answers.Answer) -> None:
    assumed = f"ACCELEVENTS_SESSION_EXPAND={state.contract.session_expand} brings sessionStats"
    items = [as_dict(item) for item in answer.items]
    if not items:
        observed = "no session to look at"
        return state.add(Finding("expand", "Seat counts", assumed, observed, UNKNOWN, False))
    with_stats = sum(isinstance(item.get("sessionStats"), dict) for item in items)
    observed = f"{with_stats} of {len(items)} items carry sessionStats"
    verdict = CONFIRMED if with_stats == len(items) else CONTRADICTED
    state.add(Finding("expand", "Seat counts (sessionStats)", assumed, observed, verdict, False))


def check_session_list(state: ProbeState) -> None:
    tz = state.zone.tz if state.zone else None
    # Without `status`: whether the platform honours it is the status row's question.
    state.sessions = state.client.all_sessions(state.token, tz=tz, visible_only=False)
    state.add(_every_page("sessions", "Every page of the session list", state.sessions))


def check_registered_list(state: ProbeState) -> None:
    tz = state.zone.tz if state.zone else None
    state.registered = state.client.registered_sessions(state.token, tz=tz)
    state.add(_every_page("registered", "Every page of My sessions", state.registered))


def _every_page(key: str, title: str, listing) -> Finding:
    read = len(listing.sessions)
    observed = f"read {read} of {listing.filtered}"
    if listing.skipped:
        observed += f"; {listing.skipped} item(s) unreadable (ids {list(listing.skipped_ids)[:5]})"
    assumed = "paging reads every item (recordsFiltered)"
    verdict = CONFIRMED if listing.complete and not listing.skipped else CONTRADICTED
    return Finding(key, title, assumed, observed, verdict, needed=not listing.complete)


def check_session_detail(state: ProbeState) -> None:
    assumed = "GET /events/{eventurl}/session/v2/{sessionId} answers an attendee"
    if not state.sessions or not state.sessions.sessions:
        observed = "no session to ask for"
        return state.add(Finding("session", "One session", assumed, observed, UNKNOWN, False))
    first = state.sessions.sessions[0]
    try:
        state.client.session(state.token, first.id, tz=state.zone.tz if state.zone else "UTC")
    except UpstreamError as failure:
        observed = f"session {first.id}: {failure.status} {failure.message}"
        return state.add(Finding("session", "One session", assumed, observed, CONTRADICTED, False))
    observed = f"session {first.id} read"
    state.add(Finding("session", "One session", assumed, observed, CONFIRMED, False))


def check_error_body(state: ProbeState) -> None:
    answer = answers.call(
        state.client,
        "GET",
        "session",
        {"session_id": UNKNOWN_SESSION_ID},
        params={"expand": state.contract.session_expand},
        headers=state.token_headers(),
    )
    assumed = "refusals carry a message the portal can read (JSON or plain text)"
    if answer.ok:
        observed = "asking for a session that cannot exist was not refused"
        return state.add(Finding("error_body", "Error answers", assumed, observed, UNKNOWN, False))
    shape = _error_shape(answer)
    verdict = CONFIRMED if shape else CONTRADICTED
    observed = f"{answer.status} as {shape or 'something else: ' + answer.content_type}"
    state.add(Finding("error_body", "Error answers", assumed, observed, verdict, False))


def _error_shape(answer: answers.Answer) -> str:
    body = answer.data
    if isinstance(body, dict) and ("errorCode" in body or "errorMessage" in body):
        return "JSON errorCode/errorMessage"
    if isinstance(body, dict) and ("code" in body or "message" in body):
        return "JSON code/message"
    if body is None and answer.content_type.startswith("text/plain") and answer.text.strip():
        return "plain text"
    return ""
