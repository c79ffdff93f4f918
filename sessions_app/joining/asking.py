"""Asking in the right order: before the overlap question, whatever the portal already knows
answers the click (a session that ended while the page was open), and the question is asked
only of a join that could work (a card the portal knows is refused goes straight to the
platform, whose answer is the refusal she would otherwise meet after "Keep both")."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sessions_app.agenda.presenters import Action
from sessions_app.identity import viewer_from_request
from sessions_app.planning import planning
from sessions_app.upstream.errors import RefusalReason

from . import services


def before_the_call(request, viewer, detail, url: str):
    """What a join click is answered before any upstream call: what the portal knows, then
    the overlap question; None when the join should be sent."""
    if (known := known_answer(request, viewer, detail)) is not None:
        return known
    return overlap_question(request, detail, url)


def known_answer(request, viewer, detail):
    """The answer to a join click the portal can give without asking anyone; None otherwise."""
    card = detail.card
    if card.action != Action.ENDED:
        return None
    # A click from a page left open past the end: demand the platform never saw, on record.
    expired = RefusalReason.EXPIRED
    services.record_blocked_attempt(viewer=viewer, session=card.session, reason=expired)
    notice = _("This session has ended.")
    if request.htmx:
        context = {"card": card, "event": detail.event, "notice": notice}
        return render(request, "sessions_app/agenda.html#session-status", context)
    messages.info(request, notice)
    return redirect("session", session_id=card.session.id)


CONFIRMED = "overlap"


def overlap_question(request, detail, action_url: str):
    """Before a join or a reservation that overlaps a session the attendee holds, ask in place
    (htmx) or on a page of its own (no JavaScript); None when there is nothing to ask, or the
    attendee already said "Keep both"."""
    # Only of a join that could work: one the portal knows is refused goes to the platform.
    if request.POST.get("confirm") == CONFIRMED or detail.card.blocked:
        return None
    clash = planning.overlapping(detail.card.session, detail.held)
    if not clash:
        return None
    context = {"card": detail.card, "clash": clash[0], "event": detail.event, "url": action_url}
    context["sure"] = _room_is_known(viewer_from_request(request), detail)
    if request.htmx:
        return render(request, "sessions_app/_overlap_question.html", context)
    return render(request, "sessions_app/overlap_question.html", context)


def _room_is_known(viewer, detail) -> bool:
    """Whether the platform has stated the attendee's limit (in a first refusal) and it has
    room: until then "Keep both" must not sound like a promise of the seat."""
    allowance = planning.allowance_for(viewer.upstream_user_id, len(detail.held))
    return allowance is not None and not allowance.exhausted
