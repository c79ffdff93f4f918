"""The probe's raw calls: what the platform answered (status, body, keys), never the client's
reading of it, so a refusal comes back as an answer to look at, not an error; and how a row
describes a refusal in one line, whatever shape the error body has."""

import pytest

from sandbox.demo import SESSION_IDS
from sessions_app.upstream.probe.answers import Answer, call
from tests.upstream.client_helpers import sign_in


def answer(status=200, data=None, *, content_type="application/json", text="") -> Answer:
    return Answer(status, content_type, text, data, request_id="r")


@pytest.mark.parametrize(
    "body",
    [
        {"errorCode": "4030201", "errorMessage": "Not Event Host"},
        {"code": 4030201, "message": "Not Event Host"},
    ],
)
def test_a_refusal_is_described_by_status_code_and_message_in_either_body_shape(body):
    assert answer(403, body).describe() == '403 4030201 "Not Event Host"'


def test_a_plain_text_refusal_is_described_by_its_text_squeezed_and_cut():
    text = "Forbidden:\n   not   for attendees " + "x" * 300

    described = answer(403, content_type="text/plain; charset=utf-8", text=text).describe()

    assert described.startswith('403 "Forbidden: not for attendees xxx')
    assert len(described) < 220


def test_a_refusal_with_nothing_to_say_is_its_status():
    gateway_page = answer(502, content_type="text/html", text="<html>Bad gateway</html>")

    assert gateway_page.describe() == "502"


def test_a_list_answer_counts_its_filtered_total_and_finds_its_first_session():
    listed = answer(200, {"data": [{"sessionId": 7}, {"sessionId": 9}], "recordsTotal": 40})

    assert (listed.ok, listed.filtered, listed.first_id()) == (True, 40, 7)
    assert listed.keys == ["data", "recordsTotal"]


def test_a_list_without_totals_counts_its_items_and_one_without_ids_has_no_first():
    listed = answer(200, {"data": [{"title": "no id"}]})

    assert (listed.filtered, listed.first_id()) == (1, None)
    assert answer(200, [1, 2]).keys == []


def test_a_refused_call_comes_back_as_an_answer_not_an_error(api):
    token = sign_in(api, "vip")

    missing = call(api, "GET", "session", {"session_id": 1}, headers={"Authorization": token})

    assert not missing.ok
    assert missing.describe() == '404 404800 "Session not found!"'
    assert len(missing.request_id) == 32


def test_an_answer_that_is_not_json_keeps_the_start_of_its_text(api, sandbox):
    sandbox.set_fault(mode="malformed")

    page = call(api, "GET", "event")

    assert (page.status, page.data) == (200, None)
    assert page.content_type.startswith("text/html")
    assert page.text and len(page.text) <= 200


def test_a_session_list_answer_is_read_as_sent(api):
    token = sign_in(api, "vip")
    params = {"page": 0, "size": 5}

    listed = call(api, "GET", "sessions", params=params, headers={"Authorization": token})

    assert listed.ok and len(listed.items) == 5 and listed.filtered > 5
    assert listed.first_id() in SESSION_IDS.values()
