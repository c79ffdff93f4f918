"""What the portal assumes about the API, read from settings once: an organizer changes an
assumption with a setting, and a wrong value stops start-up with the setting's name instead of
surfacing as odd pages on the day."""

import re

import pytest
from django.core.exceptions import ImproperlyConfigured

from sessions_app.upstream.contract import DEFAULT_PATHS, Contract, parse_path_overrides


def refused(setting):
    return pytest.raises(ImproperlyConfigured, match=f"^{re.escape(setting)}: ")


def test_the_defaults_are_a_valid_contract():
    contract = Contract()
    assert dict(contract.paths) == dict(DEFAULT_PATHS)
    assert contract.login_path == DEFAULT_PATHS["login"]


def test_a_path_override_replaces_that_call_only():
    contract = Contract(paths=parse_path_overrides("profile=/u/me, sessions=/events/{event_url}/s"))
    assert contract.paths["profile"] == "/u/me"
    assert contract.paths["sessions"] == "/events/{event_url}/s"
    assert contract.paths["join"] == DEFAULT_PATHS["join"]


def test_overrides_may_come_as_a_dict_and_blank_parts_are_ignored():
    assert parse_path_overrides({"profile": "/u/me"}) == {"profile": "/u/me"}
    assert parse_path_overrides(" ,profile=/u/me,, ") == {"profile": "/u/me"}
    assert parse_path_overrides("") == {}
    with refused("ACCELEVENTS_PATHS"):
        parse_path_overrides("profile:/u/me")


@pytest.mark.parametrize(
    ("paths", "says"),
    [
        ({"profil": "/u/me"}, "unknown call 'profil'"),
        ({"profile": "u/me"}, "must be a path starting with /"),
        ({"profile": "/u/me?x=1"}, "must be a path starting with /"),
        ({"profile": "/u/{user_key}"}, "profile cannot use {user_key}"),
        ({"join": "/events/{event_url}/register/{ticket_id}"}, "join needs {session_id}"),
        ({"session": "/events/{event_url}/{session_id"}, "'/events/{event_url}/{session_id': "),
    ],
)
def test_a_wrong_path_stops_start_up_naming_the_setting(paths, says):
    with pytest.raises(ImproperlyConfigured, match=re.escape(says)):
        Contract(paths=paths)


def test_a_plain_login_path_is_used_instead_of_sign_up_or_login():
    assert Contract(login="/u/login").login_path == "/u/login"
    with refused("ACCELEVENTS_LOGIN"):
        Contract(login="u/login")
    with refused("ACCELEVENTS_LOGIN"):
        Contract(login="/u/{user_key}/login")


@pytest.mark.parametrize(
    ("values", "setting"),
    [
        ({"join_method": "FETCH"}, "ACCELEVENTS_JOIN_METHOD"),
        ({"unregister_method": "REMOVE"}, "ACCELEVENTS_UNREGISTER_METHOD"),
        ({"login_email_field": "e-mail"}, "ACCELEVENTS_LOGIN_EMAIL_FIELD"),
        ({"page_base": 2}, "ACCELEVENTS_PAGE_BASE"),
        ({"page_size": 0}, "ACCELEVENTS_PAGE_SIZE"),
        ({"max_pages": 1001}, "ACCELEVENTS_MAX_PAGES"),
        ({"reserve_param": "joinSession"}, "ACCELEVENTS_RESERVE_PARAM"),
        ({"session_expand": "SPEAKER;DROP"}, "ACCELEVENTS_SESSION_EXPAND"),
        ({"event_timezone": "Europe/Atlantis"}, "ACCELEVENTS_EVENT_TIMEZONE"),
    ],
)
def test_a_wrong_value_stops_start_up_naming_its_setting(values, setting):
    with refused(setting):
        Contract(**values)


def test_a_method_is_accepted_whatever_its_case():
    assert Contract(join_method="put").join_method == "put"


def test_headers_carry_the_scheme_only_when_one_is_set():
    assert Contract().token_header("t0k") == ("Authorization", "t0k")
    assert Contract(auth_scheme=" Bearer ", auth_header="X-Auth").token_header("t0k") == (
        "X-Auth",
        "Bearer t0k",
    )
    assert Contract(api_key="k3y", api_key_scheme="Basic").api_key_header_value() == (
        "Authorization",
        "Basic k3y",
    )


def test_the_reserve_flag_is_one_query_parameter():
    assert Contract(reserve_param="early=1").reserve_query == {"early": "1"}


def test_the_base_url_loses_its_trailing_slash_and_the_api_key_stays_out_of_the_repr():
    contract = Contract(base_url="https://api.example.com/rest/", api_key="s3cret-key")
    assert contract.base_url == "https://api.example.com/rest"
    assert "s3cret-key" not in repr(contract)


def test_the_organizers_zone_wins_when_set():
    assert str(Contract(event_timezone="Europe/Berlin").zone) == "Europe/Berlin"
    assert Contract().zone is None
