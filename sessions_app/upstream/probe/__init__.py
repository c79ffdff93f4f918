"""`manage.py check_upstream`: the organizer's pre-flight against their real event. Each check
tests one assumption of docs/upstream-contract.md against the platform, in the order the
portal relies on them, and later checks ask the platform the way earlier ones found it answers.
Read-only unless a test session is given for the join check."""

from ..client import AccelEventsClient
from . import catalogue, event, hub, join, lists, organizer, past, sign_in, visibility
from .findings import CONFIRMED, CONTRADICTED, UNKNOWN, Finding, ProbeStopped
from .state import ProbeState

__all__ = ["CONFIRMED", "CONTRADICTED", "UNKNOWN", "Finding", "ProbeStopped", "run_probe"]

CHECKS = (
    sign_in.check_sign_in,
    sign_in.check_token_header,
    sign_in.check_profile,
    event.check_event,
    event.check_zone,
    lists.check_page_base,
    lists.check_page_size,
    lists.check_session_list,
    past.check_past_filter,
    visibility.check_status_filter,
    lists.check_registered_list,
    lists.check_session_detail,
    lists.check_error_body,
    organizer.check_organizer_list,
    catalogue.check_shared_catalogue,
    hub.check_hub_links,
)


def run_probe(
    client: AccelEventsClient,
    *,
    email: str = "",
    password: str = "",
    user_key: str = "",
    join_session: int | None = None,
    reserve_session: int | None = None,
    reserve_needed: bool = True,
) -> tuple[list[Finding], str]:
    """The findings, and why the checks stopped early ("" when they all ran). Raises only
    UpstreamUnavailable (the platform did not answer at all)."""
    state = ProbeState(client, email=email, password=password, user_key=user_key)
    try:
        for check in CHECKS:
            check(state)
        if join_session is not None:
            join.check_join(state, join_session)
        if reserve_session is not None:
            join.check_join(state, reserve_session, ahead=True)
        join.not_checked(
            state,
            join=join_session is not None,
            reserve=reserve_session is not None,
            reserve_needed=reserve_needed,
        )
    except ProbeStopped as stopped:
        return state.findings, str(stopped)
    return state.findings, ""
