"""The swap at the session limit (sessions_app/joining/swap.py), against the real sandbox: leave
one session and join another; when the new one refuses, the seat left is taken back and the
attendee told why; when the leave fails nothing else is asked; when an answer never comes she
is told it may still go through; and when the way back fails too she is told she lost the seat,
and why, in plain words."""

import pytest

from sessions_app.joining.services import UNCONFIRMED_MESSAGES, join_session
from sessions_app.joining.swap import swap_sessions
from sessions_app.models import JoinAttempt
from sessions_app.upstream.clock import upstream_now
from tests.joining.at_the_limit import (
    ACCESSIBLE,
    EXPO,
    HYBRID,
    REGISTER,
    VIP_ONLY,
    gina_viewer,
    held_upstream,
    session,
)

pytestmark = pytest.mark.django_db

LEFT = "Designing Accessible Virtual Venues"  # ACCESSIBLE's title
TICKET = "Your ticket doesn't include this session."


@pytest.fixture
def gina(sandbox):
    """Gina holding HYBRID and ACCESSIBLE: her 2 sessions."""
    viewer = gina_viewer()
    joined = session(viewer, ACCESSIBLE)
    assert join_session(viewer=viewer, session=joined, now=upstream_now()).succeeded
    return viewer


def swap(viewer, *, give_up=ACCESSIBLE, take=EXPO):
    give, want = session(viewer, give_up), session(viewer, take)
    return swap_sessions(viewer=viewer, give_up=give, take=want, now=upstream_now())


def path_of(session_id: int) -> str:
    return f"/session/{session_id}/register"


def test_a_swap_leaves_one_and_joins_the_other(gina, sandbox):
    result = swap(gina)
    assert (result.outcome, result.succeeded, result.message, result.pending) == (
        "swapped",
        True,
        "",
        (),
    )
    assert held_upstream(sandbox, "general") == {HYBRID, EXPO}


def test_a_refusal_puts_the_seat_back_and_says_why(gina, sandbox):
    result = swap(gina, take=VIP_ONLY)
    assert (result.outcome, result.succeeded) == ("restored", False)
    assert result.message == f"{TICKET} You're still in “{LEFT}”: we put your seat back."
    assert held_upstream(sandbox, "general") == {HYBRID, ACCESSIBLE}


def test_a_leave_refused_changes_nothing_and_asks_nothing_else(gina, sandbox):
    sandbox.set_fault(mode="status", status=406, method="DELETE")
    sandbox.reset_stats()
    result = swap(gina)
    assert result.outcome == "not_left"
    assert result.message.startswith(f"We couldn't take you out of “{LEFT}”, so nothing changed.")
    assert sandbox.request_count(REGISTER) == 0, "the session to take was not asked"


def test_a_leave_without_an_answer_asks_nothing_else_and_says_it_may_go_through(gina, sandbox):
    sandbox.set_fault(mode="status", status=503, method="DELETE")
    sandbox.reset_stats()
    result = swap(gina)
    assert (result.outcome, result.message) == ("unsure", UNCONFIRMED_MESSAGES["unregister"])
    assert len(result.pending) == 1, "settled on her next request"
    assert sandbox.request_count(REGISTER) == 0


def test_a_join_without_an_answer_says_she_left_and_the_seat_may_still_come(gina, sandbox):
    sandbox.set_fault(mode="status", status=503, method="POST", path_contains=path_of(EXPO))
    result = swap(gina)
    assert result.outcome == "unsure"
    assert result.message == f"You left “{LEFT}”. {UNCONFIRMED_MESSAGES['join']}"
    assert len(result.pending) == 1
    attempts = JoinAttempt.objects.order_by("pk")
    assert [(a.session_id, a.outcome) for a in attempts][-1] == (EXPO, "unconfirmed")


def test_a_seat_filled_meanwhile_is_lost_and_said_so(gina, sandbox):
    sandbox.add_registrants(ACCESSIBLE, 1)
    sandbox.patch_session(ACCESSIBLE, capacity=1)  # full once she leaves
    result = swap(gina, take=VIP_ONLY)
    assert result.outcome == "lost"
    assert result.message == (
        f"{TICKET} We tried to put you back in “{LEFT}”, but it filled up in the meantime, "
        "so you're no longer in it."
    )
    assert held_upstream(sandbox, "general") == {HYBRID}


def test_a_way_back_refused_otherwise_sends_her_to_my_sessions(gina, sandbox):
    sandbox.set_fault(mode="status", status=406, method="POST", path_contains=path_of(ACCESSIBLE))
    result = swap(gina, take=VIP_ONLY)
    assert result.outcome == "lost"
    assert result.message.endswith(
        "but the event platform didn't take you back. My sessions shows where you are."
    )


def test_a_way_back_without_an_answer_is_said_to_be_unconfirmed(gina, sandbox):
    sandbox.set_fault(mode="status", status=503, method="POST", path_contains=path_of(ACCESSIBLE))
    result = swap(gina, take=VIP_ONLY)
    assert result.outcome == "lost"
    assert f"We're putting you back in “{LEFT}”, but the event platform hasn't" in result.message
    assert len(result.pending) == 1, "the way back is settled like any join"
