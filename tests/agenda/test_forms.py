"""The agenda's query string read into a view (sessions_app/agenda/forms.py): bad values are
corrected to the default, never an error, so a shared link with a stale id still opens; links
carry only what differs from the default."""

from datetime import date

import pytest

from sessions_app.agenda.forms import MAX_QUERY_LENGTH, AgendaQuery, parse_agenda_query


@pytest.fixture(autouse=True)
def _all_formats_by_default(settings):
    settings.PORTAL_DEFAULT_FORMAT = "all"


def test_good_values_are_read_as_given():
    query = parse_agenda_query(
        {"tab": "live", "format": "WORKSHOP", "day": "2030-05-01", "track": "7", "q": " ai "}
    )
    assert query == AgendaQuery(
        tab="live", format="WORKSHOP", day=date(2030, 5, 1), track=7, q="ai"
    )


@pytest.mark.parametrize(
    "data",
    [
        {"tab": "yesterday"},
        {"format": "KEYNOTE"},
        {"day": "2030-13-01"},
        {"day": "01/05/2030"},
        {"track": "-1"},
        {"track": "abc"},
        {"tag": str(2**60)},
        {"track": "٣"},  # an Arabic-Indic digit is no id
        {"page": "3"},  # old links: a day is one view now
    ],
)
def test_a_bad_value_falls_back_to_the_default_and_keeps_the_rest(data):
    query = parse_agenda_query({"q": "keynote", **data})
    assert query == AgendaQuery(q="keynote")


def test_a_search_too_long_is_dropped_not_refused():
    assert parse_agenda_query({"q": "x" * 500}).q == ""  # too long for the form: dropped
    assert len(parse_agenda_query({"q": "x" * MAX_QUERY_LENGTH}).q) == MAX_QUERY_LENGTH


def test_a_link_carries_only_what_differs_from_the_default(settings):
    query = AgendaQuery(tab="past", track=7)
    assert query.as_params() == {"tab": "past", "track": "7"}
    assert query.as_params(track=None, day=date(2030, 5, 1)) == {"tab": "past", "day": "2030-05-01"}
    settings.PORTAL_DEFAULT_FORMAT = "MAIN_STAGE"
    assert AgendaQuery(format="all").as_params() == {"format": "all"}


def test_the_phones_filter_count_counts_only_what_narrows_the_view():
    assert AgendaQuery().filter_count == 0
    assert AgendaQuery(format="WORKSHOP", track=1, tag=2, day=date(2030, 5, 1)).filter_count == 3


def test_mine_and_joinable_are_read_from_shared_links_and_odd_values_turn_them_off():
    assert parse_agenda_query({"mine": "1", "joinable": "1"}) == AgendaQuery(
        mine=True, joinable=True
    )
    assert parse_agenda_query({"mine": "0", "joinable": "yes"}) == AgendaQuery()
    assert AgendaQuery(joinable=True).as_params() == {"joinable": "1"}
