"""Attendee pages that join, reserve and leave, and a card's next step. Each view parses its
input, calls one selector or service, and renders a page or, for htmx requests, the partial it
targets."""

from dataclasses import replace

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from sessions_app.agenda import presenters, selectors
from sessions_app.agenda.presenters import Action
from sessions_app.identity import viewer_from_request
from sessions_app.ops.decorators import attendee_required
from sessions_app.planning import planning, stars
from sessions_app.upstream.clock import upstream_now
from sessions_app.upstream.errors import UpstreamError, UpstreamNotFound

from . import asking, recording, services, settling, wording
from .leaving import leave_session


@require_POST
@attendee_required
def join(request, viewer, session_id):
    now = upstream_now()
    try:
        detail = selectors.session_for_viewer(viewer, session_id, now, with_star=False)
    except UpstreamError as failure:
        recording.record_failed_lookup(viewer=viewer, session_id=session_id, failure=failure)
        if isinstance(failure, UpstreamNotFound):
            return _refused(request, session_id, failure.message)
        raise
    url = reverse("join", args=[session_id])
    if (answer := asking.before_the_call(request, viewer, detail, url)) is not None:
        return answer
    result = services.join_session(viewer=viewer, session=detail.card.session, now=now)
    return seat_taken_response(request, detail, result)


def _refused(request, session_id, message):
    if request.htmx:
        context = {"message": message, "session_id": session_id}
        return render(request, "sessions_app/_session_missing.html", context)
    raise Http404(message)


@require_POST
@attendee_required
def next_step(request, viewer, session_id):
    """A card's next step (leave a session, pick another, get a ticket) for a session it showed
    the attendee can't join: recorded as demand the upstream never saw, then followed."""
    try:
        card = selectors.session_for_viewer(viewer, session_id, upstream_now()).card
    except UpstreamNotFound as missing:
        raise Http404("No such session") from missing
    if not card.records_blocked_step:  # things changed since the card was shown
        url = reverse("session", args=[session_id])
    else:
        services.record_blocked_attempt(viewer=viewer, session=card.session, reason=card.reason)
        url = card.step_url
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@require_POST
@attendee_required
def unregister(request, viewer, session_id):
    now = upstream_now()
    try:
        detail = selectors.session_for_viewer(viewer, session_id, now)
    except UpstreamNotFound as missing:
        raise Http404("No such session") from missing
    result = leave_session(viewer=viewer, session=detail.card.session, now=now)
    settling.follow_up_on_next_request(request, result.pending)
    failure = "" if result.succeeded else _unregister_failure(result)
    if request.htmx:
        return after_leave(request, viewer, detail, result, failure)
    if result.succeeded:
        messages.success(request, wording.left_sentence(detail.card.session.title, result.reason))
    else:
        messages.error(request, failure)
    if request.POST.get("return_to") == "session":
        return redirect("session", session_id=session_id)
    return redirect("my-sessions")


def _unregister_failure(result) -> str:
    if not result.reason:
        return result.message  # ours already (the platform didn't answer or confirm)
    return _("We couldn't take you out of this session: the event platform said no.")


def seat_taken_response(request, detail, result):
    """After a join or reservation: the stream page on success, else the card's status block
    (or the session page) saying what happened."""
    # unconfirmed, or not taken by the database: settled on the attendee's next request
    settling.follow_up_on_next_request(request, result.pending)
    if result.succeeded:
        url = reverse("session", args=[detail.card.session.id])
        return HttpResponseClientRedirect(url) if request.htmx else redirect(url, permanent=False)
    card = detail.card
    if result.reason:
        card = presenters.refused(card, result.reason, detail=result.message, fresh=True)
    notice = "" if result.reason else result.message
    context = {"card": card, "notice": notice, "detail": detail, "player": None}
    if request.htmx:
        return render(request, "sessions_app/agenda.html#session-status", context)
    context["card"] = _with_star(request, card)  # the whole page shows it (the click spared it)
    return render(request, "sessions_app/session.html", context)


def _with_star(request, card):
    if card.starred is not None or not stars.can_star(card.session):
        return card
    starred = stars.starred_ids(viewer_from_request(request).attendee_id)
    return card if starred is None else replace(card, starred=card.session.id in starred)


def after_leave(request, viewer, detail, result, failure: str):
    """A leave from My sessions (htmx): its card, and the allowance and overlap notes as they
    are without the session left."""
    context = {"card": detail.card, "result": result, "event": detail.event, "failure": failure}
    gone = detail.card.session.id if result.succeeded else None
    context["mine"] = planning.after_leave(viewer.upstream_user_id, detail.held, gone)
    return render(request, "sessions_app/_after_leave.html", context)


@require_POST
@attendee_required
def reserve(request, viewer, session_id):
    now = upstream_now()
    detail = _detail(viewer, session_id, now)
    if detail.card.action not in (Action.RESERVE, Action.JOIN):
        return _as_it_stands(request, detail)  # reserved already, full, ended, no ticket...
    url = reverse("reserve", args=[session_id])
    if (question := asking.overlap_question(request, detail, url)) is not None:
        return question
    ahead = detail.card.action == Action.RESERVE  # live by now: an ordinary join
    result = services.join_session(viewer=viewer, session=detail.card.session, now=now, ahead=ahead)
    if result.succeeded and ahead:
        return _reserved(request, viewer, session_id)
    return seat_taken_response(request, detail, result)


def _as_it_stands(request, detail):
    if request.htmx:
        context = {"card": detail.card, "event": detail.event}
        return render(request, "sessions_app/agenda.html#session-status", context)
    return redirect("session", session_id=detail.card.session.id)


def _reserved(request, viewer, session_id):
    detail = selectors.session_for_viewer(viewer, session_id, upstream_now())
    if request.htmx:
        context = {"card": detail.card, "event": detail.event, "announce": True}
        return render(request, "sessions_app/agenda.html#session-status", context)
    messages.success(request, _("Seat reserved: “%s”.") % detail.card.session.title)
    return redirect("session", session_id=session_id)


def _detail(viewer, session_id, now):
    try:
        return selectors.session_for_viewer(viewer, session_id, now)
    except UpstreamNotFound as missing:
        raise Http404("No such session") from missing
