"""The sandbox keeps list items in memory between writes (sandbox/catalogue.py); a list answer
must still show every write at once, and each caller's own ticket ids."""

from sandbox.demo import SESSION_IDS

GINA_TICKET = 57940
ACCESSIBLE = SESSION_IDS["accessible-venues"]
REGISTER = f"/events/{{event}}/session/{ACCESSIBLE}/register/{GINA_TICKET}"
LIST = "/events/{event}/session/v2?page=0&size=100"


def listed(sandbox, token) -> dict:
    return next(
        i for i in sandbox.rest("GET", LIST, token).json()["data"] if i["sessionId"] == ACCESSIBLE
    )


def count(item) -> int:
    return item["sessionStats"]["registeredUserCount"]


def test_a_join_and_a_leave_show_in_the_next_list(sandbox):
    gina, victor = sandbox.token("general"), sandbox.token("vip")
    before = count(listed(sandbox, victor))
    assert sandbox.rest("POST", REGISTER, gina).status_code == 200
    assert count(listed(sandbox, victor)) == before + 1
    assert sandbox.rest("DELETE", REGISTER, gina).status_code == 200
    assert count(listed(sandbox, victor)) == before


def test_a_patched_session_and_new_registrants_show_in_the_next_list(sandbox):
    token = sandbox.token("vip")
    before = listed(sandbox, token)
    sandbox.patch_session(ACCESSIBLE, title="Renamed in the hub")
    assert listed(sandbox, token)["title"] == "Renamed in the hub"
    sandbox.add_registrants(ACCESSIBLE, 3)
    assert count(listed(sandbox, token)) == count(before) + 3
    sandbox.reset()
    assert listed(sandbox, sandbox.token("vip"))["title"] == before["title"]


def test_each_caller_gets_their_own_ticket_ids(sandbox):
    gina = listed(sandbox, sandbox.token("general"))
    victor = listed(sandbox, sandbox.token("vip"))
    assert (
        gina["currentUserRegisteredEventTicketId"] != victor["currentUserRegisteredEventTicketId"]
    )
    assert GINA_TICKET in gina["currentUserRegisteredEventTicketId"]
