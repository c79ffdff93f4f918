"""One catalogue for the whole event (issue 23): the event's sessions read once per TTL for every
attendee, each attendee's own part on top; a session one attendee may see never reaches
another, and what is stale is stale only as long as the README says.

Against the sandbox's `lists-differ` dialect: the VIP-only session is listed only to attendees
with a VIP ticket, the private session only to those added to it (Gina)."""

import re
import time
from datetime import UTC, datetime, timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils.html import escape

from sandbox.demo import ACCOUNTS, PASSWORD, SESSION_IDS, TICKET_IDS
from sessions_app.agenda import catalogue
from sessions_app.upstream.domain import Session, SessionPage
from tests.portal_helpers import sign_in, upstream_sessions

VIP_ONLY = SESSION_IDS["vip-roadmap"]  # open to the VIP ticket only; listed only to VIP holders
PRIVATE = SESSION_IDS["hybrid-data"]  # private; the organizer added Gina
PUBLIC = SESSION_IDS["sponsor-stories"]  # public, every ticket
LIST = "GET /events/{eventurl}/session/v2"
REGISTERED = "GET /events/{eventurl}/user-session/registered"
HX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": "http://testserver/"}
CARD = re.compile(r'id="session-card-(\d+)"')


def _session(session_id: int, **fields) -> Session:
    start = datetime(2030, 5, 1, 9, tzinfo=UTC) + timedelta(hours=session_id)
    values = {"title": f"Session {session_id}", "start": start, "end": start + timedelta(hours=1)}
    return Session(id=session_id, **(values | fields))


def _page(*sessions: Session) -> SessionPage:
    return SessionPage(tuple(sessions), total=len(sessions), filtered=len(sessions))


# --- the pure parts ----------------------------------------------------------------------------


def test_the_catalogue_keeps_no_private_session_and_nobodys_tickets():
    read_by_someone = _page(
        _session(1, ticket_ids=(7,)),
        _session(2, ticket_ids=(7,), private=True),
        _session(3, ticket_ids=(7,), allowed_ticket_type_ids=(10798,)),
    )
    shared = catalogue.shared_part(read_by_someone)
    assert [s.id for s in shared.sessions] == [1, 3]
    assert {s.ticket_ids for s in shared.sessions} == {()}
    assert shared.missing == 0  # the private one is hidden from the rest, not unreadable


def test_an_attendee_sees_restricted_sessions_only_when_their_own_list_names_them():
    shared = catalogue.shared_part(
        _page(_session(1), _session(3, allowed_ticket_type_ids=(10798,)), _session(4))
    )
    someone_else = catalogue.own_part(_page(_session(1, ticket_ids=(5,))))
    vip = catalogue.own_part(
        _page(
            _session(1, ticket_ids=(6,)), _session(3, ticket_ids=(6,), allowed_ticket_type_ids=(1,))
        )
    )
    assert [s.id for s in catalogue.merged(shared, someone_else).sessions] == [1, 4]  # 4: new
    assert [s.id for s in catalogue.merged(shared, vip).sessions] == [1, 3, 4]
    assert {s.ticket_ids for s in catalogue.merged(shared, vip).sessions} == {(6,)}


def test_a_session_only_the_attendee_was_told_of_comes_from_their_own_list():
    shared = catalogue.shared_part(_page(_session(1)))
    own = catalogue.own_part(_page(_session(1), _session(2, private=True)))
    assert [s.id for s in catalogue.merged(shared, own).sessions] == [1, 2]


def test_a_public_session_gone_from_the_catalogue_is_gone_for_everyone():
    shared = catalogue.shared_part(_page(_session(1)))
    own = catalogue.own_part(_page(_session(1), _session(2)))  # 2 hidden or removed since
    assert [s.id for s in catalogue.merged(shared, own).sessions] == [1]


def test_my_registrations_show_the_catalogues_seats():
    shared = catalogue.shared_part(_page(_session(1, capacity=10, registered_count=9)))
    registered = _page(_session(1, capacity=10, registered_count=2, ticket_ids=(5,)))
    (fresh,) = catalogue.fresher(registered, shared).sessions
    assert (fresh.seats_left, fresh.ticket_ids) == (1, (5,))


# --- two attendees whose lists differ, through the portal --------------------------------------


def _agenda_ids(client) -> set[int]:
    ids = set()
    for tab in ("", "past"):
        for day_html in _days(client, tab):
            ids |= {int(n) for n in CARD.findall(day_html)}
    return ids


def _days(client, tab: str):
    first = client.get("/", {"tab": tab}).content.decode()
    yield first
    for day in set(re.findall(r"day=(\d{4}-\d{2}-\d{2})", first)):
        yield client.get("/", {"tab": tab, "day": day}).content.decode()


def _everything_gina_can_reach(gina) -> str:
    """Every attendee page, partial and file that could carry a session, concatenated."""
    pages = [
        gina.get("/", {"q": "Roadmap"}).content.decode(),
        gina.get("/", {"q": "Founders", "tab": "live"}).content.decode(),
        gina.get(f"/agenda/status/?ids={VIP_ONLY},{PUBLIC}", **HX).content.decode(),
        gina.get(f"/sessions/{VIP_ONLY}/").content.decode(),
        gina.get(f"/sessions/{VIP_ONLY}/calendar.ics").content.decode(),
        gina.get("/my-sessions/").content.decode(),
    ]
    return "\n".join(pages)


@pytest.mark.django_db
@pytest.mark.parametrize("catalogue_from", ["vip", "general"])
def test_a_session_only_vip_holders_may_see_never_reaches_a_general_attendee(
    sandbox, catalogue_from
):
    sandbox.reset(dialects=["lists-differ"])
    cache.clear()
    victor, gina = Client(), Client()
    sign_in(victor, "vip")
    sign_in(gina, "general")
    # Each attendee's own list, read on their first view, becomes the catalogue: the last one
    # read is whose the catalogue is when Gina looks again.
    first, last = (gina, victor) if catalogue_from == "vip" else (victor, gina)
    seen = {id(c): _agenda_ids(c) for c in (first, last)}
    assert VIP_ONLY in seen[id(victor)] and VIP_ONLY not in seen[id(gina)]
    assert (
        "Roadmap Preview" in victor.get("/", {"q": "Roadmap"}).content.decode()
    )  # not rendered before
    reached = _everything_gina_can_reach(gina)
    assert "Roadmap Preview" not in reached and f"session-status-{VIP_ONLY}" not in reached
    assert gina.get(f"/sessions/{VIP_ONLY}/").status_code == 404


@pytest.mark.django_db
def test_a_private_session_stays_with_the_attendee_added_to_it(sandbox):
    sandbox.reset(dialects=["lists-differ"])
    cache.clear()
    gina, victor = Client(), Client()
    sign_in(gina, "general")
    sign_in(victor, "vip")
    assert PRIVATE in _agenda_ids(gina)  # Gina first: her list holds it, and fills the catalogue
    assert PRIVATE not in _agenda_ids(victor)
    assert victor.get(f"/sessions/{PRIVATE}/").status_code == 404
    poll = victor.get(f"/agenda/status/?ids={PRIVATE}", **HX).content.decode()
    assert f"session-status-{PRIVATE}" not in poll


# --- what is shared, what is read per attendee, how stale -------------------------------------


@pytest.mark.django_db
def test_many_attendees_cost_one_catalogue_read_per_ttl_and_polls_cost_nothing(sandbox, settings):
    settings.PORTAL_CACHE_TTL = 3
    clients = [Client() for _ in range(3)]
    for client, who in zip(clients, ("general", "vip", "noticket"), strict=True):
        sign_in(client, who)
        client.get("/")
    sandbox.reset_stats()
    for client in clients:
        client.get(f"/agenda/status/?ids={PUBLIC}", **HX)
    assert sandbox.stats()["requests"] == {}  # polls read the cache only
    time.sleep(settings.PORTAL_CACHE_TTL + 0.1)  # the catalogue's TTL runs out, not theirs
    for client in clients:
        client.get(f"/agenda/status/?ids={PUBLIC}", **HX)
    assert sandbox.stats()["requests"] == {LIST: 1}  # the catalogue, once for all three


@pytest.mark.django_db
def test_seats_and_a_retitled_session_reach_an_attendee_whose_own_list_is_fresh(sandbox, settings):
    client = Client()
    sign_in(client)
    client.get("/")
    settings.PORTAL_CACHE_TTL = 0  # the catalogue's TTL has run out; the attendee's has not
    sandbox.patch_session(PUBLIC, title="Sponsor Stories, Renamed")
    sandbox.reset_stats()
    html = client.get("/", {"q": "Renamed"}).content.decode()
    assert "Sponsor Stories, Renamed" in html
    assert sandbox.stats()["requests"] == {LIST: 1}  # the catalogue only, not the own list


@pytest.mark.django_db
def test_without_the_shared_catalogue_each_attendee_reads_their_own_list(sandbox, settings):
    settings.ACCELEVENTS_SHARED_CATALOGUE = False
    clients = [Client(), Client()]
    for client, who in zip(clients, ("general", "vip"), strict=True):
        sign_in(client, who)
        client.get("/")
    settings.PORTAL_CACHE_TTL = 0
    sandbox.reset_stats()
    for client in clients:
        client.get("/")
    assert sandbox.request_count(LIST) == 2


@pytest.mark.django_db
def test_a_registration_made_elsewhere_shows_within_the_attendees_own_ttl(sandbox, settings):
    client = Client()
    sign_in(client)
    title = escape(next(s.title for s in upstream_sessions(sandbox) if s.id == PUBLIC))
    assert title not in client.get("/my-sessions/").content.decode()
    token = sandbox.login(ACCOUNTS["general"]["email"], PASSWORD)
    path = f"/events/{{event}}/session/{PUBLIC}/register/{TICKET_IDS['general'][0]}"
    sandbox.rest("POST", path, token).raise_for_status()  # in the platform's own hub, say
    assert title not in client.get("/my-sessions/").content.decode()  # within her own TTL
    settings.PORTAL_ATTENDEE_TTL = 0  # ...which has run out
    assert title in client.get("/my-sessions/").content.decode()
