"""Answers a poll can revalidate: an ETag over exactly what was rendered for this attendee,
and a bodyless 304 when the page already has it (the poll's JavaScript sends the tag back in
If-None-Match itself: pages of a signed-in attendee are no-store, so the browser never would)."""

import hashlib

from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import quote_etag


def tag_for(owner: str, body: bytes) -> str:
    """The body's hash, salted with whose it is: one attendee's tag never names another's page,
    even when both see the same thing."""
    digest = hashlib.md5(f"{owner}\n".encode(), usedforsecurity=False)
    digest.update(body)
    return quote_etag(digest.hexdigest())


def unless_unchanged(
    request, response: HttpResponse, *, owner: str, appends: bool = False
) -> HttpResponse:
    """The response tagged with its ETag, or Django's 304 (ETag, Vary and Cache-Control kept,
    no body) when the request's If-None-Match names that tag. A body the page `appends` (a
    notice) is always sent: the same notice again is news, not "not modified"."""
    response["ETag"] = tag_for(owner, response.content)
    if appends:
        return response
    return get_conditional_response(request, etag=response["ETag"], response=response)
