"""The session page's refusals by reason: every reason in its fixed order, split into clicks the
platform refused and clicks the portal blocked before the call, counting this session's
refusals only, each count a link to exactly those attempts."""

import pytest

from sessions_app.organizer.admin.session_detail import refusal_rows, refusal_table
from tests.admin_records import make_attempt, make_attendee, make_session, organizer_client

pytestmark = pytest.mark.django_db

A = "/admin/sessions_app"


@pytest.fixture
def attempts():
    """On session 1: two full asked, one full blocked, one limit blocked, one joined, one not
    sent; on session 2: a full refusal that session 1 must not count."""
    session, other = make_session(1, title="Full House"), make_session(2, title="Other")
    people = [make_attendee() for _ in range(4)]
    make_attempt(people[0], session, "capacity_full")
    make_attempt(people[1], session, "capacity_full")
    make_attempt(people[2], session, "capacity_full", kind="blocked", http_status=None)
    make_attempt(people[3], session, "session_limit", kind="blocked", http_status=None)
    make_attempt(people[3], session, "joined")
    make_attempt(people[2], session, "not_sent", http_status=None)
    make_attempt(people[0], other, "capacity_full")
    return session


def test_every_reason_is_listed_in_order_with_its_asked_and_blocked_counts(attempts):
    rows = refusal_rows(attempts.id)
    assert [(r["label"], r["asked"], r["blocked"], r["total"]) for r in rows] == [
        ("Full", 2, 1, 3),
        ("Ticket type", 0, 0, 0),
        ("Session limit", 0, 1, 1),
        ("No event ticket", 0, 0, 0),
        ("Not live", 0, 0, 0),
        ("Not found", 0, 0, 0),
        ("Other", 0, 0, 0),
    ]


def test_each_count_links_to_exactly_those_attempts(attempts):
    client = organizer_client()
    full = refusal_rows(attempts.id)[0]

    def listed(url):
        found = client.get(url).context["cl"].result_list
        return [(a.session_id, a.outcome, a.kind) for a in found]

    assert listed(full["asked_url"]) == [(1, "capacity_full", "call")] * 2
    assert listed(full["blocked_url"]) == [(1, "capacity_full", "blocked")]
    assert sorted(listed(full["url"])) == sorted(
        [(1, "capacity_full", "call")] * 2 + [(1, "capacity_full", "blocked")]
    )


def test_the_table_links_only_counts_above_zero(attempts):
    html = refusal_table(attempts.id)
    assert "Join attempts refused, by reason" in html
    full = f"{A}/joinattempt/?session=1&amp;outcome__exact=capacity_full"
    assert f'<a href="{full}&amp;kind__exact=call">2</a>' in html
    assert f'<a href="{full}">3</a>' in html
    assert "outcome__exact=ticket_type" not in html
