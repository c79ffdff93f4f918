"""Rendered pages of an attendee, reused while what they show still holds.

Profiling the agenda with its data cached (docs/benchmarks.md) showed the template render of
twenty cards costing several times the rest of the view, and loading the cached lists costing
most of the rest. So the rendered HTML is kept in this process's memory (`pages`: never in
the shared cache, where a large event's day would cost every attendee ~17 kB), per
attendee and per variant (template or htmx partial, query string, CSRF secret the forms' tokens
belong to, the zone its times are shown in), together with the attendee's stamp (data
generation and page version, see `cache.page_stamp_keys`) and an expiry the caller computes:
when its data's TTL ends or something on the page changes with time.
A join, an unregister, a remembered refusal or a sign-out changes the stamp, which is in the
shared cache, so a page kept by one copy of the portal is never served after a join in another;
anything else can't change the page before the expiry.
Requests with flash messages waiting are rendered afresh: they must show and consume them.
"""

import hashlib
import threading
import time
import zlib
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from sessions_app.cache import page_stamp_keys, user_generation

COMPRESS_LEVEL = 6  # a whole day of a large event is ~200 kB of HTML: ~12x smaller, ~2 ms
# This process's pages: at most ~2,000 (a large event's day is ~17 kB compressed).
pages = LocMemCache("portal-rendered-pages", {"OPTIONS": {"MAX_ENTRIES": 2000}})


# One render at a time per page in this process: when a page expires under load, one thread
# renders it and the others wait for it (~0.1 s for a large event's day) instead of each
# rendering it too. A fixed set of locks, chosen by the page's key, keeps this bounded.
_RENDERING = tuple(threading.Lock() for _ in range(64))
RENDER_WAIT_SECONDS = 5


@dataclass(frozen=True)
class PageSlot:
    key: str = ""
    stamp: tuple = ()
    page: bytes | None = None

    def response(self) -> HttpResponse | None:
        return None if self.page is None else HttpResponse(self.page)

    @contextmanager
    def rendering(self):
        """Yields the page when good (or when another thread rendered it meanwhile), else None:
        render it and `keep` it inside this block."""
        if self.page is not None or not self.key:
            yield self.response()
            return
        lock = _RENDERING[hash(self.key) % len(_RENDERING)]
        held = lock.acquire(timeout=RENDER_WAIT_SECONDS)  # past it, render without waiting
        try:
            page = _good_page(self.key, self.stamp)
            yield None if page is None else HttpResponse(page)
        finally:
            if held:
                lock.release()

    def keep(self, response: HttpResponse, *, until: float) -> None:
        """Store a freshly rendered 200 page until `until` (a time.time() value)."""
        seconds = until - time.time()
        if not self.key or response.status_code != 200 or seconds < 1:
            return
        entry = (self.stamp, until, zlib.compress(response.content, COMPRESS_LEVEL))
        pages.set(self.key, entry, int(seconds) + 1)


def slot_for(request, user_id: int, template_name: str, *, zone: str = "") -> PageSlot:
    """The stored page for this request, if still good; `keep` it after a render otherwise."""
    if len(get_messages(request)):  # len() peeks without marking them as shown
        return PageSlot()
    get_token(request)  # as rendering {% csrf_token %} does: the CSRF cookie stays fresh
    variant = (
        template_name,
        get_language(),  # the page's language (switcher cookie or Accept-Language)
        request.user.pk,
        sorted(request.GET.lists()),
        request.META.get("CSRF_COOKIE", ""),
        zone,  # the zone its times are shown in ("" = the event's): a switch is a new page
        settings.PORTAL_STATUS_POLL_SECONDS,  # the context processor's one value
        settings.PORTAL_CACHE_TTL,  # the expiry was computed with it
    )
    digest = hashlib.sha256(repr(variant).encode()).hexdigest()
    key = f"portal:page:u{user_id}:{digest}"
    generation_key, version_key = page_stamp_keys(user_id)
    found = cache.get_many([generation_key, version_key])
    generation = found.get(generation_key)
    if generation is None:  # never read, or lost: made anew, above any a stored page holds
        generation = user_generation(user_id)
    stamp = (generation, found.get(version_key))
    return PageSlot(key, stamp, _good_page(key, stamp))


def _good_page(key: str, stamp: tuple) -> bytes | None:
    """The page kept under `key`, if it was rendered at `stamp` and has not expired."""
    entry = pages.get(key)
    if entry is not None and entry[0] == stamp and time.time() < entry[1]:
        return zlib.decompress(entry[2])
    return None
