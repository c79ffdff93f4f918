"""n+1 guards: every admin list (and the attendee page with its inlines) costs the same number
of queries with 1 row as with 50."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.admin_records import (
    make_attempt,
    make_attendee,
    make_registration,
    make_session,
    organizer_client,
)

pytestmark = pytest.mark.django_db

A = "/admin/sessions_app"
OUTCOMES = ["joined", "capacity_full", "ticket_type", "session_limit", "expired"]


def grow_to(rows: int, people: list, sessions: list) -> None:
    """`rows` attendees, sessions, registrations and attempts (one attendee holds them all)."""
    while len(sessions) < rows:
        sessions.append(make_session(1000 + len(sessions), track=f"Track {len(sessions) % 3}"))
        people.append(make_attendee())
        holder, session = people[0], sessions[-1]
        make_registration(holder, session)
        make_attempt(holder, session, OUTCOMES[len(sessions) % len(OUTCOMES)])
        if len(people) > 1:
            make_registration(people[-1], sessions[0])


def read(response) -> bytes:
    if not response.streaming:
        return response.content
    return b"".join(response.streaming_content)  # read to the end, an XLSX file is closed


PAGES = {
    "registrations": f"{A}/registration/",
    "registrations filtered": f"{A}/registration/?status__exact=registered&track=Track+0&q=e",
    "join attempts": f"{A}/joinattempt/",
    "join attempts by outcome": f"{A}/joinattempt/?outcome__exact=capacity_full&day=2026-05-12",
    "attendees": f"{A}/attendee/",
    "session summary": f"{A}/sessionsnapshot/",
    "session summary sorted": f"{A}/sessionsnapshot/?o=-5",
    "export registrations": f"{A}/registration/export/",
    "export join attempts": f"{A}/joinattempt/export/",
    "export registrations as xlsx": f"{A}/registration/export.xlsx",
    "join attempts blocked before the call": f"{A}/joinattempt/?kind__exact=blocked&refused=yes",
    "event overview": "/admin/?day=2026-05-12",
    "session page": f"{A}/sessionsnapshot/1000/change/",
}


@pytest.mark.parametrize("page", PAGES)
def test_queries_do_not_grow_with_rows(page, django_assert_num_queries):
    client, people, sessions = organizer_client(), [], []
    url = PAGES[page]
    grow_to(1, people, sessions)
    read(client.get(url))  # warm: session, permissions and content types cached per client
    with CaptureQueriesContext(connection) as one:
        response = client.get(url)
        read(response)
    assert response.status_code == 200
    grow_to(50, people, sessions)
    with django_assert_num_queries(len(one)):
        response = client.get(url)
        read(response)


def test_attendee_page_with_inlines_has_fixed_queries(django_assert_num_queries):
    client, people, sessions = organizer_client(), [], []
    grow_to(1, people, sessions)
    url = f"{A}/attendee/{people[0].pk}/change/"
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    grow_to(50, people, sessions)
    with django_assert_num_queries(len(one)):
        page = client.get(url).content.decode()
    assert page.count("Session 10") >= 50
