"""The one next step of a card that can't join (sessions_app/agenda/next_steps.py): a refusal
for the session limit leads to a swap, one for a missing ticket to the organizer's ticket page,
a full session to a watch for a seat, anything else to the sessions live now; each step has its
label in the attendee's language, and every step but the watch is recorded as demand."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import resolve, reverse
from django.utils import translation

from sessions_app.agenda.next_steps import STEP_LABELS, Step, step_url
from sessions_app.agenda.presenters import card_for, refused
from sessions_app.upstream.domain import Session
from sessions_app.upstream.errors import RefusalReason as R

NOW = datetime(2030, 5, 1, 12, tzinfo=UTC)
LIVE = Session(id=41, title="Live", start=NOW - timedelta(minutes=5), end=NOW + timedelta(hours=1))
TICKETS = "https://tickets.example.com/buy"


@pytest.fixture(autouse=True)
def _tickets_page(settings):
    settings.ACCELEVENTS_TICKETS_URL = TICKETS


def refused_for(reason: str):
    return refused(card_for(LIVE, now=NOW, registered=False), reason)


@pytest.mark.parametrize(
    ("reason", "step"),
    [
        (R.SESSION_LIMIT, Step.LEAVE_A_SESSION),
        (R.NOT_REGISTERED_FOR_EVENT, Step.GET_A_TICKET),
        (R.TICKET_TYPE, Step.GET_A_TICKET),
        (R.CAPACITY_FULL, Step.WATCH_FOR_SEAT),
        (R.EXPIRED, Step.PICK_ANOTHER),
        (R.OTHER, Step.PICK_ANOTHER),
    ],
)
def test_each_refusal_leads_to_the_one_step_that_can_still_help(reason, step):
    assert refused_for(reason).step == step


def test_a_swap_starts_from_the_attendees_own_sessions():
    assert resolve(step_url(Step.LEAVE_A_SESSION)).url_name == "my-sessions"


def test_getting_a_ticket_goes_to_the_organizers_ticket_page():
    assert step_url(Step.GET_A_TICKET) == TICKETS
    assert refused_for(R.NOT_REGISTERED_FOR_EVENT).step_url == TICKETS


@pytest.mark.parametrize("step", [Step.PICK_ANOTHER, Step.WATCH_FOR_SEAT])
def test_other_steps_lead_to_the_sessions_live_now(step):
    path, _, query = step_url(step).partition("?")
    assert (path, query) == (reverse("agenda"), "tab=live")


def test_only_the_watch_for_a_seat_is_not_recorded_as_demand_on_the_way():
    assert not refused_for(R.CAPACITY_FULL).records_blocked_step  # a SeatWatch records it
    for reason in (R.SESSION_LIMIT, R.NOT_REGISTERED_FOR_EVENT, R.OTHER):
        assert refused_for(reason).records_blocked_step, reason


def test_every_step_has_a_label_in_the_attendees_language():
    english = {step: str(label) for step, label in STEP_LABELS.items()}
    assert english[Step.WATCH_FOR_SEAT] == "Watch for a seat"
    assert set(english) == set(Step)
    with translation.override("de"):
        assert str(STEP_LABELS[Step.GET_A_TICKET]) == "Ticket holen"
        german = {step: str(label) for step, label in STEP_LABELS.items()}
    assert all(german[step] != english[step] for step in Step)
