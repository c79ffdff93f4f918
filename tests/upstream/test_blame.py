"""Which refusals blame the portal's own settings: those name the setting to check (and raise
the misconfiguration alarm); a refusal of what a visitor sent never does."""

from sessions_app.upstream.blame import EVENT_NOT_FOUND_CODE, Rules, misconfiguration

READ = Rules(kind="read", api_key=False, misconfigured={404: "ACCELEVENTS_PATHS"})
ORGANIZER = Rules(kind="organizer", api_key=True, misconfigured={})
SIGN_IN = Rules(kind="sign_in", api_key=False, misconfigured={})
MAGIC_KEY = Rules(kind="sign_in", api_key=True, misconfigured={404: "X"}, visitor_path=True)


def test_an_unknown_event_names_the_event_url():
    assert misconfiguration(404, EVENT_NOT_FOUND_CODE, "No Event", READ) == "ACCELEVENTS_EVENT_URL"


def test_a_method_the_platform_lacks_names_the_paths_and_methods():
    assert "ACCELEVENTS_JOIN_METHOD" in misconfiguration(405, "", "", READ)


def test_a_refused_api_key_names_the_key_only_on_calls_that_send_it():
    assert (
        misconfiguration(401, "", "", ORGANIZER)
        == "ACCELEVENTS_API_KEY, ACCELEVENTS_API_KEY_HEADER"
    )
    assert misconfiguration(401, "", "", READ) == ""


def test_a_sign_in_404_without_a_user_message_is_a_wrong_login_path():
    assert misconfiguration(404, "", "Not Found", SIGN_IN) == "ACCELEVENTS_LOGIN, ACCELEVENTS_PATHS"


def test_a_wrong_password_or_unknown_user_is_the_visitors_not_the_portals():
    assert misconfiguration(404, "4040100", "", SIGN_IN) == ""
    assert misconfiguration(404, "", "No user could be found with this email", SIGN_IN) == ""
    assert misconfiguration(404, "", "Wrong password", SIGN_IN) == ""


def test_a_calls_own_statuses_name_its_settings():
    assert misconfiguration(404, "", "", READ) == "ACCELEVENTS_PATHS"
    assert misconfiguration(400, "", "", READ) == ""


def test_a_refusal_of_a_visitors_value_never_blames_the_settings():
    for status, code in ((404, EVENT_NOT_FOUND_CODE), (405, ""), (403, ""), (404, "")):
        assert misconfiguration(status, code, "", MAGIC_KEY) == ""
