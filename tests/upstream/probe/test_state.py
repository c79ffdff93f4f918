"""What check_upstream's checks share: a correction one check finds is how every later check
asks the platform, the attendee's token and the API key are sent the way the contract (or the
form being tried) says, and no secret is in the state's repr (a failed check's traceback)."""

from sessions_app.upstream.client import AccelEventsClient
from sessions_app.upstream.contract import Contract
from sessions_app.upstream.probe.state import ProbeState


def state(**contract):
    return ProbeState(
        AccelEventsClient(Contract(api_key="k3y-secret", **contract)),
        email="tessa@example.com",
        password="pw-secret",
        user_key="key-secret",
        token="tok-secret",
    )


def test_the_token_is_sent_as_the_contract_says_or_as_the_form_tried():
    assert state().token_headers() == {"Authorization": "tok-secret"}
    assert state(auth_scheme="Bearer").token_headers() == {"Authorization": "Bearer tok-secret"}
    assert state(auth_scheme="Bearer").token_headers("X-Auth", "") == {"X-Auth": "tok-secret"}


def test_the_api_key_is_sent_as_the_contract_says_or_as_the_form_tried():
    assert state().api_key_headers() == {"Authorization": "k3y-secret"}
    assert state(api_key_header="X-Api-Key").api_key_headers(scheme="Basic") == {
        "X-Api-Key": "Basic k3y-secret"
    }


def test_a_correction_is_how_every_later_check_asks():
    probe = state()
    probe.correct(page_base=1, auth_scheme="Bearer")
    assert (probe.contract.page_base, probe.contract.auth_scheme) == (1, "Bearer")
    assert probe.client.contract is probe.contract
    assert probe.token_headers() == {"Authorization": "Bearer tok-secret"}
    assert probe.contract.api_key == "k3y-secret"  # what was not corrected stays


def test_no_secret_is_in_the_repr():
    text = repr(state())
    for secret in ("pw-secret", "key-secret", "tok-secret", "k3y-secret"):
        assert secret not in text
    assert "tessa@example.com" in text
