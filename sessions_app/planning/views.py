"""Attendee pages for planning the day: My sessions, watch a full session, star a session,
and calendars (one session's .ics; the private feed, its rotation and its starred sessions)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

from sessions_app.accounts.ratelimit import client_ip, feed_request_allowed
from sessions_app.agenda import selectors
from sessions_app.models import Attendee
from sessions_app.ops.decorators import attendee_required
from sessions_app.upstream.clock import upstream_now, upstream_time
from sessions_app.upstream.errors import UpstreamNotFound

from . import calendar_feed, planning, registrations, reminder_emails, stars


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


def _detail(viewer, session_id, now, *, with_star=True):
    try:
        return selectors.session_for_viewer(viewer, session_id, now, with_star=with_star)
    except UpstreamNotFound as missing:
        raise Http404("No such session") from missing


@require_POST
@attendee_required
def star(request, viewer, session_id):
    """Star (`starred=1`) or unstar (`starred=0`) a session: the wanted state, so a double click
    or a second tab changes nothing more. No seat and nothing sent to the platform: the title
    and times come from the attendee's lists as the agenda reads them (cached)."""
    wanted = request.POST.get("starred") != "0"
    title = None if wanted else stars.unstar_session(viewer=viewer, session_id=session_id)
    if wanted or (request.htmx and title is None):  # the session's own title, as they see it
        session = _detail(viewer, session_id, upstream_now(), with_star=False).card.session
        if wanted and not stars.can_star(session):
            raise Http404("No times to keep yet")
        if wanted:
            stars.star_session(viewer=viewer, session=session)
        title = session.title
    said = _("Starred “%s”.") if wanted else _("Removed the star from “%s”.")
    if not request.htmx:
        if title is not None:
            messages.success(request, said % title)
        return redirect(_back(request, session_id))
    context = {"star_id": session_id, "star_title": title, "starred": wanted}
    context["star_said"] = said % title
    return render(request, "sessions_app/agenda.html#star-toggle", context)


def _back(request, session_id) -> str:
    """Where a star without JavaScript returns: the page it was clicked on (the agenda with its
    filters and day, the session's page, My sessions), else the session's page."""
    came_from = request.headers.get("Referer", "")
    host = {request.get_host()}
    if came_from and url_has_allowed_host_and_scheme(came_from, host, request.is_secure()):
        return came_from.split("#", 1)[0] + f"#star-{session_id}"
    return reverse("session", args=[session_id])


@require_POST
@attendee_required
def feed_stars(request, viewer):
    chosen = request.POST.get("stars_in_feed") == "1"
    stars.choose_stars_in_feed(viewer.attendee_id, chosen)
    said = (
        _("Your calendar feed now includes your starred sessions.")
        if chosen
        else _("Your calendar feed now has only the sessions you hold a seat in.")
    )
    messages.success(request, said)
    return redirect(reverse("my-sessions") + "#calendar-feed")


@require_GET
@attendee_required
def my_sessions(request, viewer):
    now = upstream_now()
    mine = selectors.my_sessions_for_viewer(viewer, now)
    registrations.mirror_registrations(
        attendee_id=viewer.attendee_id,
        registered=mine.registered,
        fetched_at=upstream_time(mine.freshness.fetched_at),
        now=now,
    )
    context = {
        "event": mine.event,
        "cards": mine.cards,
        "freshness": mine.freshness,
        "missing": mine.missing,
        "mine": mine,
        "feed": feed_urls(request, mine.feed_token),
        "reminder_emails": reminder_emails.choice_for(viewer.attendee_id),
    }
    return render(request, "sessions_app/my_sessions.html", context)


# --- calendars -------------------------------------------------------------------------------


@require_GET
@attendee_required
def session_calendar(request, viewer, session_id):
    # In the event's zone whatever the attendee's pages show: the file names its zone.
    detail = _detail(viewer.in_event_zone(), session_id, upstream_now())
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
