"""Signing in as the attendee meets it: one counted attempt (ratelimit.py), the upstream call
(accounts.account_from_upstream), and what to say. Every refusal of a password sign-in gets the
same words, so the portal does not tell anyone which e-mail addresses have an account; both take
the same path through the portal (one upstream call, the same cache operations), so the time
does not tell either, beyond what the upstream's own answer time reveals (docs/security.md).

A magic link's key only finds out which account it names (magic_views.py asks before signing
in); every outcome its key caused (refused, not a key at all, nothing left to use) counts as a
failed sign-in of the client's address."""

from django.utils.translation import gettext_lazy as _

from sessions_app.joining import services, wording
from sessions_app.ops import misconfiguration
from sessions_app.upstream.errors import SignInRejected, UpstreamError, UpstreamMisconfigured

from .accounts import UpstreamAccount, account_from_upstream, start_session
from .ratelimit import clear_account_failures, client_ip, count_attempt

WRONG_CREDENTIALS = _("Email or password is wrong")
LINK_REFUSED = wording.LINK_REFUSED
RATE_LIMITED = _("Too many sign-in attempts. Please wait a few minutes and try again.")
MISCONFIGURED = _(
    "This portal isn't set up correctly for the event platform, so nobody can sign in right "
    "now. The organizer has been told."
)


def sign_in_with_password(request, *, email: str, password: str) -> str:
    """Sign the attendee in; "" on success, else the message to show (wording.py: the same
    words for an unknown email and a wrong password)."""
    credentials = {"email": email, "password": password}
    account, error = _attempt(request, email, wording.sign_in_error, credentials)
    if account is None:
        return error
    start_session(request, account)
    clear_account_failures(email)
    return ""


def account_for_key(request, *, user_key: str) -> tuple[UpstreamAccount | None, str]:
    """The account a magic link's key names (the key is used up), or None and what to say.
    Bad links count per address only: the key names no account the portal knows."""
    return _attempt(request, "", wording.magic_link_error, {"user_key": user_key[:200]})


def refuse_unusable_link(request) -> str:
    """A confirm with no key left to use (expired, used, never opened here): a failed attempt
    of this address like any bad key, so trying links cannot go uncounted."""
    return RATE_LIMITED if count_attempt("", client_ip(request)) is None else str(LINK_REFUSED)


def _attempt(request, account: str, refused_message, credentials: dict):
    attempt = count_attempt(account, client_ip(request))
    if attempt is None:
        return None, RATE_LIMITED  # never sent upstream
    try:
        signed_in = account_from_upstream(**credentials)
    except SignInRejected as rejected:
        return None, refused_message(rejected)  # counted: a failed sign-in
    except UpstreamMisconfigured as problem:
        attempt.not_a_failure()
        misconfiguration.report(problem)
        return None, MISCONFIGURED
    except UpstreamError:
        attempt.not_a_failure()
        return None, services.UNAVAILABLE_MESSAGE
    except BaseException:
        attempt.not_a_failure()  # the portal's own failure (its database) is no guess either
        raise
    attempt.not_a_failure()
    return signed_in, ""
