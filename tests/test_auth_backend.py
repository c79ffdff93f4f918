"""A signed-in attendee's user row comes from the shared cache, and every change to it still
signs them out at once."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sessions_app.models import Attendee
from tests.admin_records import admin_client, create_demo_organizer
from tests.portal_helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def _user_queries(client, path="/my-sessions/"):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response, [q["sql"] for q in queries.captured_queries if '"auth_user"' in q["sql"]]


def _attendee_user(who_email):
    return Attendee.objects.get(email=who_email).user


def test_an_attendee_page_does_not_read_the_users_table_again(client, sandbox):
    sign_in(client, "general")
    client.get("/my-sessions/")
    response, queries = _user_queries(client)
    assert response.status_code == 200
    assert queries == []


@pytest.mark.parametrize("change", ["deactivate", "delete"])
def test_a_changed_attendee_user_is_signed_out_on_the_next_page(client, sandbox, change):
    sign_in(client, "general")
    assert client.get("/my-sessions/").status_code == 200
    user = get_user_model().objects.get(attendee__isnull=False)
    if change == "deactivate":
        user.is_active = False
        user.save()
    else:
        user.delete()
    response = client.get("/my-sessions/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_an_organizer_is_read_from_the_database_on_every_request():
    organizer = create_demo_organizer()
    client = admin_client(organizer)
    assert client.get("/admin/").status_code == 200
    # No signal is sent by a queryset update: only a fresh read sees it.
    get_user_model().objects.filter(pk=organizer.pk).update(is_active=False)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_row_read_while_the_change_was_uncommitted_does_not_outlive_the_commit(client, sandbox):
    from django.core.cache import cache
    from django.db import transaction

    from sessions_app.auth_backend import USER_CACHE_SECONDS, _key

    sign_in(client, "general")
    assert client.get("/my-sessions/").status_code == 200
    user = get_user_model().objects.get(attendee__isnull=False)
    before = get_user_model().objects.get(pk=user.pk)
    with transaction.atomic():
        user.is_active = False
        user.save()
        # Another page, on another connection, still reads the committed (active) row now.
        cache.set(_key(user.pk), before, USER_CACHE_SECONDS)
    response = client.get("/my-sessions/")
    assert response.status_code == 302
