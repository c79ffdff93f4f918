# ruff: noqa: RUF001 -- look-alike digits are the point of this file
"""Numbers that only look like numbers to Python (`"²".isdigit()` is True, `int("١٢")` is 12):
in a feed's token, an admin filter, an upstream Retry-After or an upstream field, they are no
number at all, and never a 500."""

import csv
import io
import re
from datetime import UTC, datetime

import pytest
from django.http import QueryDict
from django.test import Client

from sandbox.demo import ACCOUNTS, PASSWORD, SESSION_IDS
from sessions_app.agenda.forms import AgendaQuery, parse_agenda_query
from sessions_app.models import JoinAttempt
from sessions_app.upstream.domain.fields import as_int, parse_wallclock
from tests.admin_records import make_attendee, make_registration, make_session, organizer_client
from tests.fault_helpers import fast_upstream_settings, sign_in_as
from tests.portal_helpers import KEEP_BOTH

pytestmark = pytest.mark.django_db

OPEN = SESSION_IDS["accessible-venues"]
HX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_CURRENT_URL": f"http://testserver/sessions/{OPEN}/"}
A = "/admin/sessions_app"
# What each ASCII digit looks like in fullwidth and in Arabic-Indic.
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
UNREADABLE_RETRY_AFTER = ["²", "١٢", "１２", "soon", "Wed, 99 Foo 2026 99:99:99 GMT"]


@pytest.fixture
def fresh_vip(sandbox, settings) -> Client:
    fast_upstream_settings(settings, sandbox.api_url)
    settings.UPSTREAM_TIME_BUDGET = 1.5
    created = sandbox.create_attendees(1, "vip")[0]
    return sign_in_as(created["email"], created["password"])


@pytest.mark.parametrize("value", UNREADABLE_RETRY_AFTER)
def test_a_join_refused_with_an_unreadable_retry_after_says_try_again(value, fresh_vip, sandbox):
    sandbox.set_fault(mode="status", status=429, retry_after_text=value, method="POST")

    response = fresh_vip.post(f"/sessions/{OPEN}/join/", KEEP_BOTH, **HX)

    assert response.status_code == 200
    assert "isn&#x27;t answering right now" in response.content.decode()
    assert JoinAttempt.objects.get().outcome == "upstream_unavailable", "not left unconfirmed"


@pytest.mark.parametrize("value", UNREADABLE_RETRY_AFTER)
def test_a_read_refused_once_with_an_unreadable_retry_after_is_retried(value, fresh_vip, sandbox):
    """urllib3 raises on a Retry-After it cannot read; the portal reads it as absent."""
    sandbox.set_fault(mode="status", status=503, retry_after_text=value, method="GET", count=1)

    response = fresh_vip.get("/my-sessions/")

    assert response.status_code == 200, "the retry got the page"


@pytest.mark.parametrize("digits", [FULLWIDTH, ARABIC_INDIC])
def test_a_feed_token_in_other_digits_is_not_the_feed(digits, sandbox):
    client = Client()
    form = {"email": ACCOUNTS["vip"]["email"], "password": PASSWORD}
    assert client.post("/sign-in/", form).status_code == 302
    mine = client.get("/my-sessions/").content.decode()
    path = re.search(r'value="http://testserver(/calendar/[^"]+\.ics)"', mine)[1]
    head, _, rest = path.removeprefix("/calendar/").partition("-")
    assert Client().get(path).status_code == 200

    lookalike = f"/calendar/{head.translate(digits)}-{rest}"

    assert Client().get(lookalike).status_code == 404
    assert Client().get(f"/calendar/²-{rest}").status_code == 404


@pytest.mark.parametrize("value", ["²", "１０７９７", "١٠٧٩٧"])
def test_an_admin_ticket_type_filter_in_other_digits_matches_nothing(value):
    session = make_session(OPEN, ticket_type_ids=[10797])
    make_registration(make_attendee(), session)
    organizer = organizer_client()

    listed = organizer.get(f"{A}/registration/", {"ticket_type": value})
    exported = organizer.get(f"{A}/registration/export/", {"ticket_type": value})

    assert listed.status_code == 200, "a list with no rows, not the 'unknown filter' redirect"
    assert exported.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(exported.streaming_content).decode())))
    assert rows == []
    both = organizer.get(f"{A}/registration/export/", {"ticket_type": "10797"})
    assert len(list(csv.DictReader(io.StringIO(b"".join(both.streaming_content).decode())))) == 1


def test_upstream_numbers_are_read_from_ascii_digits_only():
    assert [as_int(v, -1) for v in ("12", " 12 ", "12.0", "-3", 12, 12.0)] == [
        12,
        12,
        12,
        -3,
        12,
        12,
    ]
    odd = ["１２", "١٢", "²", "1_2", "12.5", "1e3", "", "9" * 40]
    assert [as_int(v, -1) for v in odd] == [-1] * len(odd)
    assert parse_wallclock("2026/05/12 10:00", UTC) == datetime(2026, 5, 12, 10, tzinfo=UTC)
    year = "2026".translate(FULLWIDTH)  # strptime's %Y takes these; its %m, %d, %H do not
    assert parse_wallclock(f"{year}/05/12 10:00", UTC) is None


@pytest.mark.parametrize("digits", [FULLWIDTH, ARABIC_INDIC])
def test_agenda_filters_in_other_digits_are_corrected_like_any_bad_value(digits):
    odd = {"page": "2", "track": "12", "tag": "7", "day": "2026-05-12"}
    shown = QueryDict(mutable=True)
    shown.update({name: value.translate(digits) for name, value in odd.items()})

    assert parse_agenda_query(shown) == AgendaQuery()
    assert parse_agenda_query(QueryDict("page=1_0&track=%201")) == AgendaQuery(track=1)
