"""The admin's session-attribute filters (session, format, track, day in the event's zone,
ticket type admitted) and "refused": each narrows a list to the rows whose session matches."""

from datetime import UTC, datetime

import pytest

from tests.admin_records import (
    make_attempt,
    make_attendee,
    make_registration,
    make_session,
    organizer_client,
)

pytestmark = pytest.mark.django_db

A = "/admin/sessions_app"


def test_registration_filters_and_search():
    keynote = make_session(1, title="Keynote", format="MAIN_STAGE", track="Product")
    workshop = make_session(
        2,
        title="Workshop",
        format="WORKSHOP",
        track="Engineering, Operations",
        ticket_type_ids=[10798],
        start=keynote.start.replace(day=13),
    )
    gina, victor = (
        make_attendee("gina@example.com", first_name="Gina"),
        make_attendee("victor@example.com"),
    )
    make_registration(gina, keynote)
    make_registration(victor, keynote, status="unregistered")
    make_registration(victor, workshop, ticket_id=57941)
    client = organizer_client()

    def emails_and_titles(query):
        response = client.get(f"{A}/registration/", query)
        assert response.status_code == 200, query
        return sorted(
            (r.attendee.email, r.session_title) for r in response.context["cl"].result_list
        )

    keynote_rows = [("gina@example.com", "Keynote"), ("victor@example.com", "Keynote")]
    workshop_rows = [("victor@example.com", "Workshop")]
    assert emails_and_titles({"session": "1"}) == keynote_rows
    assert emails_and_titles({"status__exact": "unregistered"}) == [keynote_rows[1]]
    assert emails_and_titles({"format": "WORKSHOP"}) == workshop_rows
    assert emails_and_titles({"track": "Operations"}) == workshop_rows
    assert emails_and_titles({"day": "2026-05-12"}) == keynote_rows
    assert emails_and_titles({"ticket_type": "10798"}) == workshop_rows
    assert emails_and_titles({"ticket_type": "any"}) == keynote_rows
    assert emails_and_titles({"q": "gina"}) == [keynote_rows[0]]
    assert emails_and_titles({"q": "workshop"}) == workshop_rows
    assert emails_and_titles({"registered_at__year": "2026"}) == sorted(
        keynote_rows + workshop_rows
    )


def choices(response, parameter: str) -> list[tuple[str, str]]:
    """The (value, label) pairs a list's filter offers, "All" left out."""
    spec = next(
        s
        for s in response.context["cl"].filter_specs
        if getattr(s, "parameter_name", None) == parameter
    )
    return list(spec.lookup_choices)


def test_an_evening_session_is_on_its_own_day_in_the_event_zone(settings):
    settings.ACCELEVENTS_EVENT_TIMEZONE = "America/New_York"
    # 23:30 EDT on Tuesday 12 May is 03:30 UTC on the 13th.
    late = make_session(1, title="Late Show", start=datetime(2026, 5, 13, 3, 30, tzinfo=UTC))
    make_session(2, title="Morning", start=datetime(2026, 5, 13, 14, 0, tzinfo=UTC))
    make_registration(make_attendee(), late)
    client = organizer_client()
    response = client.get(f"{A}/registration/")
    assert choices(response, "day") == [
        ("2026-05-12", "Tue 12 May 2026"),
        ("2026-05-13", "Wed 13 May 2026"),
    ]
    on_tuesday = client.get(f"{A}/registration/", {"day": "2026-05-12"})
    assert [r.session_title for r in on_tuesday.context["cl"].result_list] == ["Late Show"]
    on_wednesday = client.get(f"{A}/registration/", {"day": "2026-05-13"})
    assert list(on_wednesday.context["cl"].result_list) == []


def test_the_session_filter_lists_sessions_in_time_order_with_their_local_start(settings):
    settings.ACCELEVENTS_EVENT_TIMEZONE = "America/New_York"
    make_session(7, title="Afternoon", start=datetime(2026, 5, 12, 18, 0, tzinfo=UTC))
    make_session(3, title="Breakfast", start=datetime(2026, 5, 12, 12, 0, tzinfo=UTC))
    response = organizer_client().get(f"{A}/registration/")
    assert choices(response, "session") == [
        ("3", "Breakfast (Tue 12 May, 08:00)"),
        ("7", "Afternoon (Tue 12 May, 14:00)"),
    ]


def test_format_and_track_offer_only_what_the_sessions_have():
    make_session(1, format="WORKSHOP", track="Engineering, Operations")
    make_session(2, format="MAIN_STAGE", track="Product")
    response = organizer_client().get(f"{A}/registration/")
    assert choices(response, "format") == [("MAIN_STAGE", "Main stage"), ("WORKSHOP", "Workshop")]
    assert choices(response, "track") == [
        ("Engineering", "Engineering"),
        ("Operations", "Operations"),
        ("Product", "Product"),
    ]


def test_ticket_types_are_named_by_the_organizers_setting(settings):
    settings.PORTAL_TICKET_TYPE_NAMES = {"10798": "VIP"}
    make_session(1, ticket_type_ids=[10799, 10798])
    response = organizer_client().get(f"{A}/registration/")
    assert choices(response, "ticket_type") == [
        ("any", "Every ticket type"),
        ("10798", "VIP"),
        ("10799", "Ticket type 10799"),
    ]


def test_refused_lists_every_refusal_and_no_other_click():
    session = make_session(1)
    people = [make_attendee() for _ in range(5)]
    outcomes = ["joined", "capacity_full", "expired", "upstream_unavailable", "refused_other"]
    for person, outcome in zip(people, outcomes, strict=True):
        make_attempt(person, session, outcome)
    make_attempt(people[0], session, "ticket_type", kind="blocked", http_status=None)
    response = organizer_client().get(f"{A}/joinattempt/", {"refused": "yes"})
    listed = sorted(a.outcome for a in response.context["cl"].result_list)
    assert listed == ["capacity_full", "expired", "refused_other", "ticket_type"]
