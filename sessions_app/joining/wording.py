"""What the portal says, in its own words, when the event platform says no.

The upstream's sentences ("Max user registration capacity reached", "No User could be found")
are English, terse and sometimes wrong for the situation; attendees get ours, translated, chosen
by the refusal's reason, and the upstream's own text is kept only as the detail below it."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext

from sessions_app.upstream.errors import RefusalReason, SignInRejected

# The one message for an unknown email and a wrong password alike (issue 15 relies on it: a
# sign-in form must not tell whether an address has an account).
WRONG_CREDENTIALS = gettext_noop("Email or password is wrong")
_WRONG_CREDENTIAL_CODES = {"4010103", "4040100"}
_LOCKED_CODE = "4010102"
_LINK_CODES = {"4010101", "4068006"}
ALREADY_LEFT = "already_left"  # an unregister's reason when no ticket of theirs was in it


def refusal_sentence(reason: str, *, limit: int | None = None) -> str:
    """Why this attendee can't join this session, as a sentence of ours."""
    if reason == RefusalReason.CAPACITY_FULL:
        return _("This session is full.")
    if reason == RefusalReason.TICKET_TYPE:
        return _("Your ticket doesn't include this session.")
    if reason == RefusalReason.SESSION_LIMIT:
        if limit:
            return ngettext(
                "Your ticket lets you join %(limit)s session, and you've reached that limit.",
                "Your ticket lets you join %(limit)s sessions, and you've reached that limit.",
                limit,
            ) % {"limit": limit}
        return _("You've joined as many sessions as your ticket allows.")
    if reason == RefusalReason.NOT_REGISTERED_FOR_EVENT:
        return _("You need a ticket for the event to join its sessions.")
    if reason == RefusalReason.EXPIRED:
        return _("This session isn't open for joining right now.")
    if reason == RefusalReason.NOT_FOUND:
        return _("This session is no longer on the agenda.")
    return _("The event platform didn't let you join this session.")


def left_sentence(title: str, reason: str = "") -> str:
    """An unregister that worked; with ALREADY_LEFT the platform had no registration of theirs
    left (they left on another device or in the event's app), so the portal only caught up."""
    if reason == ALREADY_LEFT:
        return _("You had already left “%(title)s”.") % {"title": title}
    return _("You left “%(title)s”. Your seat is free.") % {"title": title}


def sign_in_error(rejected: SignInRejected) -> str:
    """A refused password sign-in, in our words (never which of email or password was wrong)."""
    code = str(rejected.code or "").strip()
    if code == _LOCKED_CODE:
        return _(
            "This account is locked. Reset your password on the event's Accelevents page, or "
            "ask the organizer for help."
        )
    if code in _WRONG_CREDENTIAL_CODES or rejected.status in (401, 404):
        return _(WRONG_CREDENTIALS)
    return _("We couldn't sign you in with those details. Please check them and try again.")


# Also for a link left on its confirm page past its time (magic_views.magic_sign_in).
LINK_REFUSED = gettext_lazy(
    "This sign-in link has expired or has already been used. Sign in with your email and "
    "password, or ask for a new link."
)


def magic_link_error(rejected: SignInRejected) -> str:
    if str(rejected.code or "").strip() == _LOCKED_CODE:
        return sign_in_error(rejected)
    return str(LINK_REFUSED)
