"""Attendee pages for planning the day: reserve a seat ahead, the overlap question, watch a full
session, and calendars (one session's .ics; the private feed and its rotation)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from . import calendar_feed, planning, presenters, selectors, services, settling
from .decorators import attendee_required
from .identity import viewer_from_request
from .models import Attendee
from .presenters import Action
from .ratelimit import client_ip, feed_request_allowed
from .upstream.clock import upstream_now
from .upstream.errors import UpstreamNotFound

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


def after_leave(request, viewer, detail, result, failure: str):
    """A leave from My sessions (htmx): its card, and the allowance and overlap notes as they
    are without the session left."""
    context = {"card": detail.card, "result": result, "event": detail.event, "failure": failure}
    gone = detail.card.session.id if result.succeeded else None
    context["mine"] = planning.after_leave(viewer.upstream_user_id, detail.held, gone)
    return render(request, "sessions_app/_after_leave.html", context)


def seat_taken_response(request, detail, result):
    """After a join or reservation: the stream page on success, else the card's status block
    (or the session page) saying what happened."""
    if result.attempt_id:  # unconfirmed: settled on the attendee's next request at the latest
        settling.follow_up_on_next_request(request, result.attempt_id)
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
    return render(request, "sessions_app/session.html", context)


@require_POST
@attendee_required
def reserve(request, viewer, session_id):
    now = upstream_now()
    detail = _detail(viewer, session_id, now)
    if detail.card.action not in (Action.RESERVE, Action.JOIN):
        return _as_it_stands(request, detail)  # reserved already, full, ended, no ticket...
    url = reverse("reserve", args=[session_id])
    if (question := overlap_question(request, detail, url)) is not None:
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


@require_POST
@attendee_required
def watch(request, viewer, session_id):
    detail = _detail(viewer, session_id, upstream_now())
    if detail.card.can_watch_for_a_seat:
        planning.watch_session(viewer=viewer, session=detail.card.session)
    return _after_watch_change(request, viewer, session_id)


@require_POST
@attendee_required
def unwatch(request, viewer, session_id):
    planning.stop_watching(viewer=viewer, session_id=session_id)
    return _after_watch_change(request, viewer, session_id)


def _after_watch_change(request, viewer, session_id):
    if not request.htmx:
        back_to_mine = request.POST.get("next") == reverse("my-sessions")
        return redirect("my-sessions" if back_to_mine else reverse("session", args=[session_id]))
    detail = selectors.session_for_viewer(viewer, session_id, upstream_now())
    context = {"card": detail.card, "event": detail.event, "announce": True}
    return render(request, "sessions_app/agenda.html#session-status", context)


def _detail(viewer, session_id, now):
    try:
        return selectors.session_for_viewer(viewer, session_id, now)
    except UpstreamNotFound as missing:
        raise Http404("No such session") from missing


# --- calendars -------------------------------------------------------------------------------


@require_GET
@attendee_required
def session_calendar(request, viewer, session_id):
    detail = _detail(viewer, session_id, upstream_now())
    session = detail.card.session
    if not session.has_times:  # nothing to put in a calendar until its times are announced
        raise Http404("No times yet")
    entry = calendar_feed.Entry(
        uid=f"session-{session.id}",
        title=session.title,
        start=session.start,
        end=session.end,
        url=request.build_absolute_uri(reverse("session", args=[session.id])),
    )
    response = _ics([entry], request, name=detail.event.name, tz=detail.event.tz)
    response["Content-Disposition"] = f'attachment; filename="session-{session.id}.ics"'
    return response


@require_GET
@cache_control(private=True, max_age=300)
def calendar_subscription(request, token):
    """The private feed: no browser session (calendar apps have none), no cookie set, the same
    404 for every wrong, old or turned-off token, and a per-address rate limit."""
    if not feed_request_allowed(client_ip(request)):
        return HttpResponse(status=429, headers={"Retry-After": "60"})
    attendee = calendar_feed.attendee_for_token(token)
    if attendee is None:
        raise Http404("No such calendar")
    event = selectors.event_for_feed()
    url_for = lambda sid: request.build_absolute_uri(reverse("session", args=[sid]))  # noqa: E731
    entries = calendar_feed.feed_entries(attendee, url_for)
    return _ics(entries, request, name=_("%s: my sessions") % event.name, tz=event.tz)


@require_POST
@attendee_required
def rotate_calendar(request, viewer):
    calendar_feed.rotate_feed(Attendee.objects.get(pk=viewer.attendee_id))
    messages.success(request, _("Your calendar link was replaced. The old one no longer works."))
    return redirect(reverse("my-sessions") + "#calendar-feed")


def _ics(entries, request, *, name: str, tz) -> HttpResponse:
    body = calendar_feed.build_calendar(
        entries, name=name, tz=tz, stamp=timezone.now(), host=request.get_host().split(":")[0]
    )
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


def feed_urls(request, token: str | None) -> dict[str, str] | None:
    """The feed's address in both forms calendar apps take, or None when it is off."""
    if token is None:
        return None
    https = request.build_absolute_uri(reverse("calendar-feed", args=[token]))
    return {"https": https, "webcal": "webcal://" + https.split("://", 1)[1]}
