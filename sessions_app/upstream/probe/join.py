"""`--join SESSION_ID`: join the organizer's test session and leave it again (or the other way
round if the account was already registered), reading My sessions after each step, so the join
and unregister paths, methods and answers are confirmed and the account ends as it began."""

from dataclasses import replace
from functools import partial

from ..errors import JoinRefused, RefusalReason, UpstreamError, UpstreamMisconfigured
from .findings import CONFIRMED, CONTRADICTED, UNKNOWN, Finding, ProbeStopped
from .state import ProbeState

NOT_CHECKED = "not checked: run again with --join SESSION_ID (a test session you pick)"
PER_TICKET = {
    RefusalReason.TICKET_TYPE,
    RefusalReason.SESSION_LIMIT,
    RefusalReason.NOT_REGISTERED_FOR_EVENT,
}


RESERVE_NOT_CHECKED = (
    "not checked: run again with --reserve SESSION_ID (an upcoming test session you pick)"
)
TITLES = {"join": "Join call", "unregister": "Unregister call", "reserve": "Reserve a seat ahead"}


def not_checked(state: ProbeState, *, join: bool, reserve: bool, reserve_needed: bool) -> None:
    if not join:
        for key in ("join", "unregister"):
            state.add(Finding(key, TITLES[key], _assumed(state, key), NOT_CHECKED, UNKNOWN))
    if not reserve:
        assumed = _assumed(state, "reserve")
        finding = Finding("reserve", TITLES["reserve"], assumed, RESERVE_NOT_CHECKED, UNKNOWN)
        state.add(replace(finding, needed=reserve_needed))


def _assumed(state: ProbeState, key: str) -> str:
    contract = state.contract
    if key == "reserve":
        path = contract.paths["join"]
        return (
            f"{contract.join_method} {path}?{contract.reserve_param} answers 200 before the start"
        )
    method = contract.join_method if key == "join" else contract.unregister_method
    return f"{method} {contract.paths[key]} answers 200"


def check_join(state: ProbeState, session_id: int, *, ahead: bool = False) -> None:
    """Join (or with `ahead` reserve) and leave again; the account ends as it began."""
    session = _session(state, session_id)
    was_registered = session_id in _registered_ids(state)
    take = "reserve" if ahead else "join"
    steps = ("unregister", take) if was_registered else (take, "unregister")
    for step in steps:
        if not _step(state, session, step):
            break
    now_registered = session_id in _registered_ids(state)
    if now_registered != was_registered:
        raise ProbeStopped(
            f"The test account is {'still' if now_registered else 'no longer'} registered for "
            f"session {session_id}, unlike before the check: "
            f"{'leave' if now_registered else 'join'} it again in the event hub."
        )


def _session(state: ProbeState, session_id: int):
    listed = {s.id: s for s in state.sessions.sessions} if state.sessions else {}
    if session_id in listed:
        return listed[session_id]
    try:
        return state.client.session(state.token, session_id, tz=state.zone.tz)
    except UpstreamError as failure:
        raise ProbeStopped(f"Session {session_id} could not be read: {failure.message}") from None


def _registered_ids(state: ProbeState) -> frozenset[int]:
    return state.client.registered_sessions(state.token, tz=state.zone.tz).ids


def _step(state: ProbeState, session, step: str) -> bool:
    title = TITLES[step]
    assumed = _assumed(state, step)
    try:
        ticket = _call(state, session, step)
    except UpstreamMisconfigured as wrong:
        observed = f"answered {wrong.status}: the platform has no such call"
        line = (f"check ACCELEVENTS_PATHS ({step}=...) and {wrong.setting}",)
        state.add(Finding(step, title, assumed, observed, CONTRADICTED, True, line))
        return False
    except JoinRefused as refused:
        verdict = _refusal_verdict(refused, step)
        state.add(Finding(step, title, assumed, _refusal(refused, step), verdict, True))
        return False
    listed = session.id in _registered_ids(state)
    expected = step != "unregister"
    then = "lists" if listed else "lacks"
    observed = f"answered 200 (ticket {ticket}); My sessions then {then} session {session.id}"
    verdict = CONFIRMED if listed == expected else CONTRADICTED
    state.add(Finding(step, title, assumed, observed, verdict, True))
    return verdict == CONFIRMED


def _call(state: ProbeState, session, step: str) -> int:
    if step == "unregister":
        call = state.client.unregister
    else:
        call = partial(state.client.join, ahead=step == "reserve")
    tickets = list(session.ticket_ids) or [0]
    for position, ticket in enumerate(tickets):
        try:
            call(state.token, session.id, ticket)
            return ticket
        except JoinRefused as refused:
            if position == len(tickets) - 1 or refused.reason not in PER_TICKET:
                raise
    raise AssertionError("unreachable")


def _refusal(refused: JoinRefused, step: str) -> str:
    text = f"refused ({refused.status} {refused.code} {refused.message!r})"
    if refused.status == 404 and refused.reason == RefusalReason.NOT_FOUND and step == "join":
        return f"{text} although the session exists: is the {step} path right?"
    if step == "reserve" and refused.reason == RefusalReason.EXPIRED:
        return f"{text}: refused as not live, so the platform did not take the reserve flag"
    kind = "an upcoming" if step == "reserve" else "a live"
    return f"{text}: pick {kind} session this account's ticket admits"


def _refusal_verdict(refused: JoinRefused, step: str) -> str:
    if refused.status == 404 or (step == "reserve" and refused.reason == RefusalReason.EXPIRED):
        return CONTRADICTED
    return UNKNOWN
