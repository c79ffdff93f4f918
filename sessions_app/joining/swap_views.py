"""The swap page: at the session limit, pick which of your sessions to give up for this one.
A plain form (no JavaScript needed); the swap itself is in swap.py."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sessions_app.agenda import selectors
from sessions_app.ops.decorators import attendee_required
from sessions_app.planning import planning
from sessions_app.upstream.clock import upstream_now
from sessions_app.upstream.errors import RefusalReason, UpstreamNotFound

from . import settling, swap


@require_http_methods(["GET", "POST"])
@attendee_required
def swap_page(request, viewer, session_id):
    now = upstream_now()
    try:
        detail = selectors.session_for_viewer(viewer, session_id, now)
    except UpstreamNotFound as missing:
        raise Http404("No such session") from missing
    if detail.card.reason != RefusalReason.SESSION_LIMIT:  # joinable now, or no swap helps
        return redirect("session", session_id=session_id)
    choices = sorted((s for s in detail.held if not s.has_ended(now)), key=lambda s: s.start)
    error = ""
    if request.method == "POST":
        picked = next((s for s in choices if str(s.id) == request.POST.get("give_up")), None)
        if picked is not None:
            return _swap(request, viewer, picked, detail.card.session, now)
        error = _("Pick the session to give up.")
    context = {
        "card": detail.card,
        "event": detail.event,
        "choices": choices,
        "clashes": {s.id for s in planning.overlapping(detail.card.session, choices)},
        "error": error,
    }
    return render(request, "sessions_app/swap.html", context)


def _swap(request, viewer, give_up, take, now):
    result = swap.swap_sessions(viewer=viewer, give_up=give_up, take=take, now=now)
    # unconfirmed, or not taken by the database: settled on the attendee's next request
    settling.follow_up_on_next_request(request, result.pending)
    if result.succeeded:
        said = _("You left “%(left)s” and joined “%(joined)s”.")
        messages.success(request, said % {"left": give_up.title, "joined": take.title})
        return redirect("session", session_id=take.id)
    messages.error(request, result.message)
    if result.outcome == swap.SwapOutcome.LOST:
        return redirect("my-sessions")
    return redirect("session", session_id=take.id)
