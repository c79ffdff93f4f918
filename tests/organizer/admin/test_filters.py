"""The admin's session-attribute filters (session, format, track, day in the event's zone,
ticket type admitted) and "refused": each narrows a list to the rows whose session matches."""

import pytest

from tests.admin_records import make_attendee, make_registration, make_session, organizer_client

pytestmark = pytest.mark.django_db

A = "/admin/sessions_app"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
