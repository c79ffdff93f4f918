"""Attendee pages are for a signed-in attendee whose upstream token the session holds: anyone
else is sent to sign in, and a session id no upstream could hold is a 404, not a 500."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django_htmx.middleware import HtmxDetails

from sessions_app.identity import remember_upstream_token
from sessions_app.ops.decorators import MAX_SESSION_ID, attendee_required
from tests.admin_records import make_attendee

pytestmark = pytest.mark.django_db


@attendee_required
def page(request, viewer, session_id=0):
    return HttpResponse(f"{viewer.upstream_user_id}:{viewer.attendee_id}:{session_id}")


def request_for(user, path="/sessions/1/"):
    request = RequestFactory().get(path)
    request.session = SessionStore()
    request.user = user
    request.htmx = HtmxDetails(request)  # as django-htmx's middleware sets it
    return request


def test_a_signed_in_attendee_gets_the_page_with_who_they_are():
    attendee = make_attendee(upstream_user_id=4401)
    request = request_for(attendee.user)
    remember_upstream_token(request, token="t", user_id=4401, attendee_id=attendee.pk)
    assert page(request, session_id=7).content.decode() == f"4401:{attendee.pk}:7"


def test_anyone_else_is_sent_to_sign_in():
    response = page(request_for(AnonymousUser()), session_id=7)
    assert response.status_code in (302, 303)
    assert "/sign-in/" in response["Location"]


def test_a_session_id_no_upstream_could_hold_is_a_404():
    attendee = make_attendee(upstream_user_id=4402)
    request = request_for(attendee.user)
    remember_upstream_token(request, token="t", user_id=4402, attendee_id=attendee.pk)
    assert page(request, session_id=MAX_SESSION_ID).status_code == 200
    with pytest.raises(Http404):
        page(request, session_id=MAX_SESSION_ID + 1)
