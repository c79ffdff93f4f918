"""Whether attendee lists carry sessions the organizer hid, and whether `status=VISIBLE` leaves
them out as ACCELEVENTS_STATUS_FILTER assumes (the reference names the filter and its values,
not that an attendee's list honours it). The portal drops hidden items itself either way, so
only a filter that loses visible sessions, or one the platform refuses, is a problem."""

from ..errors import UpstreamError
from .findings import CONFIRMED, CONTRADICTED, UNKNOWN, Finding
from .state import ProbeState

TITLE = "Hidden sessions (status=VISIBLE)"
SETTING = "ACCELEVENTS_STATUS_FILTER"
ASSUMED = "status=VISIBLE lists every visible session and no hidden one"


def check_status_filter(state: ProbeState) -> None:
    on = state.contract.status_filter
    assumed = ASSUMED if on else f"{SETTING}=false: the portal does not send status"
    tz = state.zone.tz if state.zone else "UTC"
    try:
        plain = state.client.all_sessions(state.token, tz=tz, visible_only=False)
        filtered = state.client.all_sessions(state.token, tz=tz, visible_only=True)
    except UpstreamError as failure:
        observed = f"a list with status=VISIBLE answered {failure.status}"
        return _verdict(state, assumed, observed, works=False, harmful=True)
    if not (plain.complete and filtered.complete):
        observed = "the session lists could not be read whole to compare"
        return state.add(Finding("status", TITLE, assumed, observed, UNKNOWN, False))
    observed = (
        f"attendee lists carry {plain.hidden} hidden session(s) (the portal leaves them out); "
        f"status=VISIBLE gave {len(filtered.sessions)} of {len(plain.sessions)} visible "
        f"and {filtered.hidden} hidden"
    )
    kept_all = {s.id for s in filtered.sessions} == {s.id for s in plain.sessions}
    works = kept_all and not filtered.hidden
    return _verdict(state, assumed, observed, works=works, harmful=not kept_all)


def _verdict(state: ProbeState, assumed: str, observed: str, *, works: bool, harmful: bool):
    """Off, nothing depends on it. On, a filter that is ignored costs bytes (hidden items are
    dropped anyway); one that loses visible sessions, or is refused, breaks the agenda."""
    if not state.contract.status_filter:
        observed += f"; {SETTING}=true " + ("would work" if works else "would not: keep it off")
        return state.add(Finding("status", TITLE, assumed, observed, CONFIRMED, False))
    if works:
        return state.add(Finding("status", TITLE, assumed, observed, CONFIRMED, False))
    line = (f"{SETTING}=false",)
    state.add(Finding("status", TITLE, assumed, observed, CONTRADICTED, harmful, line))
