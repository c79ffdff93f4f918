import uuid
from datetime import timedelta

from django.utils import timezone
from django.utils.http import http_date

from sandbox import clock, dialects, stats
from sandbox.models import SandboxState


def _state() -> dict:
    fields = ("clock_offset_seconds", "faults", "dialects", "catalogue_version")
    row = SandboxState.objects.filter(pk=1).values(*fields).first()
    empty = {"clock_offset_seconds": 0.0, "faults": [], "dialects": [], "catalogue_version": None}
    return row or empty


class ResponseHeadersMiddleware:
    """Reads the shared state (faults, clock, dialects, catalogue version) once per `/rest`
    request and sets the headers every response carries.

    - `X-Request-ID`: the caller's, echoed (or a fresh one), so both sides can correlate logs.
    - `Date`: the sandbox's clock, offset included, as a real upstream's Date reflects its own
      clock; the portal derives the upstream's "now" from it.
    - `Content-Length`: without it the dev server closes every connection (no keep-alive).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request.headers.get("X-Request-ID", "")[:200] or f"sbx-{uuid.uuid4().hex}"
        if request.path.startswith("/rest/"):
            state = _state()
            request.sandbox_faults = state["faults"]
            request.sandbox_catalogue_version = state["catalogue_version"]
            offset = state["clock_offset_seconds"]
            with clock.pinned(offset), dialects.pinned(state["dialects"]):
                response = self.get_response(request)
        else:  # control endpoints may move the clock: read it after
            response = self.get_response(request)
            offset = clock.offset_seconds()
        response["X-Request-ID"] = request_id
        response["Date"] = http_date((timezone.now() + timedelta(seconds=offset)).timestamp())
        if not response.streaming and not response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response


class StatsMiddleware:
    """Count every `/rest` request, faulted ones included, before anything can stall it; then
    the bytes of its answer's body (a streamed one is not measured)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/rest/"):
            return self.get_response(request)
        key = stats.record(request.method, request.path)
        stats.started()
        try:
            response = self.get_response(request)
        finally:
            stats.ended()
        if not response.streaming:
            stats.record_bytes(key, len(response.content))
        return response
