"""What the service worker (templates/offline/service_worker.js) may keep for reading offline,
decided here on the server: it keeps a page only when the response names its owner.

- The agenda, My sessions and a session page without a player, answered 200 to a signed-in
  attendee, carry `X-Offline-Copy: <a tag of that attendee>`; the worker keeps the page (and
  the static files it uses) under that tag and drops every other attendee's copies when the tag
  changes. A session page the attendee holds shows the stream player, whose answer may carry a
  playback token: never kept (`never_offline`). Admin pages, htmx fragments, the status poll
  and every write are never marked, and the worker passes them by.
- Every page a signed-out visitor is shown (the sign-in page after an expired session, say)
  carries `X-Offline-Copy: forget`: the worker then deletes all it kept.
- A kept copy keeps the page's own security headers (`KEPT_HEADERS`: its CSP, frame, referrer
  and permissions policies…), so it runs offline under the same rules as online; nothing
  per-request (Set-Cookie, Vary, caching, the tag) is stored.
- The private calendar feed's URL (a credential until replaced) is never stored: the worker
  cuts the region between `<!--offline-omit-->` and `<!--/offline-omit-->` out of a page before
  keeping it, and shows the `hidden data-offline-instead` line in its place; a page whose
  region is not closed is not kept at all.
- Signing out answers with `Clear-Site-Data: "cache", "storage"` (`clear_site_data`): the
  browser itself empties the worker's caches and unregisters it.
"""

from django.utils.crypto import salted_hmac

HEADER = "X-Offline-Copy"
FORGET = "forget"
KEPT_PAGES = frozenset({"agenda", "my-sessions", "session"})
# The response headers a kept copy is stored with: what the page's content is, and every
# security header the portal sends on a page (tests/ops/test_offline.py checks none is missed).
KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Content-Security-Policy",
    "Content-Security-Policy-Report-Only",
    "Permissions-Policy",
    "X-Frame-Options",
    "Referrer-Policy",
    "X-Content-Type-Options",
    "Cross-Origin-Opener-Policy",
    "Cross-Origin-Embedder-Policy",
    "Cross-Origin-Resource-Policy",
)
# Per request or per response, never stored with a copy (a cookie, what caches do with it).
NOT_KEPT_HEADERS = (
    "Set-Cookie",
    "Vary",
    "Cache-Control",
    "Expires",
    "Content-Length",
    HEADER,
)


def owner_tag(user_pk) -> str:
    """A tag naming the attendee whose copies these are: opaque, and no use to anyone else."""
    return salted_hmac("offline-copy", str(user_pk)).hexdigest()[:20]


def never_offline(response):
    """This answer must never be kept offline (it may carry a playback token)."""
    response.offline_copy = False
    return response


def clear_site_data(response):
    """The browser empties the caches and the storage (the service worker with them) of the
    portal's origin: nothing of the attendee stays readable offline after signing out."""
    response["Clear-Site-Data"] = '"cache", "storage"'
    return response


def _is_page(request, response) -> bool:
    return (
        request.method == "GET"
        and not getattr(request, "htmx", False)
        and response.get("Content-Type", "").startswith("text/html")
    )


def _keepable(request, response) -> bool:
    match = request.resolver_match
    return (
        response.status_code == 200
        and match is not None
        and match.url_name in KEPT_PAGES
        and not match.namespace
        and getattr(response, "offline_copy", True)
    )


class OfflineCopyMiddleware:
    """Marks the pages the service worker may keep, and the ones that tell it to forget."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not _is_page(request, response):
            return response
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            response[HEADER] = FORGET
        elif _keepable(request, response):
            response[HEADER] = owner_tag(user.pk)
        return response
