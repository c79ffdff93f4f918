"""Dialects: switchable answers where the real API may differ from our reading of its reference.

Each dialect is one behaviour the reference leaves open (docs/upstream-contract.md, "Dialects").
The active set comes from `SANDBOX_DIALECT` at start-up and reset, or from
`/__sandbox__/dialect` at run time; it is stored in SandboxState so every server thread sees it.
A `/rest` request reads it once (ResponseHeadersMiddleware) and pins it here, like the clock;
outside a `/rest` request no dialect is active, so the control endpoints keep one shape.

No model import at module level: `sandbox.errors` imports this module, and tests import
`sandbox.errors` under the portal's settings, where the sandbox's models do not exist.
"""

import functools
import threading
from contextlib import contextmanager

from django.conf import settings

PROFILE_WITHOUT_USER_ID = "profile-without-user-id"
EVENT_ADMIN_ONLY = "event-admin-only"
EVENT_WITHOUT_ZONE = "event-without-zone"
BEARER_ONLY = "bearer-only"
PAGE_CAP_50 = "page-cap-50"
ONE_BASED_PAGES = "one-based-pages"
ERROR_BODY_CODE_MESSAGE = "error-body-code-message"
ERROR_BODY_TEXT = "error-body-text"
EXPIRES_AS_DATE = "expires-as-date"
LARGE_EVENT = "large-event"
LISTS_HIDDEN = "lists-hidden"
PRIVATE_AND_TBA = "private-and-tba"
LISTS_DIFFER = "lists-differ"

KNOWN = (
    PROFILE_WITHOUT_USER_ID,
    EVENT_ADMIN_ONLY,
    EVENT_WITHOUT_ZONE,
    BEARER_ONLY,
    PAGE_CAP_50,
    ONE_BASED_PAGES,
    ERROR_BODY_CODE_MESSAGE,
    ERROR_BODY_TEXT,
    EXPIRES_AS_DATE,
    LARGE_EVENT,
    LISTS_HIDDEN,
    PRIVATE_AND_TBA,
    LISTS_DIFFER,
)
# An error body has one shape, and the private session is listed to everyone or to its
# attendees only; asking for both would silently pick one of them.
EXCLUSIVE = ({ERROR_BODY_CODE_MESSAGE, ERROR_BODY_TEXT}, {PRIVATE_AND_TBA, LISTS_DIFFER})

_pinned = threading.local()


class DialectError(ValueError):
    pass


def validate(names) -> list[str]:
    """A list of known names → the same set in `KNOWN` order, duplicates dropped."""
    if not isinstance(names, list | tuple) or not all(isinstance(n, str) for n in names):
        raise DialectError("dialects must be a list of dialect names")
    wanted = {name.strip() for name in names if name.strip()}
    unknown = sorted(wanted - set(KNOWN))
    if unknown:
        raise DialectError(f"unknown dialect(s): {', '.join(unknown)}; known: {', '.join(KNOWN)}")
    for group in EXCLUSIVE:
        if group <= wanted:
            raise DialectError(f"dialects {' and '.join(sorted(group))} exclude each other")
    return [name for name in KNOWN if name in wanted]


@functools.cache
def default() -> list[str]:
    """`SANDBOX_DIALECT`, validated (runsandbox turns a DialectError into a CommandError)."""
    return validate(list(settings.SANDBOX_DIALECT))


@contextmanager
def pinned(names):
    _pinned.names = frozenset(names or ())
    try:
        yield _pinned.names
    finally:
        _pinned.names = None


def active() -> frozenset:
    """The dialects of the `/rest` request being served; none outside one."""
    return getattr(_pinned, "names", None) or frozenset()


def is_on(name: str) -> bool:
    assert name in KNOWN, name  # a typo here would silently switch a dialect off
    return name in active()


def stored() -> list[str]:
    from sandbox.models import SandboxState

    names = SandboxState.objects.filter(pk=1).values_list("dialects", flat=True).first() or []
    return [name for name in KNOWN if name in names]


def store(names: list[str]) -> list[str]:
    from sandbox.models import SandboxState

    names = validate(names)
    SandboxState.load()
    SandboxState.objects.filter(pk=1).update(dialects=names)
    return names
