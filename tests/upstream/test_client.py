"""The upstream client against the real sandbox over HTTP: every contract row, every refusal,
every fault mode, and what the client sends and logs."""

import logging
import time
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import requests

from sandbox.demo import (
    ACCOUNTS,
    EVENT_ID,
    EVENT_NAME,
    EVENT_TIMEZONE,
    EVENT_URL,
    SESSION_IDS,
)
from sessions_app.upstream import client as client_module
from sessions_app.upstream.client import AccelEventsClient, get_client
from sessions_app.upstream.contract import DEFAULT_PATHS as PATHS
from sessions_app.upstream.domain import CallInfo, SessionFormat, StreamProvider
from sessions_app.upstream.errors import (
    JoinRefused,
    NeverConnected,
    RefusalReason,
    SignInRejected,
    UpstreamAuthError,
    UpstreamError,
    UpstreamMisconfigured,
    UpstreamNotFound,
    UpstreamRateLimited,
    UpstreamTimeout,
    UpstreamUnavailable,
)
from tests.fault_helpers import closed_port

TZ = ZoneInfo(EVENT_TIMEZONE)
API_KEY = "sandbox-organization-key"
LIST_KEY = "GET /events/{eventurl}/session/v2"
JOIN_KEY = "POST /events/{eventurl}/session/{session_id}/register/{ticket_id}"


def make_client(api_url: str, **overrides) -> AccelEventsClient:
    options = {
        "base_url": api_url,
        "event_url": EVENT_URL,
        "api_key": API_KEY,
        "connect_timeout": 1.0,
        "read_timeout": 1.0,
        "get_retries": 2,
    }
    return AccelEventsClient(**{**options, **overrides})


@pytest.fixture
def api(sandbox) -> AccelEventsClient:
    return make_client(sandbox.api_url)


def sign_in(api: AccelEventsClient, who: str) -> str:
    return api.sign_in(ACCOUNTS[who]["email"], ACCOUNTS[who]["password"]).token


@pytest.fixture
def gina(api) -> str:
    """General admission, session limit 2, already registered for `hybrid-data`."""
    return sign_in(api, "general")


@pytest.fixture
def victor(api) -> str:
    """VIP, no session limit."""
    return sign_in(api, "vip")


def ticket_of(api: AccelEventsClient, token: str) -> int:
    return api.session(token, SESSION_IDS["opening-keynote"], tz=TZ).ticket_ids[0]


@pytest.fixture
def spy(monkeypatch):
    """Every real request/response pair the client exchanged (wraps, does not replace, send)."""
    exchanged: list[requests.Response] = []
    send = requests.Session.send

    def recording_send(self, request, **kwargs):
        response = send(self, request, **kwargs)
        exchanged.append(response)
        return response

    monkeypatch.setattr(requests.Session, "send", recording_send)
    return exchanged


# --- sign-in, profile, event --------------------------------------------------------------


def test_sign_in_returns_token_user_and_expiry(api):
    before = datetime.now(UTC)
    signed_in = api.sign_in(ACCOUNTS["general"]["email"], ACCOUNTS["general"]["password"])

    assert signed_in.token
    assert signed_in.user_id > 0
    assert signed_in.role
    assert before + timedelta(minutes=59) < signed_in.expires_at < before + timedelta(minutes=61)


@pytest.mark.parametrize(
    ("email", "password", "status", "code", "message"),
    [
        (ACCOUNTS["general"]["email"], "wrong", 401, "4010103", "Wrong password"),
        ("nobody@example.com", "whatever", 404, "4040100", "No User could be found"),
    ],
)
def test_sign_in_rejected(api, email, password, status, code, message):
    with pytest.raises(SignInRejected) as caught:
        api.sign_in(email, password)

    assert (caught.value.status, caught.value.code, caught.value.message) == (status, code, message)
    assert caught.value.request_id
    assert caught.value.latency_ms is not None


def test_sign_in_with_key_works_once(api, sandbox):
    key = sandbox.magic_key(ACCOUNTS["vip"]["email"])

    signed_in = api.sign_in_with_key(key)
    assert api.profile(signed_in.token).email == ACCOUNTS["vip"]["email"]

    with pytest.raises(SignInRejected) as caught:
        api.sign_in_with_key(key)
    assert (caught.value.status, caught.value.code) == (406, "4068006")
    assert caught.value.message == "This link has expired or has already been used"


def test_sign_in_with_bad_key(api):
    with pytest.raises(SignInRejected) as caught:
        api.sign_in_with_key("not-a-real-key")

    assert (caught.value.status, caught.value.code) == (401, "4010101")
    assert caught.value.message == "This is not a valid magic link"


def test_path_values_cannot_leave_their_segment(api, spy):
    with pytest.raises(UpstreamError):
        api.sign_in_with_key("../../host/event/x?page=1#")

    assert (
        spy[-1].request.path_url
        == "/rest/u/loginUserByUserKey/..%2F..%2Fhost%2Fevent%2Fx%3Fpage%3D1%23"
    )


def test_profile(api, gina):
    profile = api.profile(gina)

    assert profile.email == ACCOUNTS["general"]["email"]
    assert profile.full_name == "Gina Garcia"


@pytest.mark.parametrize("with_token", [False, True])
def test_event(api, with_token):
    event = api.event(token=sign_in(api, "general") if with_token else None)

    assert (event.name, event.url, event.tz_name) == (EVENT_NAME, EVENT_URL, EVENT_TIMEZONE)
    assert event.tz == TZ and event.zone.source == "equivalentTimezone" and event.from_platform
    assert event.start is not None and event.start.tzinfo == TZ


def test_an_unknown_event_is_a_misconfiguration_naming_the_setting(sandbox):
    with pytest.raises(UpstreamMisconfigured) as caught:
        make_client(sandbox.api_url, event_url="no-such-event").event()

    assert (caught.value.status, caught.value.code) == (404, "4040200")
    assert caught.value.setting == "ACCELEVENTS_EVENT_URL"


def test_expired_token_is_an_auth_error(api, sandbox, gina):
    sandbox.expire_tokens()

    with pytest.raises(UpstreamAuthError) as caught:
        api.profile(gina)
    assert (caught.value.status, caught.value.code) == (401, "4010101")
    with pytest.raises(UpstreamAuthError):
        api.join(gina, SESSION_IDS["opening-keynote"], 1)


# --- sessions -----------------------------------------------------------------------------


def test_sessions_list_parses_and_drops_secrets(api, gina):
    page = api.sessions(gina, tz=TZ)

    assert page.total == page.filtered == len(page.sessions) > 20
    by_id = {s.id: s for s in page.sessions}
    assert SESSION_IDS["green-room"] not in by_id  # hidden
    keynote = by_id[SESSION_IDS["opening-keynote"]]
    assert keynote.format is SessionFormat.MAIN_STAGE
    assert keynote.stream.provider is StreamProvider.ACCELEVENTS
    assert keynote.is_live(datetime.now(UTC))
    assert {s.full_name for s in keynote.speakers} == {"Ethan Brooks", "Maya Chen"}
    assert "<strong>Ethan Brooks</strong>" in keynote.description
    hostile = by_id[SESSION_IDS["securing-data"]]
    assert "script" not in hostile.description and "onclick" not in hostile.description
    roundtable = by_id[SESSION_IDS["procurement-roundtable"]]
    assert "Aurora-8842" not in repr(roundtable)  # meetingPassword
    assert "@" not in repr(page)  # speaker emails


def test_sessions_paging(api, gina):
    first, second = api.sessions(gina, tz=TZ, size=5), api.sessions(gina, tz=TZ, page=1, size=5)

    assert len(first.sessions) == len(second.sessions) == 5
    assert not {s.id for s in first.sessions} & {s.id for s in second.sessions}
    assert first.total == second.total > 10


def test_sessions_filters(api, gina):
    before = datetime.now(UTC)
    workshops = api.sessions(gina, tz=TZ, session_format=SessionFormat.WORKSHOP)
    past = api.sessions(gina, tz=TZ, past=True)
    upcoming = api.sessions(gina, tz=TZ, past=False)
    everything = api.sessions(gina, tz=TZ)
    after = datetime.now(UTC)
    tomorrow = (before.astimezone(TZ) + timedelta(days=1)).date()
    day_two = api.sessions(gina, tz=TZ, filter_date=tomorrow)

    assert {s.format for s in workshops.sessions} == {SessionFormat.WORKSHOP}
    assert workshops.filtered < workshops.total
    assert past.sessions and all(s.end <= after for s in past.sessions)
    assert upcoming.sessions and all(s.end > before for s in upcoming.sessions)
    assert past.filtered + upcoming.filtered == everything.filtered
    assert day_two.sessions and {s.start.astimezone(TZ).date() for s in day_two.sessions} == {
        tomorrow
    }


def test_sessions_filter_by_track_and_tag(api, gina):
    keynote = api.session(gina, SESSION_IDS["opening-keynote"], tz=TZ)
    track = keynote.tracks[0]
    advanced = api.session(gina, SESSION_IDS["securing-data"], tz=TZ).tags[0]

    by_track = api.sessions(gina, tz=TZ, track_ids=[track.id])
    by_tag = api.sessions(gina, tz=TZ, tag_ids=(advanced.id,))

    assert by_track.sessions and all(track in s.tracks for s in by_track.sessions)
    assert by_tag.sessions and all(advanced in s.tags for s in by_tag.sessions)
    assert track.color.startswith("#")


def test_session_detail(api, gina):
    session = api.session(gina, SESSION_IDS["hybrid-data"], tz=TZ)

    assert session.title == "Scaling Hybrid Events with Real-Time Data"
    assert session.stream.url == "guL_-lvkY5o&list=RDMMguL_-lvkY5o&start_radio=1"
    assert session.ticket_ids
    assert session.start.tzinfo == TZ


def test_session_detail_not_found(api, gina):
    for missing in (1, SESSION_IDS["green-room"]):
        with pytest.raises(UpstreamNotFound) as caught:
            api.session(gina, missing, tz=TZ)
        assert (caught.value.status, caught.value.code) == (404, "404800")
        assert caught.value.message == "Session not found!"


def test_registered_sessions(api, gina, victor):
    assert [s.id for s in api.registered_sessions(gina, tz=TZ).sessions] == [
        SESSION_IDS["hybrid-data"]
    ]
    victors = {s.id for s in api.registered_sessions(victor, tz=TZ).sessions}
    assert victors == {SESSION_IDS["opening-keynote"], SESSION_IDS["kickoff"]}


# --- join and unregister ------------------------------------------------------------------


def test_join_then_unregister(api, victor):
    session_id, ticket = SESSION_IDS["accessible-venues"], ticket_of(api, victor)

    joined = api.join(victor, session_id, ticket)
    assert isinstance(joined, CallInfo)
    assert joined.status == 200 and len(joined.request_id) == 32 and joined.latency_ms >= 0
    assert session_id in {s.id for s in api.registered_sessions(victor, tz=TZ).sessions}
    assert api.join(victor, session_id, ticket).status == 200  # already registered: no-op

    assert api.unregister(victor, session_id, ticket).status == 200
    assert session_id not in {s.id for s in api.registered_sessions(victor, tz=TZ).sessions}
    with pytest.raises(JoinRefused) as caught:
        api.unregister(victor, session_id, ticket)
    assert (caught.value.status, caught.value.code, caught.value.reason) == (
        404,
        "404801",
        RefusalReason.NOT_FOUND,
    )
    assert caught.value.message == "You are not registered for this session"


def _refusal(api, token, session_key, ticket=None):
    session_id = SESSION_IDS.get(session_key, 999_999)
    with pytest.raises(JoinRefused) as caught:
        api.join(token, session_id, ticket if ticket is not None else ticket_of(api, token))
    return caught.value


def test_join_refused_not_found(api, victor):
    refused = _refusal(api, victor, "no-such-session")
    assert (refused.status, refused.code, refused.reason) == (
        404,
        "404800",
        RefusalReason.NOT_FOUND,
    )
    assert refused.message == "Session not found!"


def test_join_refused_hidden_session_is_not_found(api, victor):
    assert _refusal(api, victor, "green-room").reason is RefusalReason.NOT_FOUND


@pytest.mark.parametrize("who", ["noticket", "general"])
def test_join_refused_without_an_event_ticket(api, victor, who):
    """Nora holds no ticket; Gina tries Victor's ticket id."""
    refused = _refusal(api, sign_in(api, who), "accessible-venues", ticket=ticket_of(api, victor))
    assert (refused.status, refused.code) == (406, "4068910")
    assert refused.reason is RefusalReason.NOT_REGISTERED_FOR_EVENT
    assert refused.message.startswith("You have not yet registered for the event.")


@pytest.mark.parametrize("session_key", ["roadmap-qa", "lessons-1000", "day2-keynote"])
def test_join_refused_when_not_live(api, victor, session_key):
    refused = _refusal(api, victor, session_key)
    assert (refused.status, refused.code, refused.reason) == (407, "4072002", RefusalReason.EXPIRED)
    assert refused.message == "The time limit for accessing this session is expired."


def test_join_allowed_in_the_late_window(api, victor):
    ops = api.session(victor, SESSION_IDS["ops-standup"], tz=TZ)
    now = datetime.now(UTC)
    assert ops.end < now and ops.is_live(now)
    assert api.join(victor, ops.id, ticket_of(api, victor)).status == 200


def test_join_refused_ticket_type(api, gina):
    refused = _refusal(api, gina, "vip-roadmap")
    assert (refused.status, refused.code, refused.reason) == (
        406,
        "4042005",
        RefusalReason.TICKET_TYPE,
    )
    assert refused.message == "Your ticket does not permit access to this session"


def test_join_refused_session_limit(api, gina):
    ticket = ticket_of(api, gina)
    assert api.join(gina, SESSION_IDS["accessible-venues"], ticket).status == 200

    refused = _refusal(api, gina, "sponsor-stories", ticket)
    assert (refused.status, refused.code) == (406, "4060611")
    assert (refused.reason, refused.limit) == (RefusalReason.SESSION_LIMIT, 2)
    assert "only permits registering for 2 sessions" in refused.message


def test_join_refused_capacity(api, victor):
    full = api.session(victor, SESSION_IDS["full-house"], tz=TZ)
    assert (full.capacity, full.registered_count, full.seats_left, full.is_full) == (3, 3, 0, True)

    refused = _refusal(api, victor, "full-house")
    assert (refused.status, refused.code) == (406, "4060610")
    assert refused.reason is RefusalReason.CAPACITY_FULL
    assert refused.message == "Max user registration capacity reached"


# --- organizer view -----------------------------------------------------------------------


def test_host_sessions_carry_registrants(api):
    host_sessions, total, _ = api.host_sessions(tz=TZ, event_id=EVENT_ID)

    by_id = {h.session.id: h for h in host_sessions}
    assert total == len(host_sessions)
    assert SESSION_IDS["green-room"] in by_id  # the organizer sees hidden sessions
    full_house = by_id[SESSION_IDS["full-house"]]
    assert {r.email for r in full_house.registrants} == {
        "fiona@example.com",
        "felix@example.com",
        "farah@example.com",
    }
    assert all(r.ticket_id and r.user_id for r in full_house.registrants)


def test_host_sessions_paging(api):
    page, total, items = api.host_sessions(tz=TZ, event_id=EVENT_ID, page=1, size=4)
    assert items == 4
    assert len(page) == 4 and total > 8


def test_a_refused_api_key_is_a_misconfiguration_naming_its_settings(sandbox):
    with pytest.raises(UpstreamMisconfigured) as caught:
        make_client(sandbox.api_url, api_key="wrong").host_sessions(tz=TZ, event_id=EVENT_ID)
    assert caught.value.status == 401
    assert caught.value.setting == "ACCELEVENTS_API_KEY, ACCELEVENTS_API_KEY_HEADER"


def test_host_sessions_with_key_header(sandbox):
    client = make_client(sandbox.api_url, api_key_header="Key")
    assert client.host_sessions(tz=TZ, event_id=EVENT_ID, size=1)[1] > 1


# --- what goes over the wire --------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["", "Bearer"])
def test_token_header_format(sandbox, spy, scheme):
    api = make_client(sandbox.api_url, auth_scheme=scheme)
    token = sign_in(api, "general")

    api.profile(token)

    sent = spy[-1].request.headers["Authorization"]
    assert sent == (f"Bearer {token}" if scheme else token)


def test_token_header_name_and_scheme_are_used(sandbox):
    token = sandbox.token("general")
    for options in ({"auth_scheme": "Token"}, {"auth_header": "X-Auth-Token"}):
        with pytest.raises(UpstreamAuthError):
            make_client(sandbox.api_url, **options).profile(token)


def test_request_id_and_user_agent_are_sent(api, spy, victor):
    info = api.join(victor, SESSION_IDS["accessible-venues"], ticket_of(api, victor))

    response = spy[-1]
    assert response.request.headers["X-Request-ID"] == info.request_id
    assert response.headers["X-Request-ID"] == info.request_id  # the sandbox echoes it
    assert response.request.headers["User-Agent"] == "accelevents-attendee-portal/0.1"
    assert len({r.request.headers["X-Request-ID"] for r in spy}) == len(spy)


def test_errors_carry_the_request_id_sent(api, spy, gina):
    with pytest.raises(UpstreamNotFound) as caught:
        api.session(gina, 1, tz=TZ)
    assert spy[-1].headers["X-Request-ID"] == caught.value.request_id


def test_one_log_line_per_call_without_secrets(api, sandbox, caplog):
    user_key = sandbox.magic_key(ACCOUNTS["vip"]["email"])
    password = ACCOUNTS["general"]["password"]
    with caplog.at_level(logging.INFO, logger="sessions_app.upstream"):
        token = api.sign_in(ACCOUNTS["general"]["email"], password).token
        key_token = api.sign_in_with_key(user_key).token
        api.profile(token)
        api.host_sessions(tz=TZ, event_id=EVENT_ID, size=1)
        with pytest.raises(JoinRefused):
            api.join(token, SESSION_IDS["vip-roadmap"], ticket_of(api, token))

    records = [r for r in caplog.records if r.name == "sessions_app.upstream"]
    assert len(records) == 6
    text = "\n".join(r.getMessage() for r in records)
    for secret in (token, key_token, user_key, password, API_KEY, ACCOUNTS["general"]["email"]):
        assert secret not in text
    assert f"POST {PATHS['login_by_key']} status=200" in text
    assert f"POST {PATHS['join']} status=406" in text
    assert str(SESSION_IDS["vip-roadmap"]) not in text  # templates, not filled paths


# --- faults -------------------------------------------------------------------------------


def test_hang_becomes_a_timeout_quickly(api, sandbox, gina):
    sandbox.set_fault(mode="hang", seconds=4)

    for call in (
        lambda: api.sessions(gina, tz=TZ),
        # A session that does not exist, so the join the sandbox finishes after the hang
        # cannot change the next test's data.
        lambda: api.join(gina, 999_999, 1),
    ):
        started = time.monotonic()
        with pytest.raises(UpstreamTimeout) as caught:
            call()
        assert time.monotonic() - started < 3
        assert caught.value.status is None and caught.value.request_id


def test_503_is_retried_for_get_within_the_budget(api, sandbox, gina):
    sandbox.set_fault(mode="status", status=503, retry_after=30, method="GET")
    sandbox.reset_stats()

    started = time.monotonic()
    with pytest.raises(UpstreamUnavailable) as caught:
        api.sessions(gina, tz=TZ)

    assert time.monotonic() - started < 3  # Retry-After: 30 is honoured only up to the cap
    assert type(caught.value) is UpstreamUnavailable and caught.value.status == 503
    assert sandbox.request_count(LIST_KEY) == 3  # one call plus two retries


def test_get_recovers_when_the_503_clears(api, sandbox, gina):
    sandbox.set_fault(mode="status", status=503, retry_after=1, method="GET", count=1)
    sandbox.reset_stats()

    assert api.sessions(gina, tz=TZ).sessions
    assert sandbox.request_count(LIST_KEY) == 2


def test_503_is_not_retried_for_join(api, sandbox, victor):
    ticket = ticket_of(api, victor)
    sandbox.set_fault(mode="status", status=503, retry_after=1, method="POST")
    sandbox.reset_stats()

    with pytest.raises(UpstreamUnavailable) as caught:
        api.join(victor, SESSION_IDS["accessible-venues"], ticket)

    assert caught.value.status == 503
    assert sandbox.request_count(JOIN_KEY) == 1


def test_504_on_a_write_means_outcome_unknown(api, sandbox, victor):
    ticket = ticket_of(api, victor)
    sandbox.set_fault(mode="status", status=504, method="DELETE")

    with pytest.raises(UpstreamTimeout) as caught:
        api.unregister(victor, SESSION_IDS["opening-keynote"], ticket)
    assert caught.value.status == 504


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_429_is_rate_limited_with_retry_after(api, sandbox, victor, method):
    ticket = ticket_of(api, victor)
    sandbox.set_fault(mode="status", status=429, retry_after=7, method=method)
    sandbox.reset_stats()

    started = time.monotonic()
    with pytest.raises(UpstreamRateLimited) as caught:
        if method == "GET":
            api.sessions(victor, tz=TZ)
        else:
            api.join(victor, SESSION_IDS["accessible-venues"], ticket)

    assert (caught.value.status, caught.value.retry_after) == (429, 7)
    assert time.monotonic() - started < 3
    expected_calls = {"GET": (LIST_KEY, 3), "POST": (JOIN_KEY, 1)}[method]
    assert sandbox.request_count(expected_calls[0]) == expected_calls[1]


@pytest.mark.parametrize("mode", ["truncated", "malformed", "drop"])
def test_unreadable_answers_are_unavailable(api, sandbox, gina, mode):
    sandbox.set_fault(mode=mode)

    for call in (
        lambda: api.sessions(gina, tz=TZ),
        lambda: api.session(gina, SESSION_IDS["hybrid-data"], tz=TZ),
        lambda: api.profile(gina),
        lambda: api.event(),
        lambda: api.host_sessions(tz=TZ, event_id=EVENT_ID),
    ):
        with pytest.raises(UpstreamUnavailable) as caught:
            call()
        assert type(caught.value) is UpstreamUnavailable
        assert caught.value.request_id


@pytest.mark.parametrize("mode", ["truncated", "malformed"])
def test_unreadable_sign_in_is_unavailable(api, sandbox, mode):
    sandbox.set_fault(mode=mode, path_contains="/u/loginSignUp/")

    with pytest.raises(UpstreamUnavailable):
        api.sign_in(ACCOUNTS["general"]["email"], ACCOUNTS["general"]["password"])


def test_drop_during_a_write_means_outcome_unknown(api, sandbox, victor):
    ticket, session_id = ticket_of(api, victor), SESSION_IDS["accessible-venues"]
    sandbox.set_fault(mode="drop", method="POST")

    with pytest.raises(UpstreamTimeout):
        api.join(victor, session_id, ticket)
    sandbox.clear_faults()  # the join did reach the sandbox: re-reading tells the truth
    assert session_id in {s.id for s in api.registered_sessions(victor, tz=TZ).sessions}


def test_wrong_shape_single_objects_are_unavailable(api, sandbox, gina):
    sandbox.set_fault(mode="wrong_shape")

    for call in (
        lambda: api.session(gina, SESSION_IDS["hybrid-data"], tz=TZ),
        lambda: api.sign_in(ACCOUNTS["general"]["email"], ACCOUNTS["general"]["password"]),
        # Nothing that identifies an event: broken, so a good copy from before is kept.
        lambda: api.event(),
    ):
        with pytest.raises(UpstreamUnavailable):
            call()


def test_wrong_shape_profile_is_read_for_what_it_has(api, sandbox, gina):
    """The portal needs only names from it, and can do without them."""
    sandbox.set_fault(mode="wrong_shape")

    assert api.profile(gina).email == ""


def test_wrong_shape_list_keeps_what_it_can(api, sandbox, gina):
    """Mangled items: 0 loses title/startTime, 1 unknown enums, 2 strings for numbers, 3 a bad
    endTime. Items 0 and 3 (and every 4th after) are skipped; the others parse tolerantly."""
    expected = api.sessions(gina, tz=TZ, size=8).sessions
    sandbox.set_fault(mode="wrong_shape")

    page = api.sessions(gina, tz=TZ, size=8)

    assert [s.id for s in page.sessions] == [expected[i].id for i in (1, 2, 5, 6)]
    assert page.sessions[0].format is SessionFormat.OTHER
    assert page.sessions[0].stream.provider is StreamProvider.OTHER
    assert (page.sessions[1].capacity, page.sessions[1].registered_count) == (0, 0)


def test_connection_refused_is_unavailable_and_a_write_is_known_not_sent():
    with closed_port() as port:
        api = make_client(f"http://127.0.0.1:{port}/rest")
        calls = (
            (api.event, UpstreamUnavailable),
            (lambda: api.join("token", 1, 2), NeverConnected),
        )
        for call, failure in calls:
            started = time.monotonic()
            with pytest.raises(UpstreamUnavailable) as caught:
                call()
            assert type(caught.value) is failure
            assert time.monotonic() - started < 3


def test_non_json_error_body_gets_a_generic_message(api, sandbox, gina):
    sandbox.set_fault(mode="malformed")  # HTML, status 200

    with pytest.raises(UpstreamUnavailable) as caught:
        api.profile(gina)
    assert caught.value.message == "The event platform sent an answer the portal could not read."
    assert caught.value.status == 200


def test_other_statuses_map_to_the_base_error(api, sandbox, gina):
    sandbox.set_fault(mode="status", status=409, count=1)

    with pytest.raises(UpstreamError) as caught:
        api.profile(gina)
    assert type(caught.value) is UpstreamError
    assert (caught.value.status, caught.value.code, caught.value.message) == (
        409,
        "409",
        "Conflict",
    )


# --- the process-wide client --------------------------------------------------------------


def test_get_client_follows_settings(settings, sandbox):
    first = get_client()
    assert get_client() is first
    assert first.base_url == sandbox.api_url and first.event_url == EVENT_URL

    settings.UPSTREAM_READ_TIMEOUT = 0.5
    settings.ACCELEVENTS_AUTH_SCHEME = "Bearer"
    rebuilt = get_client()

    assert rebuilt is not first
    assert rebuilt.timeout[1] == 0.5 and rebuilt.contract.auth_scheme == "Bearer"
    assert client_module.get_client() is rebuilt
    assert rebuilt.event().url == EVENT_URL


# --- the environment's proxy ---------------------------------------------------------------


@pytest.mark.parametrize("bypassed", [False, True])
def test_calls_go_through_the_environments_proxy_unless_no_proxy_names_the_host(
    sandbox, monkeypatch, bypassed
):
    """An organizer behind an outbound proxy sets HTTP(S)_PROXY; NO_PROXY exempts hosts."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    with closed_port() as port:
        monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{port}")  # nothing listens
        if bypassed:
            monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
        api = make_client(sandbox.api_url, get_retries=0)
        if bypassed:
            assert api.sign_in(ACCOUNTS["vip"]["email"], ACCOUNTS["vip"]["password"]).token
        else:
            with pytest.raises(UpstreamUnavailable):
                api.sign_in(ACCOUNTS["vip"]["email"], ACCOUNTS["vip"]["password"])
