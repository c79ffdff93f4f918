"""Whether `past` filters the session list as ACCELEVENTS_PAST_FILTER assumes: `past=false`
gives exactly the sessions not ended, `past=true` exactly the ended ones (the reference names
the parameter, not its meaning)."""

from ..clock import upstream_now
from ..errors import UpstreamError
from .findings import CONFIRMED, CONTRADICTED, UNKNOWN, Finding
from .state import ProbeState

ASSUMED = "past=false lists only sessions not ended, past=true only the ended ones"
TITLE = "Ended sessions apart (past)"
SETTING = "ACCELEVENTS_PAST_FILTER"


def check_past_filter(state: ProbeState) -> None:
    on = state.contract.past_filter
    assumed = ASSUMED if on else f"{SETTING}=false: the portal does not send past"
    everything = state.sessions
    if everything is None or not everything.complete:
        observed = "the whole session list could not be read to compare with"
        return state.add(Finding("past", TITLE, assumed, observed, UNKNOWN, False))
    tz = state.zone.tz if state.zone else None
    try:
        not_ended = _ids(state.client.all_sessions(state.token, tz=tz, past=False))
        ended = _ids(state.client.all_sessions(state.token, tz=tz, past=True))
    except UpstreamError as failure:
        return _verdict(state, assumed, f"a list with past answered {failure.status}", False)
    now = upstream_now()  # "ended" as the portal judges it: past the late-join allowance
    expected_ended = {s.id for s in everything.sessions if s.has_ended(now)}
    expected_not_ended = {s.id for s in everything.sessions} - expected_ended
    observed = (
        f"past=false gave {len(not_ended)} sessions ({len(expected_not_ended)} not ended), "
        f"past=true gave {len(ended)} ({len(expected_ended)} ended)"
    )
    works = not_ended == expected_not_ended and ended == expected_ended
    return _verdict(state, assumed, observed, works)


def _verdict(state: ProbeState, assumed: str, observed: str, works: bool) -> None:
    """Off, nothing depends on `past`: the check only says whether turning it on would work.
    On, a `past=false` list that leaves out sessions still open would hide them."""
    if not state.contract.past_filter:
        observed += f"; {SETTING}=true " + ("would work" if works else "would not: keep it off")
        return state.add(Finding("past", TITLE, assumed, observed, CONFIRMED, False))
    if works:
        return state.add(Finding("past", TITLE, assumed, observed, CONFIRMED, False))
    line = (f"{SETTING}=false",)
    state.add(Finding("past", TITLE, assumed, observed, CONTRADICTED, True, line))


def _ids(page) -> set[int]:
    return {s.id for s in page.sessions}
