"""E-mail: where the portal's mail goes (reminder e-mails) and the public address its links
point at. `EMAIL_URL` is read by django-environ: `smtp+tls://user:password@host:587` in
production; the console backend by default, so `make run` prints each mail in its terminal."""

from portal.settings.base import CSRF_TRUSTED_ORIGINS, env

# EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS...
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
EMAIL_TIMEOUT = env.int(
    "EMAIL_TIMEOUT", default=10
)  # seconds; a hung server never hangs the worker
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Event portal <noreply@localhost>")
# Links in e-mails must be absolute and there is no request to take the host from: the
# portal's public address, by default the first CSRF_TRUSTED_ORIGINS entry (production sets it).
PORTAL_BASE_URL = (
    env.str("PORTAL_BASE_URL", default="")
    or (CSRF_TRUSTED_ORIGINS[0] if CSRF_TRUSTED_ORIGINS else "http://localhost:8000")
).rstrip("/")
