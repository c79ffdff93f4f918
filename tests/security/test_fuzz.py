# ruff: noqa: RUF001 -- look-alike digits are the point of this file
"""Odd text everywhere the portal reads text: every URL pattern (the resolver walked, the admin
included), every query parameter and every form field it reads, as an anonymous visitor, a
signed-in attendee and an organizer. Non-ASCII digits (a superscript, Arabic-Indic, fullwidth),
NUL, 10,000 characters and repeated values: a 4xx or a corrected value, never a 500."""

import re

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from sandbox.demo import ACCOUNTS, SESSION_IDS
from tests.admin_records import (
    make_attempt,
    make_attendee,
    make_registration,
    make_session,
    organizer_client,
)
from tests.fault_helpers import module_sandbox, sign_in_as

pytestmark = pytest.mark.django_db

VICTOR = ACCOUNTS["vip"]
OPEN = SESSION_IDS["accessible-venues"]
# Each kind of odd text once: a superscript, Arabic-Indic and fullwidth digits, a NUL after a
# digit (and so after what a naive parser reads), and 10,000 characters.
ODD = ["²", "١٢", "１２", "7\x00", "9" * 10_000]
# A path slot also gets each odd value in the shape of a calendar feed's token.
ODD_IN_PATHS = [*ODD, *(f"{value}-{'0' * 32}" for value in ODD[:4])]
# Every parameter name a portal view, an admin filter or Django's admin reads.
PORTAL_PARAMS = ["page", "track", "tag", "day", "format", "tab", "q", "ids", "next"]
FORM_FIELDS = [
    "email",
    "password",
    "confirm",
    "return_to",
    "next",
    "language",
    "csrfmiddlewaretoken",
]
ADMIN_PARAMS = [
    "session",
    "format",
    "track",
    "day",
    "ticket_type",
    "refused",
    "status__exact",
    "outcome__exact",
    "kind__exact",
    "action__exact",
    "p",
    "o",
    "q",
    "e",
    "all",
    "_changelist_filters",
    "_to_field",
    "_popup",
]
# Last, so that they do not sign the client out half way through.
SIGNING_OUT = ("sign-out/", "logout/")
_GROUP = re.compile(r"<(?:\w+:)?\w+>|\(\?P<\w+>[^)]*\)")


def _routes(resolver: URLResolver, prefix: str = "") -> list[str]:
    """Every pattern as a path with `{}` where a value goes (regexes' anchors dropped)."""
    routes = []
    for entry in resolver.url_patterns:
        here = prefix + str(entry.pattern).lstrip("^").rstrip("$").replace("\\", "")
        if isinstance(entry, URLResolver):
            routes += _routes(entry, here)
        elif isinstance(entry, URLPattern):
            routes.append("/" + _GROUP.sub("{}", here))
    return sorted(set(routes), key=lambda route: route.endswith(SIGNING_OUT))


ROUTES = _routes(get_resolver())


def _queries(names: list[str]) -> list[dict]:
    return [
        *({name: value for name in names} for value in ODD),
        {name: ["1", "²", "1"] for name in names},
        {name: [str(OPEN), str(OPEN)] for name in names},
    ]


def _server_errors(
    client: Client, routes: list[str], params: list[str], form: list[str], slots=("get", "post")
):
    """Odd values in each path's slots (plainly, by each method of `slots`), then in every
    parameter of a good path."""
    failed = []

    def send(method: str, path: str, data: dict | None = None) -> None:
        answer = getattr(client, method)(path, data or {})
        if answer.streaming:  # an export: read to its end, so the client closes its file
            b"".join(answer.streaming_content)
        if answer.status_code >= 500:
            failed.append((method, path[:60], _short(data), answer.status_code))

    for route in routes:
        for value in ODD_IN_PATHS if "{}" in route else []:
            for method in slots:
                send(method, route.replace("{}", value))
        good = route.replace("{}", str(OPEN))
        for query in _queries(params):
            send("get", good, query)
        for data in _queries(form):
            send("post", good, data)
    return failed


def _short(values: dict | None) -> str:
    return repr(next(iter(values.values())))[:20] if values else ""


@pytest.fixture(scope="module")
def upstream(sandbox_server):
    return module_sandbox(sandbox_server)


@pytest.fixture
def portal(upstream, settings):
    upstream.clear_faults()
    settings.ACCELEVENTS_API_BASE_URL = upstream.api_url
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False


def _quiet(client: Client) -> Client:
    client.raise_request_exception = False  # count a 500 as a 500, and carry on
    return client


def test_no_odd_text_makes_a_portal_page_answer_500(portal):
    routes = [r for r in ROUTES if not r.startswith("/admin/")]
    anonymous = _quiet(Client())
    attendee = _quiet(sign_in_as(VICTOR["email"], VICTOR["password"]))

    assert _server_errors(anonymous, routes, PORTAL_PARAMS, FORM_FIELDS) == []
    assert _server_errors(attendee, routes, PORTAL_PARAMS, FORM_FIELDS) == []


def test_no_odd_text_makes_an_admin_page_or_export_answer_500(portal):
    session = make_session(OPEN, ticket_type_ids=[10797, 10798])
    attendee = make_attendee()
    make_registration(attendee, session)
    make_attempt(attendee, session, outcome="refused_ticket_type")
    # The portal's own admin pages, and the admin's root pages; Django's stock user, group and
    # task pages read no parameter of ours (and are Django's own tested code).
    routes = [r for r in ROUTES if (r.startswith("/admin/") and r.count("/") <= 3) or OURS in r]
    organizer = _quiet(organizer_client())
    # Signed out, every admin page but its login is the same redirect: those two are enough.
    signed_out = ["/admin/login/", "/admin/{}"]

    # The admin is view-only: a POST to an object's page is refused before its id is read.
    only_get = ("get",)
    assert _server_errors(organizer, routes, ADMIN_PARAMS, ["action"], slots=only_get) == []
    assert _server_errors(_quiet(Client()), signed_out, ADMIN_PARAMS, ["username"]) == []


OURS = "/admin/sessions_app/"
LATIN_1_FORM = "application/x-www-form-urlencoded; charset=latin-1"


def _csrf_client() -> Client:
    client = Client(enforce_csrf_checks=True)
    client.get("/sign-in/")
    return client


def _post_latin_1(client: Client, path: str, fields: str) -> HttpResponse:
    token = client.cookies["csrftoken"].value
    body = f"{fields}&csrfmiddlewaretoken={token}".encode("latin-1")
    return client.post(path, body, content_type=LATIN_1_FORM)


def test_a_form_in_another_charset_is_a_400_page(portal):
    anonymous = _quiet(_csrf_client())
    attendee = _quiet(_csrf_client())
    form = {"email": VICTOR["email"], "password": VICTOR["password"]}
    token = attendee.cookies["csrftoken"].value
    assert attendee.post("/sign-in/", {**form, "csrfmiddlewaretoken": token}).status_code == 302

    for client, path in ((anonymous, "/sign-in/"), (attendee, f"/sessions/{OPEN}/join/")):
        answer = _post_latin_1(client, path, "email=g%E9na%40example.com&password=x")
        assert answer.status_code == 400, path
        assert "That request didn't make sense to us" in answer.content.decode()
    assert attendee.get("/my-sessions/").status_code == 200, "still signed in"
