"""The signed-in attendee as the portal's code sees it: only the session of the Django user it
was stored for names an upstream account, and the upstream token is in no repr."""

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory

from sessions_app.identity import (
    Viewer,
    remember_upstream_token,
    token_refused_at_sign_in,
    viewer_from_request,
)
from tests.admin_records import make_attendee

pytestmark = pytest.mark.django_db


def request_for(user):
    request = RequestFactory().get("/")
    request.session = SessionStore()
    request.user = user
    return request


@pytest.fixture
def attendee():
    return make_attendee(upstream_user_id=4401, id=424242)  # its pk is not its user's


def test_a_signed_in_attendee_is_their_upstream_account(attendee):
    request = request_for(attendee.user)
    remember_upstream_token(request, token="tok-1", user_id=4401, attendee_id=attendee.pk)
    assert viewer_from_request(request) == Viewer(4401, attendee.pk, "tok-1")


def test_without_the_bound_ids_the_attendee_row_is_read(attendee):
    request = request_for(attendee.user)
    remember_upstream_token(request, token="tok-1", user_id=4401)
    assert viewer_from_request(request) == Viewer(4401, attendee.pk, "tok-1")


def test_a_token_for_another_upstream_account_names_nobody(attendee):
    request = request_for(attendee.user)
    remember_upstream_token(request, token="tok-2", user_id=9999)
    assert viewer_from_request(request) is None
    request.session["upstream"]["bound"] = [attendee.user.pk, attendee.pk, 4401]
    assert viewer_from_request(request) is None  # ids bound at sign-in for another account


def test_ids_bound_for_another_django_user_are_checked_against_the_attendee_row(attendee):
    other = User.objects.create_user("victor")
    request = request_for(other)  # a session whose bound ids name `other`, now read for tessa
    remember_upstream_token(request, token="tok-1", user_id=4401, attendee_id=attendee.pk)
    request.user = attendee.user
    assert viewer_from_request(request) == Viewer(4401, attendee.pk, "tok-1")


def test_a_user_who_is_no_attendee_is_nobody_whatever_the_session_says(attendee):
    request = request_for(attendee.user)
    remember_upstream_token(request, token="tok-1", user_id=4401, attendee_id=attendee.pk)
    request.user = User.objects.create_user("victor")
    assert viewer_from_request(request) is None


def test_nobody_is_signed_in_without_a_user_or_a_token(attendee):
    anonymous = request_for(AnonymousUser())
    anonymous.session["upstream"] = {"token": "t", "user_id": 4401, "bound": None}
    assert viewer_from_request(anonymous) is None
    anonymous.session["upstream"]["bound"] = [None, attendee.pk, 4401]  # an anonymous pk is None
    assert viewer_from_request(anonymous) is None
    assert viewer_from_request(request_for(attendee.user)) is None


def test_a_refusal_at_sign_in_is_remembered(attendee):
    request = request_for(attendee.user)
    assert not token_refused_at_sign_in(request)
    remember_upstream_token(request, token="t", user_id=4401, refused_at_sign_in=True)
    assert token_refused_at_sign_in(request)


def test_the_token_is_in_no_repr():
    assert "tok-secret" not in repr(Viewer(1, 2, "tok-secret"))
