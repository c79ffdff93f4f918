"""The event call and the event's time zone."""

from ..domain import as_dict, as_str, resolve_zone
from ..domain.zones import ZoneSource
from . import answers
from .findings import CONFIRMED, CONTRADICTED, UNKNOWN, Finding, ProbeStopped
from .state import ProbeState

ZONE_PLACEHOLDER = "ACCELEVENTS_EVENT_TIMEZONE=<your event's zone, e.g. America/New_York>"


def check_event(state: ProbeState) -> None:
    answer = answers.call(state.client, "GET", "event", headers=state.token_headers())
    code, _ = answer.code_and_message()
    if code == "4040200":
        raise ProbeStopped(
            f"No event {state.contract.event_url!r} on the platform: check ACCELEVENTS_EVENT_URL "
            "(the last part of https://www.accelevents.com/events/<slug>)."
        )
    assumed = "GET /events/{eventurl} answers an attendee's token"
    if answer.ok and isinstance(answer.data, dict):
        state.event = answer.data
        observed = f"answered 200; {_what_it_names(answer.data)}"
        return state.add(Finding("event", "Event call", assumed, observed, CONFIRMED, False))
    if answer.status not in (401, 403, 404):
        observed = f"answered {answer.describe()}"
        return state.add(Finding("event", "Event call", assumed, observed, UNKNOWN, False))
    by_key = _event_with_api_key(state)
    state.event_by_key = as_dict(by_key.data) if by_key and by_key.ok else None
    state.event = None  # what the portal's attendee pages will see
    observed = f"refused to attendees ({answer.describe()}): the portal uses settings instead"
    if state.event_by_key:
        observed += f"; with the API key it answered: {_what_it_names(state.event_by_key)}"
    state.add(
        Finding("event", "Event call", assumed, observed, CONTRADICTED, False, _name_lines(state))
    )


def _event_with_api_key(state: ProbeState) -> answers.Answer | None:
    if not state.contract.api_key:
        return None
    return answers.call(state.client, "GET", "event", headers=state.api_key_headers())


def _what_it_names(data: dict) -> str:
    parts = [f"name {as_str(data.get('name'))!r}", f"eventId {as_str(data.get('eventId')) or '-'}"]
    zone = data.get("equivalentTimezone") or data.get("equivalentTimeZone")
    parts.append(f"equivalentTimezone {as_str(zone) or '-'}")
    parts.append(f"timezoneId {as_str(data.get('timezoneId')) or '-'}")
    return ", ".join(parts)


def _name_lines(state: ProbeState) -> tuple[str, ...]:
    """The settings that stand in for the event call on attendee pages, with the values the API
    key found (the zone has a check of its own; reconciliation reads the event's id with the
    key, so ACCELEVENTS_EVENT_ID is not needed for this)."""
    data, contract, lines = as_dict(state.event_by_key), state.contract, []
    if not contract.event_name:
        name = as_str(data.get("name")) or "<your event's name>"
        lines.append(f'PORTAL_EVENT_NAME="{name}"')
    return tuple(lines)


def check_zone(state: ProbeState) -> None:
    contract = state.contract
    zone = resolve_zone(contract.event_timezone, state.event)
    from_platform = resolve_zone("", state.event or state.event_by_key)
    state.zone = zone
    assumed = "ACCELEVENTS_EVENT_TIMEZONE, else the event's equivalentTimezone or timezoneId"
    if zone.source == ZoneSource.SETTING:
        differs = not from_platform.is_fallback and from_platform.tz.key != zone.tz.key
        if differs:
            observed = f"you set {zone.tz.key}; the event says {from_platform.tz.key}"
            line = (f"ACCELEVENTS_EVENT_TIMEZONE={from_platform.tz.key}",)
            return state.add(
                Finding("zone", "Event time zone", assumed, observed, CONTRADICTED, True, line)
            )
        observed = f"{zone.tz.key} from ACCELEVENTS_EVENT_TIMEZONE"
        return state.add(Finding("zone", "Event time zone", assumed, observed, CONFIRMED))
    if zone.is_fallback:
        return state.add(_no_zone_finding(state, assumed))
    observed = f"{zone.tz.key}, from the event's {zone.source}"
    state.add(Finding("zone", "Event time zone", assumed, observed, CONFIRMED))


def _no_zone_finding(state: ProbeState, assumed: str) -> Finding:
    """Attendee pages would read times as UTC; the API key's answer may know the zone."""
    by_key = resolve_zone("", state.event_by_key)
    label = as_str(as_dict(state.event or state.event_by_key).get("timezoneId"))
    observed = "attendee pages find no zone: session times would be read as UTC"
    if not by_key.is_fallback:
        observed += f" (the event says {by_key.tz.key} only to the API key)"
        line = f"ACCELEVENTS_EVENT_TIMEZONE={by_key.tz.key}"
    else:
        line = ZONE_PLACEHOLDER
        if label:
            observed += f" (timezoneId {label!r} names no single zone)"
    return Finding("zone", "Event time zone", assumed, observed, CONTRADICTED, True, (line,))
