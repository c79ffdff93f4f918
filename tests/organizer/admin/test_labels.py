"""What the organizer reads instead of the upstream's codes: a session format's name, and a
ticket type by the name the organizer gave it (else by its id)."""

import pytest

from sessions_app.organizer.admin.labels import REFUSAL_OUTCOMES, format_name, ticket_type_name


@pytest.mark.parametrize(
    ("code", "name"),
    [("MAIN_STAGE", "Main stage"), ("MEET_UP", "Meet-up"), ("OTHER", "Other"), ("", "-")],
)
def test_a_format_code_reads_as_its_name(code, name):
    assert format_name(code) == name


def test_an_unknown_format_still_reads_as_words():
    assert format_name("FIRESIDE_CHAT") == "Fireside chat"


def test_a_ticket_type_is_named_as_the_organizer_named_it(settings):
    settings.PORTAL_TICKET_TYPE_NAMES = {"10798": "VIP"}
    assert ticket_type_name(10798) == "VIP"
    assert ticket_type_name(10799) == "Ticket type 10799"


def test_every_refusal_is_listed_once_and_a_success_is_none():
    assert len(set(REFUSAL_OUTCOMES)) == len(REFUSAL_OUTCOMES) == 7
    assert "joined" not in {str(outcome) for outcome in REFUSAL_OUTCOMES}
