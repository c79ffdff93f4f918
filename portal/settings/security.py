"""Who may sign in how often, which proxies are believed, where sessions and cookies live, and
the headers every response carries: HSTS, the frame and referrer policies, and the CSP (with
the image and frame sources it allows)."""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from portal.settings.base import DEBUG, env
from portal.settings.features import ACCELEVENTS_TICKETS_URL
from portal.settings.upstream import ACCELEVENTS_API_BASE_URL

SIGNIN_RATE_LIMIT = env.int("SIGNIN_RATE_LIMIT", default=5)
SIGNIN_IP_RATE_LIMIT = env.int("SIGNIN_IP_RATE_LIMIT", default=30)
SIGNIN_RATE_WINDOW = env.int("SIGNIN_RATE_WINDOW", default=300)
# Proxies in front of the portal that append to X-Forwarded-For (a load balancer: 1).
TRUSTED_PROXY_HOPS = env.int("TRUSTED_PROXY_HOPS", default=0)

# Sessions hold upstream tokens, so they live server-side; the cookie is only an id.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# An attendee's user row from the shared cache, not a query on every page (the module says
# which checks still run). Django's own backend stays listed for sessions signed in before.
AUTHENTICATION_BACKENDS = [
    "sessions_app.auth_backend.CachedAttendeeBackend",
    "django.contrib.auth.backends.ModelBackend",
]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=12 * 3600)
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = True
if SESSION_COOKIE_SECURE:
    # __Host-: the browser keeps these only if sent over HTTPS, for this host alone (no
    # Domain), for every path; so a sibling subdomain or a plain-HTTP page cannot plant one.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    LANGUAGE_COOKIE_NAME = "__Host-django_language"
# Flash messages ride in the server-side session: no cookie of their own to plant or prefix.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# --- security headers ---
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Only a balancer we trust (TRUSTED_PROXY_HOPS) says a request came over HTTPS; with none in
# front, X-Forwarded-Proto is whatever the client wrote.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXY_HOPS > 0 else None

# Health checks from a load balancer inside the network may use plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# The only origins any page may frame, and only the stream page does (its view widens the
# default `'none'` to these): sessions_app.agenda.player builds every iframe src on one of them.
STREAM_FRAME_SOURCES = [
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
    "https://fast.wistia.net",
    "https://www.facebook.com",
]


def _image_sources(api_base: str) -> list[str]:
    """Where speakers' photos may come from by default: the API's own origin and, for a named
    host, every host of its domain (api.accelevents.com → https://*.accelevents.com)."""
    parts = urlsplit(api_base)
    sources = [f"{parts.scheme}://{parts.netloc}"]
    labels = (parts.hostname or "").split(".")
    if len(labels) >= 2 and not labels[-1].isdigit():
        sources.append("https://*." + ".".join(labels[-2:]))
    return sources


# Image hosts the CSP allows, and the only ones a speaker's photo is shown from (an image URL on
# another host is not rendered: sessions_app/templatetags/portal.py `allowed_image`).
PORTAL_IMAGE_SOURCES = env.list(
    "PORTAL_IMAGE_SOURCES", default=_image_sources(ACCELEVENTS_API_BASE_URL)
)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ImproperlyConfigured("ACCELEVENTS_TICKETS_URL must be an http(s) URL")
    return f"{parts.scheme}://{parts.netloc}"


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *PORTAL_IMAGE_SOURCES],
        "font-src": ["'self'"],
        "connect-src": ["'self'", "https://stream.mux.com", "https://*.mux.com"],
        "media-src": ["'self'", "blob:", "https://stream.mux.com", "https://*.mux.com"],
        # 'self': the service worker (/sw.js); blob: the HLS player's own worker.
        "worker-src": ["'self'", "blob:"],
        # The web app manifest (/manifest.webmanifest), named rather than left to default-src.
        "manifest-src": ["'self'"],
        "frame-src": ["'none'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        # The "get a ticket" step is a form post that records the click and then redirects to
        # the ticket page, and browsers check form-action on a form's redirects too.
        "form-action": ["'self'", _origin(ACCELEVENTS_TICKETS_URL)],
        "frame-ancestors": ["'none'"],
    }
}
