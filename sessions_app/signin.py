"""Signing in as the attendee meets it: one counted attempt (ratelimit.py), the upstream call
(services.sign_in_attendee), and what to say. Every refusal of a password sign-in gets the same
words, so the portal does not tell anyone which e-mail addresses have an account; both take the
same path through the portal (one upstream call, the same cache operations), so the time does
not tell either, beyond what the upstream's own answer time reveals (docs/security.md)."""

from django.utils.translation import gettext_lazy as _

from . import misconfiguration, services, wording
from .ratelimit import clear_account_failures, client_ip, count_attempt
from .upstream.errors import SignInRejected, UpstreamError, UpstreamMisconfigured

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
    return _attempt(request, email, wording.sign_in_error, credentials)


def sign_in_with_key(request, *, user_key: str) -> str:
    """Bad links count per address only: the key names no account the portal knows."""
    return _attempt(request, "", wording.magic_link_error, {"user_key": user_key[:200]})


def _attempt(request, account: str, refused_message, credentials: dict) -> str:
    attempt = count_attempt(account, client_ip(request))
    if attempt is None:
        return RATE_LIMITED  # never sent upstream
    try:
        services.sign_in_attendee(request, **credentials)
    except SignInRejected as rejected:
        return refused_message(rejected)  # counted: a failed sign-in
    except UpstreamMisconfigured as problem:
        attempt.not_a_failure()
        misconfiguration.report(problem)
        return MISCONFIGURED
    except UpstreamError:
        attempt.not_a_failure()
        return services.UNAVAILABLE_MESSAGE
    except BaseException:
        attempt.not_a_failure()  # the portal's own failure (its database) is no guess either
        raise
    attempt.not_a_failure()
    if account:
        clear_account_failures(account)
    return ""
