"""The sandbox's own control endpoints (`/__sandbox__/...`)."""

from datetime import datetime, timedelta

import pytest
import requests

from sandbox.demo import SESSION_IDS

HOSTILE = '<img src=x onerror="alert(1)"><script>alert("title")</script>'


def _detail(sandbox, key, token):
    return sandbox.rest("GET", f"/events/{{event}}/session/v2/{SESSION_IDS[key]}", token).json()


def test_health_reports_the_sandbox_clock(sandbox):
    health = sandbox.health()

    now = datetime.fromisoformat(health["now"])
    assert health["status"] == "ok" and health["offsetSeconds"] == 0
    assert abs((now - datetime.now(now.tzinfo)).total_seconds()) < 5


def test_clock_can_be_set_and_advanced(sandbox):
    sandbox.set_clock(600)
    moved = sandbox.advance(60)

    now = datetime.fromisoformat(moved["now"])
    assert moved["offsetSeconds"] == 660
    assert abs((now - datetime.now(now.tzinfo) - timedelta(seconds=660)).total_seconds()) < 5


def test_patch_session_puts_hostile_text_everywhere(sandbox):
    session_id = SESSION_IDS["accessible-venues"]

    patched = sandbox.patch_session(
        session_id,
        title=HOSTILE,
        description=HOSTILE,
        speaker_first_name=HOSTILE,
        track_name=HOSTILE,
        stream_url="javascript:alert(1)",
        capacity=1,
    )

    item = _detail(sandbox, "accessible-venues", sandbox.token())
    for body in (patched, item):
        assert body["title"] == body["description"] == HOSTILE
        assert body["speakerList"][0]["firstName"] == HOSTILE
        assert body["tracks"][0]["name"] == HOSTILE
        assert (body["streamUrl"], body["capacity"]) == ("javascript:alert(1)", 1)


def test_patch_session_times_are_relative_to_the_sandbox_now(sandbox):
    token = sandbox.token("vip")
    sandbox.patch_session(
        SESSION_IDS["day2-keynote"], start_offset_minutes=-5, end_offset_minutes=30
    )

    join = sandbox.rest(
        "POST", f"/events/{{event}}/session/{SESSION_IDS['day2-keynote']}/register/57941", token
    )

    assert join.status_code == 200


def test_patch_session_rejects_unknown_fields(sandbox):
    with pytest.raises(requests.HTTPError):
        sandbox.patch_session(SESSION_IDS["kickoff"], colour="red")


def test_reset_restores_the_demo_data(sandbox):
    sandbox.patch_session(SESSION_IDS["kickoff"], title="changed")
    sandbox.set_clock(-7200)

    sandbox.reset()

    assert _detail(sandbox, "kickoff", sandbox.token())["title"] == "Kickoff: State of the Industry"
    assert sandbox.health()["offsetSeconds"] == 0


def test_magic_key_for_unknown_user_is_404(sandbox):
    with pytest.raises(requests.HTTPError) as raised:
        sandbox.magic_key("nobody@example.com")
    assert raised.value.response.status_code == 404


def test_created_attendees_can_act_at_once(sandbox):
    holder, no_ticket = sandbox.create_attendees(1)[0], sandbox.create_attendees(1, None)[0]

    profile = sandbox.rest("GET", "/u/myprofile", holder["accessToken"]).json()

    assert profile["email"] == holder["email"]
    assert sandbox.login(holder["email"], holder["password"])
    assert holder["eventTicketId"] and no_ticket["eventTicketId"] is None


def test_stats_count_requests_and_the_bytes_of_their_answers(sandbox):
    token = sandbox.token("general")
    sandbox.reset_stats()

    answers = [sandbox.rest("GET", "/events/{event}/session/v2", token) for _ in range(2)]

    stats = sandbox.stats()
    key = "GET /events/{eventurl}/session/v2"
    assert stats["requests"] == {key: 2}
    assert stats["bytes"] == {key: sum(len(answer.content) for answer in answers)}
    sandbox.reset_stats()
    assert sandbox.stats() == {"requests": {}, "bytes": {}, "peak_in_flight": 0}
