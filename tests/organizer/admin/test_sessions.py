"""The per-session summary in the admin (fill, seats left, refusals, watchers: counted, linked
to their lists, sortable) and the session's own page with its refusals by reason."""

import re
from datetime import timedelta

import pytest

from sessions_app.models import Favourite, SeatWatch
from tests.admin_records import (
    make_attempt,
    make_attendee,
    make_registration,
    make_session,
    organizer_client,
)

pytestmark = pytest.mark.django_db

A = "/admin/sessions_app"


def test_session_summary_counts_links_and_sorting():
    full = make_session(1, title="Full House", capacity=3)
    open_lab = make_session(2, title="Open Lab", capacity=0)
    people = [make_attendee(f"p{i}@example.com") for i in range(4)]
    early, late = full.start.replace(hour=9), full.start.replace(hour=11)
    make_registration(people[0], full, registered_at=early)
    make_registration(people[1], full, registered_at=late)
    make_registration(people[2], full, status="unregistered", registered_at=late)
    for person in people[:3]:
        make_attempt(person, full, "capacity_full")
    make_attempt(people[3], full, "ticket_type", kind="blocked")
    make_attempt(people[3], full, "joined")
    make_attempt(people[3], open_lab, "session_limit")
    SeatWatch.objects.create(
        attendee=people[3], session_id=full.id, session_title=full.title, session_end=full.end
    )
    client = organizer_client()
    response = client.get(f"{A}/sessionsnapshot/")
    rows = {s.title: s for s in response.context["cl"].result_list}
    row = rows["Full House"]
    assert (row.capacity, row.registered_count, row.seats_left) == (3, 2, 1)
    assert (row.refusal_count, row.blocked_count, row.watcher_count) == (4, 1, 1)
    assert rows["Open Lab"].seats_left is None and rows["Open Lab"].refusal_count == 1
    html = response.content.decode()
    assert "2 / 3 (67%)" in html and "1 registered (no limit)" not in html
    assert "0 registered (no limit)" in html
    assert f'href="{A}/joinattempt/?session=1&amp;refused=yes">4</a>' in html
    assert f'href="{A}/registration/?session=1&amp;status__exact=registered"' in html
    refused = client.get(f"{A}/joinattempt/", {"session": "1", "refused": "yes"})
    assert len(refused.context["cl"].result_list) == 4
    # The session's own page: the detail by reason, split by whether the platform was asked.
    page = client.get(f"{A}/sessionsnapshot/1/change/").content.decode()
    assert "Asked the platform" in page and "Blocked before the call" in page
    assert (
        f'href="{A}/joinattempt/?session=1&amp;outcome__exact=ticket_type&amp;kind__exact=blocked">1</a>'
        in page
    )
    assert (
        f'href="{A}/joinattempt/?session=1&amp;outcome__exact=capacity_full&amp;kind__exact=call">3</a>'
        in page
    )
    # Sortable: the columns are annotations, ordered in SQL.
    columns = [getattr(c, "__name__", c) for c in response.context["cl"].list_display]

    def titles_sorted_by(column, descending=False):
        order = f"{'-' if descending else ''}{columns.index(column)}"
        found = client.get(f"{A}/sessionsnapshot/", {"o": order}).context["cl"].result_list
        return [s.title for s in found]

    assert titles_sorted_by("refusals", descending=True) == ["Full House", "Open Lab"]
    assert titles_sorted_by("watchers") == ["Open Lab", "Full House"]
    assert titles_sorted_by("fill", descending=True)[0] == "Full House"


def test_a_full_session_is_labelled_full_and_its_times_carry_the_zone(settings):
    settings.ACCELEVENTS_EVENT_TIMEZONE = "America/New_York"
    full = make_session(1, title="Full House", capacity=1)
    make_registration(make_attendee(), full)
    html = organizer_client().get(f"{A}/sessionsnapshot/").content.decode()
    assert "1 / 1 (100%)" in html and ">Full</strong>" in html
    # 14:00 UTC on 12 May is 10:00 in New York (EDT), said with the zone.
    assert "Tue 12 May 2026, 10:00 EDT" in html
    assert "Times in <strong>America/New_York</strong>" in html


def summary_rows(client) -> dict:
    return {s.title: s for s in client.get(f"{A}/sessionsnapshot/").context["cl"].result_list}


def test_seats_left_and_fill_take_the_larger_of_the_portals_and_the_upstreams_counts():
    hub = make_session(1, title="Hub Heavy", capacity=5, upstream_registered_count=4)
    local = make_session(2, title="Portal Heavy", capacity=5, upstream_registered_count=1)
    people = [make_attendee() for _ in range(3)]
    make_registration(people[0], hub)
    for person in people:
        make_registration(person, local)
    rows = summary_rows(organizer_client())
    assert (rows["Hub Heavy"].filled_count, rows["Hub Heavy"].seats_left) == (4, 1)
    assert (rows["Portal Heavy"].filled_count, rows["Portal Heavy"].seats_left) == (3, 2)


def test_seats_left_never_goes_below_zero_when_the_upstream_overbooks():
    make_session(1, title="Overbooked", capacity=2, upstream_registered_count=3)
    row = summary_rows(organizer_client())["Overbooked"]
    assert row.seats_left == 0 and row.filled_count == 3


def test_the_session_page_shows_its_first_and_latest_registration():
    session = make_session(1, title="Keynote", ticket_type_ids=[])
    early, later = session.start - timedelta(hours=3), session.start - timedelta(hours=2)
    rejoined = session.start - timedelta(minutes=10)
    first, second = make_attendee(), make_attendee()
    make_registration(first, session, registered_at=early, last_registered_at=rejoined)
    make_registration(second, session, registered_at=later)
    make_registration(second, make_session(2, title="Elsewhere"), registered_at=session.start)
    response = organizer_client().get(f"{A}/sessionsnapshot/1/change/")
    shown = response.context["original"]
    assert (shown.first_registered_at, shown.last_registered_at) == (early, rejoined)
    html = response.content.decode()
    assert "Every ticket type" in html and "unlimited" in html


def test_the_session_page_names_the_ticket_types_it_admits(settings):
    settings.PORTAL_TICKET_TYPE_NAMES = {"10798": "VIP"}
    make_session(1, ticket_type_ids=[10798, 10799], capacity=40)
    html = organizer_client().get(f"{A}/sessionsnapshot/1/change/").content.decode()
    assert "VIP, Ticket type 10799" in html and "Every ticket type" not in html


def star(attendee, session):
    return Favourite.objects.create(
        attendee=attendee,
        session_id=session.id,
        session_title=session.title,
        session_start=session.start,
        session_end=session.end,
    )


def test_interest_shows_local_stars_beside_registrations_and_the_platforms_count():
    starred = make_session(1, title="Starred Talk", upstream_interested_count=7)
    quiet = make_session(2, title="Quiet Talk")  # the platform gave no interested count
    people = [make_attendee(f"s{i}@example.com") for i in range(3)]
    for person in people:
        star(person, starred)
    make_registration(people[0], starred)
    client = organizer_client()
    response = client.get(f"{A}/sessionsnapshot/", {"o": "-5"})  # by stars, most first
    rows = response.context["cl"].result_list
    assert [(s.title, s.star_count) for s in rows] == [("Starred Talk", 3), ("Quiet Talk", 0)]
    html = response.content.decode()
    assert ">Stars</a>" in html and ">Interested (platform)</a>" in html  # both sort
    quiet_row = html[html.index("Quiet Talk") :]
    assert '<td class="field-platform_interest">—</td>' in quiet_row
    starred_row = html[html.index("Starred Talk") : html.index("Quiet Talk")]
    assert '<td class="field-stars">3</td>' in starred_row
    assert '<td class="field-platform_interest">7</td>' in starred_row
    page = client.get(f"{A}/sessionsnapshot/{quiet.id}/change/").content.decode()
    assert re.search(r"Interested \(platform\):</label>\s*<div[^>]*>—</div>", page)
