"""The agenda's pages: the agenda (the whole page, or for htmx the part it targets), its status
poll, a session's page with its stream, a speaker's page, and the zone times are shown in."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from sessions_app.ops.decorators import attendee_required
from sessions_app.ops.offline import never_offline
from sessions_app.ops.permissions_policy import frames_players
from sessions_app.upstream.clock import upstream_now
from sessions_app.upstream.errors import UpstreamNotFound

from . import rendered, revalidation, selectors, status_poll, zone_choice
from .forms import FORMAT_CHOICES, TABS, parse_agenda_query
from .speakers import speaker_for_viewer
from .stream_page import allow_captions, stream_context


def _partial(request, page: str, name: str) -> str:
    """The page, or just its partial when htmx asks for that part (history restores get all)."""
    if request.htmx and not request.htmx.history_restore_request and request.htmx.target == name:
        return f"{page}#{name}"
    return page


@require_GET
@vary_on_headers("HX-Request", "HX-Target")
@attendee_required
def agenda(request, viewer):
    template = _partial(request, "sessions_app/agenda.html", "agenda-list")
    slot = rendered.slot_for(request, viewer.upstream_user_id, template, zone=viewer.zone)
    with slot.rendering() as reused:  # one thread renders an expired page, the others take it
        if reused is not None:
            return reused
        query, now = parse_agenda_query(request.GET), upstream_now()
        agenda = selectors.agenda_for_viewer(viewer, query, now)
        context = {"agenda": agenda, "tabs": TABS, "format_choices": FORMAT_CHOICES}
        response = render(request, template, context)
        slot.keep(response, until=agenda.reusable_until)
        return response


@require_GET
@attendee_required
def agenda_status(request, viewer):
    ids = status_poll.poll_ids(request.GET.get("ids", ""))
    poll = status_poll.status_poll_for_viewer(viewer, ids, upstream_now())
    context = {"cards": poll.cards, "freshness": poll.freshness, "notices": poll.notices}
    response = render(request, "sessions_app/status_poll.html", context)
    return revalidation.unless_unchanged(
        request,
        response,
        owner=f"{viewer.upstream_user_id}:{viewer.zone}",  # a switch of zone is news
        appends=bool(poll.notices.freed or poll.notices.starting),
    )


@require_GET
@frames_players
@attendee_required
def session_page(request, viewer, session_id):
    try:
        detail = selectors.session_for_viewer(viewer, session_id, upstream_now())
    except UpstreamNotFound as missing:
        raise Http404("No such session") from missing
    context = stream_context(detail, now=upstream_now())
    # Always the whole page: session.html has no player-slot partial, and a request naming it
    # (any client can send HX-Target) must not become a TemplateDoesNotExist 500.
    response = allow_captions(render(request, "sessions_app/session.html", context), context)
    # Theirs: the page holds the player, whose answer may carry a playback token.
    return never_offline(response) if detail.card.registered else response


@require_GET
@attendee_required
def speaker_page(request, viewer, speaker_id):
    page = speaker_for_viewer(viewer, speaker_id, upstream_now())
    if page is None:
        raise Http404("No such speaker")
    return render(request, "sessions_app/speaker.html", {"page": page, "event": page.event})


@require_http_methods(["GET", "POST"])
@attendee_required
def time_zone(request, viewer):
    """The switch's answer (then back to the page it was on), or the page that lists every
    zone: without JavaScript the browser can't name its own, and a name it sent may be unknown."""
    back = zone_choice.page_to_return_to(request)
    if request.method == "GET":
        form = zone_choice.ZoneForm(initial={"zone": "viewer" if viewer.zone else "event"})
        return _zone_page(request, viewer, form, back)
    form = zone_choice.ZoneForm(request.POST)
    if not form.is_valid():  # an unknown zone name: said, and the list offered
        return _zone_page(request, viewer, form, back, status=400)
    if zone_choice.choose_zone(request, viewer, **form.choice()) is None:
        return _zone_page(request, viewer, form, back, asking=True)
    return redirect(back)


def _zone_page(request, viewer, form, back, *, status=200, asking=False):
    context = {
        "form": form,
        "back": back,
        "asking": asking,
        "event": selectors.event_for_viewer(viewer),  # its own zone, to name in the first choice
        "zones": zone_choice.zone_names(),
        "own_zone": viewer.zone or zone_choice.saved_own_zone(viewer.attendee_id),
    }
    # htmx swaps only a 2xx: the refusal is shown in place, its address the list's page.
    status = 200 if request.htmx else status
    response = render(request, "sessions_app/time_zone.html", context, status=status)
    if request.htmx:
        response["HX-Push-Url"] = request.path
    return response
