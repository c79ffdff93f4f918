"""Who may see an attendee page: a signed-in attendee whose upstream token the session holds."""

from functools import wraps

from django.http import Http404

from sessions_app.identity import viewer_from_request

from .middleware import send_to_sign_in

MAX_SESSION_ID = 2**62


def attendee_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        viewer = viewer_from_request(request)
        if viewer is None:
            return send_to_sign_in(request)
        if kwargs.get("session_id", 0) > MAX_SESSION_ID:
            raise Http404("No such session")
        return view(request, viewer, *args, **kwargs)

    return wrapper
