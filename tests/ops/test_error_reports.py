"""A 500 report (Django's debug page with DEBUG on, and what an error reporter captures in
production) of a signed-in attendee's request shows no upstream token, password or API key:
not in the request, not in the settings, not in any frame's local variables."""

import sys

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.base import SessionBase
from django.test import Client, RequestFactory
from django.views.debug import ExceptionReporter

from sandbox.demo import ACCOUNTS
from sessions_app.identity import SESSION_KEY, Viewer, viewer_from_request
from sessions_app.upstream.contract import Contract
from sessions_app.upstream.domain import SignIn, Stream
from sessions_app.upstream.probe.state import ProbeState

pytestmark = pytest.mark.django_db

VICTOR = ACCOUNTS["vip"]


def signed_in_session(client: Client) -> SessionBase:
    form = {"email": VICTOR["email"], "password": VICTOR["password"]}
    assert client.post("/sign-in/", form).status_code == 302
    return client.session


def crash_with_secrets_in_hand(request):
    """What a view deep in a page holds when something breaks: the viewer, the session's data,
    a sign-in answer, headers for the upstream."""
    viewer = viewer_from_request(request)
    data = request.session.get(SESSION_KEY)
    answer = SignIn(token=data["token"], expires_at=None, user_id=viewer.upstream_user_id, role="")
    outgoing = {"Authorization": viewer.token, "X-Request-ID": "r1"}
    assert viewer and answer and outgoing
    raise RuntimeError("something broke")


def report_of(request) -> tuple[str, str]:
    try:
        crash_with_secrets_in_hand(request)
    except RuntimeError:
        reporter = ExceptionReporter(request, *sys.exc_info())
        return reporter.get_traceback_html(), reporter.get_traceback_text()
    raise AssertionError("it did not crash")


@pytest.mark.parametrize("debug", [True, False])
def test_a_500_report_of_a_signed_in_request_shows_no_secret(debug, sandbox, settings):
    settings.DEBUG = debug
    session = signed_in_session(Client())
    token = session[SESSION_KEY]["token"]
    request = RequestFactory().post(
        "/sessions/1/join/", {"password": VICTOR["password"], "confirm": "overlap"}
    )
    request.session = session
    request.user = get_user_model().objects.get(pk=session["_auth_user_id"])

    html, text = report_of(request)

    assert "crash_with_secrets_in_hand" in text and "outgoing" in html, "frames and locals shown"
    for report in (html, text):
        assert token not in report
        assert VICTOR["password"] not in report
        assert settings.ACCELEVENTS_API_KEY not in report


def test_no_object_holding_a_secret_shows_it_in_its_repr():
    """A repr is what a log line with %r, a traceback or a debugger shows."""
    secret = "s3cret-t0ken-value"
    held = [
        Viewer(upstream_user_id=1, attendee_id=2, token=secret),
        SignIn(token=secret, expires_at=None, user_id=1, role=""),
        Stream(playback_token=secret),
        ProbeState(client=None, password=secret, user_key=secret, token=secret),
        Contract(base_url="https://api.example.com/rest", event_url="e", api_key=secret),
    ]
    for thing in held:
        assert secret not in repr(thing), type(thing).__name__
