"""Joining from a card: success lands on the stream; every refusal is explained in place."""

import threading

import pytest
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sessions_app.models import JoinAttempt, Registration
from tests.portal_helpers import KEEP_BOTH, find_session, live_sessions, sign_in, upstream_sessions

pytestmark = pytest.mark.django_db(transaction=True)

HX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/"}


def open_live_session(sandbox, who="general"):
    return find_session(
        live_sessions(upstream_sessions(sandbox, who)),
        lambda s: not s.is_full and not s.allowed_ticket_type_ids and s.capacity == 0,
        "open live session without capacity or ticket restrictions",
    )


def test_join_with_htmx_redirects_to_the_stream_page(client, sandbox):
    sign_in(client, "vip")
    session = open_live_session(sandbox, "vip")
    response = client.post(f"/sessions/{session.id}/join/", KEEP_BOTH, **HX)
    assert response.status_code == 200
    assert response["HX-Redirect"] == f"/sessions/{session.id}/"
    stream = client.get(f"/sessions/{session.id}/").content.decode()
    assert "not registered" not in stream
    assert Registration.objects.get(session_id=session.id).status == "registered"
    assert JoinAttempt.objects.get(session_id=session.id).outcome == "joined"


def test_join_without_javascript_redirects_to_the_stream_page(client, sandbox):
    sign_in(client, "vip")
    session = open_live_session(sandbox, "vip")
    response = client.post(f"/sessions/{session.id}/join/", KEEP_BOTH)
    assert (response.status_code, response["Location"]) == (302, f"/sessions/{session.id}/")


def test_join_invalidates_the_cached_agenda_at_once(client, sandbox):
    sign_in(client, "vip")
    session = open_live_session(sandbox, "vip")
    before = client.get("/", {"format": "all", "tab": "live"}).content.decode()
    assert f'hx-post="/sessions/{session.id}/join/"' in before
    client.post(f"/sessions/{session.id}/join/", KEEP_BOTH, **HX)
    after = client.get("/", {"format": "all", "tab": "live"}).content.decode()
    assert f'hx-post="/sessions/{session.id}/join/"' not in after


def refusal_html(client, session_id):
    response = client.post(f"/sessions/{session_id}/join/", KEEP_BOTH, **HX)
    assert response.status_code == 200
    assert "HX-Redirect" not in response
    return response.content.decode()


def test_capacity_refusal_says_why_in_our_words_keeping_the_upstreams(client, sandbox):
    sign_in(client, "vip")
    full = find_session(upstream_sessions(sandbox, "vip"), lambda s: s.is_full, "full session")
    html = refusal_html(client, full.id)
    assert '<p class="refusal__sentence">This session is full.</p>' in html
    assert "The event platform said: “Max user registration capacity reached”" in html
    assert "data-focus-after-swap" in html and 'role="alert"' not in html  # focused, said once
    assert "Tell me when a seat frees" in html
    assert JoinAttempt.objects.get().outcome == "capacity_full"
    assert not Registration.objects.exists()


def test_ticket_type_refusal_shows_the_upstream_message(client, sandbox):
    sign_in(client, "general")
    vip_only = find_session(
        live_sessions(upstream_sessions(sandbox)),
        lambda s: s.allowed_ticket_type_ids and not s.is_full,
        "live VIP-only session",
    )
    html = refusal_html(client, vip_only.id)
    assert "Your ticket does not permit access to this session" in html
    # Remembered: the card now says so before the next click instead of offering Join.
    agenda = client.get("/", {"format": "all", "tab": "live"}).content.decode()
    assert f'hx-post="/sessions/{vip_only.id}/join/"' not in agenda


def test_session_limit_refusal_names_the_limit_and_offers_the_swap(client, sandbox):
    sign_in(client, "general")  # registered for one session already; the limit is 2
    candidates = [
        s
        for s in live_sessions(upstream_sessions(sandbox))
        if not s.is_full and not s.allowed_ticket_type_ids
    ]
    first, second = candidates[0], candidates[1]
    client.post(f"/sessions/{first.id}/join/", KEEP_BOTH, **HX)
    html = refusal_html(client, second.id)
    assert "only permits registering for 2 sessions" in html
    assert f'href="/sessions/{second.id}/swap/"' in html


def test_not_live_refusal_shows_the_time_limit_message(client, sandbox):
    sign_in(client, "vip")
    upcoming = find_session(
        upstream_sessions(sandbox, "vip"),
        lambda s: s.start.timestamp() > __import__("time").time() + 600,
        "upcoming session",
    )
    html = refusal_html(client, upcoming.id)
    assert "The time limit for accessing this session is expired." in html


def test_no_ticket_refusal(client, sandbox):
    sign_in(client, "noticket")
    live = live_sessions(upstream_sessions(sandbox, "noticket"))[0]
    html = refusal_html(client, live.id)
    assert "You have not yet registered for the event" in html


def test_unknown_session_is_not_found(client, sandbox):
    sign_in(client, "vip")
    html = refusal_html(client, 987654321)
    assert "Session not found!" in html
    attempt = JoinAttempt.objects.get()
    assert (attempt.session_id, attempt.outcome, attempt.http_status) == (
        987654321,
        "not_found",
        404,
    )


def test_a_busy_upstream_on_join_says_try_again_and_records_it(client, sandbox):
    sign_in(client, "vip")
    session = open_live_session(sandbox, "vip")
    client.get("/")  # warm the cache so only the join call meets the fault
    sandbox.set_fault(mode="status", status=429, method="POST")  # answered: it did not run
    html = refusal_html(client, session.id)
    assert "try again" in html.lower()
    assert JoinAttempt.objects.get().outcome == "upstream_unavailable"
    assert not Registration.objects.exists()


def test_a_503_on_join_says_it_is_being_checked_not_to_try_again(client, sandbox):
    sign_in(client, "vip")
    session = open_live_session(sandbox, "vip")
    client.get("/")
    sandbox.set_fault(mode="status", status=503, method="POST")  # it may have run behind it
    html = refusal_html(client, session.id)
    assert "No need to click again." in html and "try again" not in html.lower()
    assert JoinAttempt.objects.get().outcome == "unconfirmed"
    assert not Registration.objects.exists()


def test_double_click_makes_one_upstream_join(client, sandbox):
    sign_in(client, "vip")
    session = open_live_session(sandbox, "vip")
    client.get("/")
    sandbox.set_fault(mode="latency", ms=400, method="POST")
    sandbox.reset_stats()
    cookie = client.cookies["sessionid"].value
    results = []

    def click():
        tab = Client()
        tab.cookies["sessionid"] = cookie
        try:
            results.append(tab.post(f"/sessions/{session.id}/join/", KEEP_BOTH, **HX))
        finally:
            connections.close_all()  # this thread's own DB connection (PostgreSQL warns)

    threads = [threading.Thread(target=click) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    joins = {k: v for k, v in sandbox.stats()["requests"].items() if k.startswith("POST")}
    assert sum(joins.values()) == 1
    assert all(r["HX-Redirect"] == f"/sessions/{session.id}/" for r in results)


def _served_by_wsgi(client, path: str, form: dict):
    """One POST through Django's WSGI handler as a server calls it: the response is returned
    unclosed, as gunicorn holds it while it writes it to the socket."""
    from io import BytesIO
    from urllib.parse import urlencode

    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler

    body = urlencode(form).encode()
    cookies = "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "443",
        "HTTP_HOST": "testserver",
        "HTTP_COOKIE": cookies,
        "HTTP_X_CSRFTOKEN": client.cookies[settings.CSRF_COOKIE_NAME].value,
        "HTTP_REFERER": "https://testserver/",
        "HTTP_HX_REQUEST": "true",
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": BytesIO(body),
        "wsgi.url_scheme": "https",
        "wsgi.errors": BytesIO(),
    }
    return WSGIHandler()(environ, lambda status, headers: None)


def test_join_is_recorded_before_it_is_answered(client, sandbox):
    """The outcome and the local registration are written inside the request: by the time the
    WSGI server holds the answer, before it sends or closes it, both are on record."""
    sign_in(client, "vip")
    client.get("/")  # the CSRF cookie
    session = open_live_session(sandbox, "vip")
    response = _served_by_wsgi(client, f"/sessions/{session.id}/join/", KEEP_BOTH)
    assert response["HX-Redirect"] == f"/sessions/{session.id}/"
    assert JoinAttempt.objects.get(session_id=session.id).outcome == "joined"
    assert Registration.objects.get(session_id=session.id).status == "registered"
    response.close()  # the server has sent it: nothing more is written
    assert JoinAttempt.objects.filter(session_id=session.id).count() == 1


def test_a_record_whose_response_was_never_closed_is_not_lost(client, sandbox):
    sign_in(client, "vip")
    client.get("/")
    session = open_live_session(sandbox, "vip")
    _served_by_wsgi(client, f"/sessions/{session.id}/join/", KEEP_BOTH)  # never closed
    assert JoinAttempt.objects.get(session_id=session.id).outcome == "joined"
    assert Registration.objects.get(session_id=session.id).status == "registered"


def test_a_join_asks_nothing_about_stars_yet_a_refused_one_without_javascript_shows_its_star(
    client, sandbox
):
    sign_in(client, "vip")
    session = open_live_session(sandbox, "vip")
    with CaptureQueriesContext(connections["default"]) as queries:
        client.post(f"/sessions/{session.id}/join/", KEEP_BOTH, **HX)
    assert not [q for q in queries if "favourite" in q["sql"]], "a query the click doesn't need"

    full = find_session(upstream_sessions(sandbox, "vip"), lambda s: s.is_full, "full session")
    client.post(f"/sessions/{full.id}/star/", {"starred": "1"})
    page = client.post(f"/sessions/{full.id}/join/", KEEP_BOTH).content.decode()
    assert "This session is full." in page and 'aria-pressed="true"' in page
