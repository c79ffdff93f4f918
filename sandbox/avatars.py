"""Speaker photos, as the platform's image host would serve them: an SVG of the speaker's
initials on a colour of their own, at `/media/avatars/<key>.svg` on the sandbox's own address.

The demo's speakers carry `avatar:<key>` as their image; an answer turns it into an absolute URL
on the address the sandbox is served at (set when it starts listening), as the real platform
answers with absolute image URLs on its own host.
"""

import hashlib
from html import escape

from django.http import Http404, HttpResponse

AVATAR_PREFIX = "avatar:"
_base = {"url": ""}


def serve_at(base_url: str) -> None:
    _base["url"] = base_url.rstrip("/")


def image_url(stored: str) -> str:
    """The URL a speaker's stored image is answered with."""
    if not stored.startswith(AVATAR_PREFIX) or not _base["url"]:
        return stored
    return f"{_base['url']}/media/avatars/{stored.removeprefix(AVATAR_PREFIX)}.svg"


def avatar(request, key: str) -> HttpResponse:
    from sandbox import demo  # the demo's speakers, by key

    names = demo.SPEAKERS.get(key)
    if names is None:
        raise Http404("no such speaker")
    initials = escape(names[0][:1] + names[1][:1])
    hue = int(hashlib.sha256(key.encode()).hexdigest()[:4], 16) % 360
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="160" viewBox="0 0 160 160">'
        f'<rect width="160" height="160" fill="hsl({hue},45%,38%)"/>'
        '<text x="80" y="80" dy=".35em" text-anchor="middle" font-family="sans-serif" '
        f'font-size="64" fill="#fff">{initials}</text></svg>'
    )
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=3600"
    return response
