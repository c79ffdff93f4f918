"""E-mail: where the portal's mail goes (reminder e-mails) and the public address its links
point at. `EMAIL_URL` is read by django-environ: `smtp+tls://user:password@host:587` in
production; the console backend by default while DEBUG is on, so `make run` prints each mail in
its terminal. With DEBUG off and no mail server (no EMAIL_URL, or the console), reminder e-mails
are off: the console would write each one, address and working unsubscribe link, into the
worker's log. With them on, links need the portal's public address, or start-up fails."""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from portal.settings.base import CSRF_TRUSTED_ORIGINS, DEBUG, _required_in_production, env

_EMAIL_URL = env.str("EMAIL_URL", default="") or "consolemail://"
PORTAL_REMINDER_EMAILS = DEBUG or not _EMAIL_URL.startswith(("consolemail:", "dummymail:"))
# EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, EMAIL_USE_TLS...; nothing printed in production
vars().update(env.email_url_config(_EMAIL_URL if PORTAL_REMINDER_EMAILS else "dummymail://"))
EMAIL_TIMEOUT = env.int(
    "EMAIL_TIMEOUT", default=10
)  # seconds; a hung server never hangs the worker
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Event portal <noreply@localhost>")


def _base_url() -> str:
    """Links in e-mails must be absolute and there is no request to take the host from: the
    portal's public address, by default the first CSRF_TRUSTED_ORIGINS entry (not a wildcard)."""
    origins = [origin for origin in CSRF_TRUSTED_ORIGINS if "*" not in origin]
    url = env.str("PORTAL_BASE_URL", default="") or (origins[0] if origins else "")
    if not url and PORTAL_REMINDER_EMAILS:
        url = _required_in_production(
            "PORTAL_BASE_URL", "http://localhost:8000", also="and EMAIL_URL is set"
        )
    url = url or "http://localhost:8000"  # nothing is sent that links to it
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ImproperlyConfigured("PORTAL_BASE_URL must be an http(s) address")
    return url.rstrip("/")


PORTAL_BASE_URL = _base_url()
