"""The portal's own database unreachable: a friendly 503 with Retry-After, never a 500.

Writes need the database before they call the upstream (recording.py opens the attempt first),
so nothing is sent that could not be recorded. Reads that need no database keep working where
the session can still be read (from the cache, `cached_db`): the signed-in user is then taken
from the session itself instead of the users table, and a cached agenda still renders.
Anything else that needs the database gets the outage page (htmx: a notice in #page-notice).
"""

import logging
import sys
from functools import partial

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user
from django.contrib.auth.models import AnonymousUser
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

log = logging.getLogger(__name__)

OUTAGE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 15
MESSAGE = _(
    "The portal can't reach its own records for a moment, so nothing was changed and nothing "
    "was sent to the event platform. Please try again in a minute."
)


class SessionUser(AnonymousUser):
    """The signed-in user as the session names them, while the users table cannot be read."""

    is_anonymous = False

    def __init__(self, pk: int):
        self.id = self.pk = pk

    @property
    def is_authenticated(self) -> bool:
        return True


def _user(request):
    try:
        return get_user(request)
    except OUTAGE_ERRORS:
        session = request.session  # unreadable too: the outage page, not a signed-out page
        if (
            session.get(SESSION_KEY)
            and session.get(BACKEND_SESSION_KEY)
            and session.get(HASH_SESSION_KEY)
        ):
            return SessionUser(int(session[SESSION_KEY]))
        return AnonymousUser()


class DatabaseOutageMiddleware:
    """After AuthenticationMiddleware: the user without the database where possible, and the
    outage page for a view that needed it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.user = SimpleLazyObject(partial(_user, request))
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OUTAGE_ERRORS):
            return outage_response(request, exception)
        return None


def outage_response(request, exception: Exception) -> HttpResponse:
    # The type only: a database error's text can carry its host and user.
    log.warning(
        "database unreachable (%s) on %s %s: outage page",
        type(exception).__name__,
        request.method,
        request.path,
    )
    if getattr(request, "htmx", False):
        notice = format_html('<p class="notice notice--error" role="alert">{}</p>', MESSAGE)
        response = HttpResponse(notice)
        response["HX-Retarget"] = "#page-notice"
        response["HX-Reswap"] = "innerHTML"
    else:
        # Rendered without the request: its context (the user, the messages) needs the session.
        page = loader.render_to_string(
            "database_unavailable.html", {"message": MESSAGE, "path": request.get_full_path()}
        )
        response = HttpResponse(page, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response._has_been_logged = True  # this line, not Django's traceback at ERROR
    return response


def server_error(request):
    """handler500: an outage met outside a view (saving the session) is the outage page too."""
    exception = sys.exception()
    if isinstance(exception, OUTAGE_ERRORS):
        return outage_response(request, exception)
    return HttpResponseServerError(loader.render_to_string("500.html"))
