"""Organizer review in Django admin: who may see what, and that nothing there can write."""

import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from sessions_app.management.commands.seed_organizer import (
    ORGANIZER_PASSWORD,
    ORGANIZER_USERNAME,
    create_demo_organizer,
)
from sessions_app.models import Attendee, JoinAttempt, Registration, SeatWatch, SessionSnapshot
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


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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


def test_the_demo_organizer_is_staff_not_superuser_and_signs_in_with_the_password(client):
    user = create_demo_organizer()
    assert user.is_staff and not user.is_superuser
    assert {p.split(".")[1] for p in user.get_all_permissions()} == {
        "view_attendee",
        "view_registration",
        "view_joinattempt",
        "view_sessionsnapshot",
        "export_registration",
        "export_joinattempt",
    }
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": ORGANIZER_USERNAME, "password": ORGANIZER_PASSWORD},
    )
    assert response.status_code == 302 and response["Location"] == "/admin/"


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


def test_seed_organizer_makes_the_demo_account_only_with_debug_on(settings):
    settings.DEBUG = False
    call_command("seed_organizer", stdout=io.StringIO())
    assert Group.objects.get(name="Organizers").permissions.count() == 6
    assert not get_user_model().objects.filter(username=ORGANIZER_USERNAME).exists()
    settings.DEBUG = True
    call_command("seed_organizer", stdout=io.StringIO())
    call_command("seed_organizer", stdout=io.StringIO())  # idempotent
    user = get_user_model().objects.get(username=ORGANIZER_USERNAME)
    assert user.check_password(ORGANIZER_PASSWORD) and user.groups.get().name == "Organizers"
