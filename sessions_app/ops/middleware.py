"""Cross-cutting answers to upstream trouble, so views stay thin: each request gets a time
budget for its upstream calls; an expired upstream token sends the attendee to sign in again and
back; an upstream outage with nothing cached to show becomes a friendly retry page, never a 500."""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import HttpResponseClientRedirect

from sessions_app.cache import bump_user_generation
from sessions_app.identity import token_refused_at_sign_in, viewer_from_request
from sessions_app.upstream.budget import upstream_budget
from sessions_app.upstream.errors import (
    UpstreamAuthError,
    UpstreamError,
    UpstreamMisconfigured,
    UpstreamRateLimited,
)

from . import misconfiguration
from .arrival import queued_seconds

log = logging.getLogger(__name__)


def return_path(request) -> str:
    """Where the attendee was: for htmx calls, the page they are on, not the fragment URL."""
    if request.htmx and request.htmx.current_url:
        parts = urlsplit(request.htmx.current_url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if url_has_allowed_host_and_scheme(path, allowed_hosts=None):
            return path
    if request.method != "GET":
        return "/"  # a form post without htmx: its page is unknown, the agenda is the safe bet
    return request.get_full_path()


def safe_next(request) -> str:
    """The `next` a form or link names (POST, then GET) when it is a path on this site, else the
    agenda: never somewhere else a crafted link could send the attendee."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("agenda")


def send_to_sign_in(request) -> HttpResponse:
    response = redirect_to_login(return_path(request))
    return HttpResponseClientRedirect(response["Location"]) if request.htmx else response


class UpstreamBudgetMiddleware:
    """Every upstream call made for this request shares UPSTREAM_TIME_BUDGET seconds, counted
    from when the request reached the server (arrival.py): time spent queued is spent."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with upstream_budget(settings.UPSTREAM_TIME_BUDGET - queued_seconds(request)):
            return self.get_response(request)


class UpstreamAuthMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, UpstreamAuthError) and token_refused_at_sign_in(request):
            # Not an expiry: the token is sent in a way the upstream does not accept. Signing
            # in again would only loop back here.
            exception = misconfiguration.from_fresh_token_refusal(exception)
        if isinstance(exception, UpstreamMisconfigured):
            return misconfigured_response(request, exception)
        if isinstance(exception, UpstreamAuthError):
            log.info(
                "upstream token rejected (request %s); asking to sign in", exception.request_id
            )
            viewer = viewer_from_request(request)
            if viewer:
                bump_user_generation(viewer.upstream_user_id)
            logout(request)
            return send_to_sign_in(request)
        if isinstance(exception, UpstreamError):
            log.warning("upstream unavailable (request %s): %s", exception.request_id, exception)
            template = "sessions_app/_unavailable.html" if request.htmx else "unavailable.html"
            response = render(request, template, status=200 if request.htmx else 503)
            if request.htmx:
                response["HX-Retarget"] = "#page-notice"
                response["HX-Reswap"] = "innerHTML"
            else:
                response["Retry-After"] = str(_retry_after(exception))
            return response
        return None


def misconfigured_response(request, problem: UpstreamMisconfigured) -> HttpResponse:
    """Not the outage page: waiting will not help the attendee, the organizer must act."""
    misconfiguration.report(problem)
    if request.htmx:
        response = render(request, "sessions_app/_misconfigured.html")
        response["HX-Retarget"] = "#page-notice"
        response["HX-Reswap"] = "innerHTML"
        return response
    return render(request, "misconfigured.html", status=503)


def _retry_after(exception: UpstreamError) -> int:
    """The upstream's own Retry-After when it sent a sane one, else 30 seconds."""
    asked = (
        getattr(exception, "retry_after", None)
        if isinstance(exception, UpstreamRateLimited)
        else None
    )
    return asked if asked is not None and 0 < asked <= 3600 else 30


class NoStoreForSignedInMiddleware:
    """Pages of a signed-in attendee hold personal data: never store them in any cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response
