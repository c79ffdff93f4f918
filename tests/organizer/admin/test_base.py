"""Organizer review in Django admin: who may see what, and that nothing there can write."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import Permission

from sessions_app.models import Attendee, JoinAttempt, Registration, SessionSnapshot
from tests.admin_records import (
    admin_client,
    make_attempt,
    make_attendee,
    make_registration,
    make_session,
    organizer_client,
    superuser_client,
)
from tests.portal_helpers import sign_in

pytestmark = pytest.mark.django_db

A = "/admin/sessions_app"
LISTS = [f"{A}/registration/", f"{A}/joinattempt/", f"{A}/attendee/", f"{A}/sessionsnapshot/"]
EXPORTS = [
    f"{A}/registration/export/",
    f"{A}/joinattempt/export/",
    f"{A}/registration/export.xlsx",
    f"{A}/joinattempt/export.xlsx",
]


@pytest.fixture
def records():
    session = make_session(11592, title="Opening Keynote", capacity=3)
    gina = make_attendee("gina@example.com", first_name="Gina", last_name="Garcia")
    reg = make_registration(gina, session)
    attempt = make_attempt(gina, session, "joined")
    return {"session": session, "attendee": gina, "registration": reg, "attempt": attempt}


def change_urls(records):
    return [
        f"{A}/registration/{records['registration'].pk}/change/",
        f"{A}/joinattempt/{records['attempt'].pk}/change/",
        f"{A}/attendee/{records['attendee'].pk}/change/",
        f"{A}/sessionsnapshot/{records['session'].pk}/change/",
    ]


def status_of(client, path) -> int:
    """The status of a GET, its body read (an XLSX export is a file the reading closes)."""
    response = client.get(path)
    if response.streaming:
        b"".join(response.streaming_content)
    return response.status_code


def assert_login_page(response, path):
    assert response.status_code == 302
    assert response["Location"].startswith(f"/admin/login/?next={path}")


# --- who gets in -----------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_admin_login(client, records):
    for path in ["/admin/", *LISTS, *EXPORTS]:
        assert_login_page(client.get(path), path)


def test_a_signed_in_attendee_never_reaches_the_admin(client, sandbox, records):
    sign_in(client, "general")
    user = Attendee.objects.exclude(pk=records["attendee"].pk).get().user
    assert not user.is_staff and not user.is_superuser
    assert authenticate(username=user.username, password="") is None
    assert user.get_all_permissions() == set()
    for path in ["/admin/", *LISTS, *EXPORTS, *change_urls(records)]:
        assert_login_page(client.get(path), path)
    # Nor can they sign in there: the account has no password the admin would accept.
    page = client.post("/admin/login/", {"username": user.username, "password": ""})
    assert page.status_code == 200 and b"errornote" in page.content


def test_staff_outside_the_organizers_group_sees_nothing(records):
    user = get_user_model().objects.create_user("helper", password="Helper-2026!x", is_staff=True)
    client = admin_client(user)
    index = client.get("/admin/")
    assert index.status_code == 200
    assert "overview" not in index.context and "Fill per session" not in index.content.decode()
    assert client.get(f"{A}/sessionsnapshot/reconcile/").status_code == 403
    for path in [*LISTS, *EXPORTS]:
        assert client.get(path).status_code == 403, path


def test_organizers_can_view_every_list_and_page_and_export(records):
    client = organizer_client()
    for path in [*LISTS, *change_urls(records)]:
        assert client.get(path).status_code == 200, path
    for path in EXPORTS:
        assert status_of(client, path) == 200, path
    overview = client.get("/admin/")
    assert overview.status_code == 200 and "Fill per session" in overview.content.decode()
    # Django's own users and groups, and the task queue, stay out of reach.
    assert client.get("/admin/django_tasks_database/dbtaskresult/").status_code == 403
    assert client.get("/admin/auth/user/").status_code == 403
    assert client.get(f"{A}/sessionsnapshot/reconcile/").status_code == 403
    assert client.post(f"{A}/sessionsnapshot/reconcile/").status_code == 403


def test_organizers_cannot_add_change_or_delete(records):
    client = organizer_client()
    assert_read_only(client, records)


def test_superusers_cannot_desynchronise_the_portal_either(records):
    client = superuser_client()
    assert_read_only(client, records)
    # View-only pages: no inputs to edit, no delete link, no bulk delete action.
    page = client.get(change_urls(records)[0]).content.decode()
    assert 'name="status"' not in page and "deletelink" not in page
    assert "delete_selected" not in client.get(LISTS[0]).content.decode()


def assert_read_only(client, records):
    for model in ["registration", "joinattempt", "attendee", "sessionsnapshot"]:
        assert client.get(f"{A}/{model}/add/").status_code == 403, model
    for url in change_urls(records):
        assert (
            client.post(url, {"status": "unregistered", "email": "x@example.com"}).status_code
            == 403
        )
        assert client.post(url.replace("change", "delete"), {"post": "yes"}).status_code == 403
    registration = Registration.objects.get()
    assert registration.status == "registered"
    assert Attendee.objects.get().email == "gina@example.com"
    assert JoinAttempt.objects.count() == 1 and SessionSnapshot.objects.count() == 1


def test_export_needs_its_own_permission(records):
    user = get_user_model().objects.create_user("viewer", password="Viewer-2026!x", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(codename__in=["view_registration", "view_joinattempt"])
    )
    client = admin_client(user)
    assert client.get(LISTS[0]).status_code == 200
    assert "Export CSV" not in client.get(LISTS[0]).content.decode()
    for path in EXPORTS:
        assert client.get(path).status_code == 403
    assert "Export CSV" in organizer_client().get(LISTS[0]).content.decode()


# --- what the pages show -------------------------------------------------------------------


def test_refused_because_full_is_one_filter_on_join_attempts():
    session = make_session(1, title="Full House", capacity=3)
    other = make_session(2, title="Open Lab")
    fiona, gina = make_attendee("fiona@example.com"), make_attendee("gina@example.com")
    make_attempt(fiona, session, "joined")
    make_attempt(gina, session, "capacity_full", error_code="4060610")
    make_attempt(gina, other, "session_limit")
    response = organizer_client().get(f"{A}/joinattempt/", {"outcome__exact": "capacity_full"})
    rows = response.context["cl"].result_list
    assert [(a.attendee.email, a.session_title) for a in rows] == [
        ("gina@example.com", "Full House")
    ]
    html = response.content.decode()
    assert "Capacity full" in html and "4060610" in html


def test_the_attendee_page_lists_registrations_and_attempts_newest_first(records):
    gina, first = records["attendee"], records["session"]
    second = make_session(2, title="Second Session")
    make_registration(gina, second, registered_at=first.start)
    make_attempt(gina, second, "capacity_full", created_at=first.start + first.start.resolution)
    page = organizer_client().get(f"{A}/attendee/{gina.pk}/change/").content.decode()
    assert page.index("Second Session") < page.index("Opening Keynote")
    registrations = page[page.index("registrations-group") : page.index("attempts-group")]
    assert registrations.index("Second Session") < registrations.index("Opening Keynote")


def test_a_busy_attendees_page_shows_their_newest_attempts_and_links_to_all(records):
    gina, session, latest = records["attendee"], records["session"], records["attempt"]
    clicks = [
        make_attempt(
            gina, session, "capacity_full", created_at=latest.created_at + timedelta(minutes=m)
        )
        for m in range(1, 60)
    ]
    page = organizer_client().get(f"{A}/attendee/{gina.pk}/change/").content.decode()
    attempts = page[page.index("attempts-group") :]
    assert len(re.findall(r'<tr class="form-row[^"]*"\s+id="attempts-\d+"', attempts)) == 50
    assert "join attempts (newest 50)" in page.lower()
    shown = {c.request_id for c in clicks if c.request_id in attempts}
    assert shown == {c.request_id for c in clicks[-50:]}
    assert f'href="{A}/joinattempt/?attendee__exact={gina.pk}">60</a>' in page


def test_attendee_list_counts_link_to_their_filtered_lists(records):
    gina = records["attendee"]
    other = make_attendee("other@example.com")
    make_registration(other, records["session"])
    client = organizer_client()
    html = client.get(f"{A}/attendee/").content.decode()
    registrations = f"{A}/registration/?attendee__exact={gina.pk}&amp;status__exact=registered"
    attempts = f"{A}/joinattempt/?attendee__exact={gina.pk}"
    assert f'href="{registrations}"' in html and f'href="{attempts}"' in html
    listed = client.get(registrations.replace("&amp;", "&"))
    assert [r.attendee_id for r in listed.context["cl"].result_list] == [gina.pk]
    listed = client.get(attempts)
    assert [a.attendee_id for a in listed.context["cl"].result_list] == [gina.pk]
