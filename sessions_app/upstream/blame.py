"""Which refusals blame the portal's own settings (an unknown event, a path or method the
platform lacks, a refused API key) rather than what was asked: those raise the
misconfiguration alarm (sessions_app/ops/misconfiguration.py), so only the portal's configured
calls may. A call whose path carries a visitor's value (a magic link's key) never does: any
refusal of it is about that value, and a wrong `login_by_key` path is found by
`manage.py check_upstream` instead (docs/upstream-contract.md)."""

import re
from dataclasses import dataclass

EVENT_NOT_FOUND_CODE = "4040200"  # "No Event could be found": the slug is wrong
_NO_USER = re.compile(r"no user could be found|user not found|wrong password|locked", re.I)


@dataclass(frozen=True)
class Rules:
    """How to read a refusal of one call: its kind, whether the API key was sent, which
    statuses mean the portal's settings are wrong for it, and whether its path carries a
    visitor's value."""

    kind: str
    api_key: bool
    misconfigured: dict[int, str]
    visitor_path: bool = False


def misconfiguration(status: int, code: str, message: str, rules: Rules) -> str:
    """The setting(s) to check when this answer means the portal is set up wrongly, else ""."""
    if rules.visitor_path:
        return ""
    if code == EVENT_NOT_FOUND_CODE:
        return "ACCELEVENTS_EVENT_URL"
    if status == 405:
        return "ACCELEVENTS_PATHS, ACCELEVENTS_JOIN_METHOD, ACCELEVENTS_UNREGISTER_METHOD"
    if rules.api_key and status in (401, 403):
        return "ACCELEVENTS_API_KEY, ACCELEVENTS_API_KEY_HEADER"
    known_user_refusal = code == "4040100" or _NO_USER.search(message)
    if rules.kind == "sign_in" and status == 404 and not known_user_refusal:
        # A login path the platform does not have answers 404 with no user-related message.
        return "ACCELEVENTS_LOGIN, ACCELEVENTS_PATHS"
    return rules.misconfigured.get(status, "")
