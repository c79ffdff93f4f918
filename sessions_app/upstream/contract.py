"""What the portal assumes about the Accelevents API, in one object read from settings once.

Every row of docs/upstream-contract.md that is not documented by Accelevents is a field here, so
an organizer changes an assumption with a setting, never by editing code; `check_upstream` tests
each one against their real event. `Contract.from_settings` validates everything it reads and
raises ImproperlyConfigured with the setting's name, so a wrong value stops start-up
(sessions_app.apps) instead of surfacing as odd pages on the day.
"""

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.core.exceptions import ImproperlyConfigured

# Status per docs/upstream-contract.md: DOC = documented by Accelevents, ASSUMED = ours.
DEFAULT_PATHS = MappingProxyType(
    {
        "login": "/u/loginSignUp/{event_url}",  # DOC path (sign-up-or-login), ASSUMED body
        "login_by_key": "/u/loginUserByUserKey/{user_key}",  # DOC
        "profile": "/u/myprofile",  # DOC
        "event": "/events/{event_url}",  # DOC path, ASSUMED readable with an attendee token
        "sessions": "/events/{event_url}/session/v2",  # DOC
        "session": "/events/{event_url}/session/v2/{session_id}",  # DOC
        "join": "/events/{event_url}/session/{session_id}/register/{ticket_id}",  # ASSUMED
        "unregister": "/events/{event_url}/session/{session_id}/register/{ticket_id}",  # ASSUMED
        "registered": "/events/{event_url}/user-session/registered",  # DOC
        "host_sessions": "/host/event/{event_url}/session",  # DOC path, ASSUMED item shape
    }
)
# Placeholders each path may use, and the ones it must.
_ALLOWED = {
    "login": {"event_url"},
    "login_by_key": {"user_key"},
    "session": {"event_url", "session_id"},
    "join": {"event_url", "session_id", "ticket_id"},
    "unregister": {"event_url", "session_id", "ticket_id"},
}
_REQUIRED = {
    "login_by_key": {"user_key"},
    "session": {"session_id"},
    "join": {"session_id"},
    "unregister": {"session_id"},
}
SIGNUP_LOGIN = "signup"
METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}
_FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
_EXPAND = re.compile(r"[A-Za-z_,]{0,200}")
_QUERY_FLAG = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}=[A-Za-z0-9_.-]{1,64}")


@dataclass(frozen=True)
class Contract:
    base_url: str = "http://127.0.0.1:8001/rest"
    event_url: str = "aurora-summit"
    paths: Mapping[str, str] = field(default_factory=lambda: DEFAULT_PATHS)
    join_method: str = "POST"
    unregister_method: str = "DELETE"
    login: str = SIGNUP_LOGIN  # "signup" (loginSignUp) or the path of a plain login call
    login_email_field: str = "email"
    login_password_field: str = "password"  # noqa: S105 - a JSON field name, not a secret
    page_base: int = 0
    page_size: int = 100
    max_pages: int = 50
    session_expand: str = "SPEAKER,TRACK,TAG,SESSION_STATS"
    event_id: int | None = None
    event_timezone: str = ""  # an IANA name that wins over whatever the event says
    event_name: str = ""
    reserve_param: str = "joinSession=true"  # query flag of a join made before the session is live
    past_filter: bool = False  # `past=false` lists only sessions not ended, `past=true` the others
    status_filter: bool = False  # `status=VISIBLE` leaves hidden sessions out of attendee lists
    shared_catalogue: bool = True  # a public, unrestricted session is listed alike to everyone
    auth_header: str = "Authorization"
    auth_scheme: str = ""
    api_key: str = ""
    api_key_header: str = "Authorization"
    api_key_scheme: str = ""
    connect_timeout: float = 3.05
    read_timeout: float = 5.0
    get_retries: int = 2

    def __post_init__(self):
        object.__setattr__(self, "base_url", self.base_url.rstrip("/"))
        object.__setattr__(self, "auth_scheme", self.auth_scheme.strip())
        object.__setattr__(self, "api_key_scheme", self.api_key_scheme.strip())
        object.__setattr__(self, "paths", MappingProxyType({**DEFAULT_PATHS, **self.paths}))
        _validate(self)

    def __repr__(self) -> str:  # the API key never reaches a log or a traceback
        return f"Contract(base_url={self.base_url!r}, event_url={self.event_url!r})"

    @property
    def login_path(self) -> str:
        return self.paths["login"] if self.login == SIGNUP_LOGIN else self.login

    def token_header(self, token: str) -> tuple[str, str]:
        scheme = self.auth_scheme
        return self.auth_header, f"{scheme} {token}" if scheme else token

    def api_key_header_value(self) -> tuple[str, str]:
        scheme = self.api_key_scheme
        return self.api_key_header, f"{scheme} {self.api_key}" if scheme else self.api_key

    @property
    def reserve_query(self) -> dict[str, str]:
        name, _, value = self.reserve_param.partition("=")
        return {name.strip(): value.strip()}

    @property
    def zone(self) -> ZoneInfo | None:
        return ZoneInfo(self.event_timezone) if self.event_timezone else None

    @classmethod
    def from_settings(cls, settings) -> "Contract":
        values = {f.name: getattr(settings, _SETTING_NAMES[f.name]) for f in fields(cls)}
        values["paths"] = parse_path_overrides(values["paths"])
        return cls(**values)


# Contract field → the Django setting (and environment variable) it is read from.
_SETTING_NAMES = {
    "base_url": "ACCELEVENTS_API_BASE_URL",
    "event_url": "ACCELEVENTS_EVENT_URL",
    "paths": "ACCELEVENTS_PATHS",
    "join_method": "ACCELEVENTS_JOIN_METHOD",
    "unregister_method": "ACCELEVENTS_UNREGISTER_METHOD",
    "login": "ACCELEVENTS_LOGIN",
    "login_email_field": "ACCELEVENTS_LOGIN_EMAIL_FIELD",
    "login_password_field": "ACCELEVENTS_LOGIN_PASSWORD_FIELD",
    "page_base": "ACCELEVENTS_PAGE_BASE",
    "page_size": "ACCELEVENTS_PAGE_SIZE",
    "max_pages": "ACCELEVENTS_MAX_PAGES",
    "session_expand": "ACCELEVENTS_SESSION_EXPAND",
    "event_id": "ACCELEVENTS_EVENT_ID",
    "event_timezone": "ACCELEVENTS_EVENT_TIMEZONE",
    "event_name": "PORTAL_EVENT_NAME",
    "reserve_param": "ACCELEVENTS_RESERVE_PARAM",
    "past_filter": "ACCELEVENTS_PAST_FILTER",
    "status_filter": "ACCELEVENTS_STATUS_FILTER",
    "shared_catalogue": "ACCELEVENTS_SHARED_CATALOGUE",
    "auth_header": "ACCELEVENTS_AUTH_HEADER",
    "auth_scheme": "ACCELEVENTS_AUTH_SCHEME",
    "api_key": "ACCELEVENTS_API_KEY",
    "api_key_header": "ACCELEVENTS_API_KEY_HEADER",
    "api_key_scheme": "ACCELEVENTS_API_KEY_SCHEME",
    "connect_timeout": "UPSTREAM_CONNECT_TIMEOUT",
    "read_timeout": "UPSTREAM_READ_TIMEOUT",
    "get_retries": "UPSTREAM_GET_RETRIES",
}
SETTING_NAMES = MappingProxyType(_SETTING_NAMES)


def settings_key(settings) -> tuple:
    """Everything the contract is built from, to notice when settings change (tests do)."""
    return tuple(repr(getattr(settings, name)) for name in _SETTING_NAMES.values())


def parse_path_overrides(value) -> dict[str, str]:
    """`ACCELEVENTS_PATHS`: `name=/path,name=/path` (or a dict already) → {name: path}."""
    if isinstance(value, Mapping):
        return dict(value)
    overrides = {}
    for part in filter(None, (p.strip() for p in str(value or "").split(","))):
        name, sep, path = part.partition("=")
        if not sep:
            raise _bad("ACCELEVENTS_PATHS", f"{part!r} is not name=/path")
        overrides[name.strip()] = path.strip()
    return overrides


def _bad(setting: str, problem: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(f"{setting}: {problem}")


def _placeholders(path: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(path) if name is not None}
    except ValueError as exc:
        raise _bad("ACCELEVENTS_PATHS", f"{path!r}: {exc}") from None


def _validate_paths(paths: Mapping[str, str]) -> None:
    for name, path in paths.items():
        if name not in DEFAULT_PATHS:
            known = ", ".join(DEFAULT_PATHS)
            raise _bad("ACCELEVENTS_PATHS", f"unknown call {name!r} (known: {known})")
        if not path.startswith("/") or "?" in path or "#" in path:
            raise _bad("ACCELEVENTS_PATHS", f"{name}={path!r} must be a path starting with /")
        used = _placeholders(path)
        if extra := used - _ALLOWED.get(name, {"event_url"}):
            raise _bad("ACCELEVENTS_PATHS", f"{name} cannot use {{{', '.join(sorted(extra))}}}")
        if missing := _REQUIRED.get(name, set()) - used:
            raise _bad("ACCELEVENTS_PATHS", f"{name} needs {{{', '.join(sorted(missing))}}}")


def _validate(contract: Contract) -> None:
    _validate_paths(contract.paths)
    for name in ("join_method", "unregister_method"):
        if getattr(contract, name).upper() not in METHODS:
            raise _bad(_SETTING_NAMES[name], f"must be one of {', '.join(sorted(METHODS))}")
    login = contract.login
    if login != SIGNUP_LOGIN and (
        not login.startswith("/") or _placeholders(login) - {"event_url"}
    ):
        raise _bad("ACCELEVENTS_LOGIN", "must be `signup` or a path such as /u/login")
    for name in ("login_email_field", "login_password_field"):
        if not _FIELD_NAME.fullmatch(getattr(contract, name)):
            raise _bad(_SETTING_NAMES[name], "must be a JSON field name")
    if contract.page_base not in (0, 1):
        raise _bad("ACCELEVENTS_PAGE_BASE", "must be 0 or 1")
    if not 1 <= contract.page_size <= 1000:
        raise _bad("ACCELEVENTS_PAGE_SIZE", "must be from 1 to 1000")
    if not 1 <= contract.max_pages <= 1000:
        raise _bad("ACCELEVENTS_MAX_PAGES", "must be from 1 to 1000")
    if not _QUERY_FLAG.fullmatch(contract.reserve_param):
        raise _bad("ACCELEVENTS_RESERVE_PARAM", "must be name=value, such as joinSession=true")
    if not _EXPAND.fullmatch(contract.session_expand):
        raise _bad("ACCELEVENTS_SESSION_EXPAND", "must be a comma list such as SPEAKER,TRACK")
    if contract.event_timezone:
        try:
            ZoneInfo(contract.event_timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise _bad(
                "ACCELEVENTS_EVENT_TIMEZONE",
                f"{contract.event_timezone!r} is not an IANA time zone name "
                "(such as America/New_York or Europe/Berlin)",
            ) from None
