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
- Signing out answers with `Clear-Site-Data: "cache", "storage"` (`clear_site_data`): the
  browser itself empties the worker's caches and unregisters it.
"""

from django.utils.crypto import salted_hmac

HEADER = "X-Offline-Copy"
FORGET = "forget"
KEPT_PAGES = frozenset({"agenda", "my-sessions", "session"})


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
