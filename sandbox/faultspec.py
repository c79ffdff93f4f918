"""Fault rules: parsing and validation (no database, no Django request).

A rule is a dict such as `{"mode": "status", "status": 503, "retry_after": 2}`. The header and
env form is the same thing as `key=value` pairs joined by `;`:
`mode=status;status=503;retry_after=2`, `mode=latency;ms=2000`, `mode=hang;seconds=5`.
`mode=odd_registrant;user_id=5001` answers as usual, but that registrant's `userId` in the host
list's `registerdHolderUsers` comes out unreadable (a registrant the portal cannot parse).
`mode=unlisted;session_id=11595` answers as usual, but without that session: left out of a
list's items (that answer's `recordsTotal`/`recordsFiltered` one less), its single read 404
`404800` as for an unknown id. With `path_contains=/session/v2`, a public session open to every
ticket type goes missing from an attendee's list while the host list still names it: the
platform listing sessions by rules the portal's one catalogue does not assume (check_upstream's
`catalogue` row finds it).
"""

MODES = (
    "latency",
    "status",
    "hang",
    "malformed",
    "truncated",
    "drop",
    "wrong_shape",
    "odd_registrant",
    "unlisted",
)
DEFAULTS = {"latency": {"ms": 1000}, "status": {"status": 503}, "hang": {"seconds": 30.0}}
INT_KEYS = {"ms", "status", "retry_after", "count", "user_id", "performed", "session_id"}
FLOAT_KEYS = {"seconds"}
# retry_after_text: a Retry-After sent as given, readable or not (`retry_after` is seconds).
TEXT_KEYS = {"mode", "path_contains", "method", "id", "message", "retry_after_text"}


class FaultSpecError(ValueError):
    pass


def parse_text(text: str) -> dict:
    """`mode=status;status=503` → a validated rule."""
    raw = {}
    for part in text.split(";"):
        if not part.strip():
            continue
        key, sep, value = part.partition("=")
        if not sep:
            raise FaultSpecError(f"expected key=value, got {part.strip()!r}")
        raw[key.strip()] = value.strip()
    return validate(raw)


def _number(key: str, value, kind):
    try:
        number = kind(value)
    except (TypeError, ValueError):
        raise FaultSpecError(f"{key} must be a number, got {value!r}") from None
    if number < 0:
        raise FaultSpecError(f"{key} must not be negative")
    return number


def validate(raw: dict) -> dict:
    unknown = set(raw) - INT_KEYS - FLOAT_KEYS - TEXT_KEYS
    if unknown:
        raise FaultSpecError(f"unknown fault key(s): {', '.join(sorted(unknown))}")
    mode = str(raw.get("mode", "")).strip().lower()
    if mode not in MODES:
        raise FaultSpecError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
    rule = {"mode": mode, **DEFAULTS.get(mode, {})}
    for key, value in raw.items():
        if value in (None, "") or key == "mode":
            continue
        if key in INT_KEYS:
            rule[key] = _number(key, value, int)
        elif key in FLOAT_KEYS:
            rule[key] = _number(key, value, float)
        else:
            rule[key] = str(value).upper() if key == "method" else str(value)
    if mode == "status" and not 100 <= rule["status"] <= 599:
        raise FaultSpecError("status must be an HTTP status code (100-599)")
    if "count" in rule and rule["count"] < 1:
        raise FaultSpecError("count must be at least 1")
    return rule


def matches(rule: dict, method: str, path: str) -> bool:
    if rule.get("method") and rule["method"] != method.upper():
        return False
    return not rule.get("path_contains") or rule["path_contains"] in path


def first_match(rules: list, method: str, path: str) -> dict | None:
    return next((rule for rule in rules if matches(rule, method, path)), None)
