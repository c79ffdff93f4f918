"""What the portal says when the event platform says no (sessions_app/joining/wording.py): each
refusal in our own words, chosen by its reason, in the attendee's language; a sign-in refusal
never tells whether the address has an account."""

import pytest
from django.utils import translation

from sessions_app.joining.wording import (
    ALREADY_LEFT,
    LINK_REFUSED,
    left_sentence,
    magic_link_error,
    refusal_sentence,
    sign_in_error,
)
from sessions_app.upstream.errors import RefusalReason as R
from sessions_app.upstream.errors import SignInRejected


def test_each_refusal_reason_has_its_own_sentence():
    sentences = {reason: refusal_sentence(reason) for reason in R}
    assert sentences[R.CAPACITY_FULL] == "This session is full."
    assert sentences[R.TICKET_TYPE] == "Your ticket doesn't include this session."
    assert sentences[R.NOT_FOUND] == "This session is no longer on the agenda."
    assert sentences[R.NOT_REGISTERED_FOR_EVENT].startswith("You need a ticket for the event")
    assert len(set(sentences.values())) == len(sentences), "two reasons, one sentence"


def test_a_session_limit_names_the_limit_when_the_platform_gave_it():
    assert refusal_sentence(R.SESSION_LIMIT, limit=1) == (
        "Your ticket lets you join 1 session, and you've reached that limit."
    )
    assert refusal_sentence(R.SESSION_LIMIT, limit=3) == (
        "Your ticket lets you join 3 sessions, and you've reached that limit."
    )
    assert refusal_sentence(R.SESSION_LIMIT) == (
        "You've joined as many sessions as your ticket allows."
    )


def test_the_sentences_are_in_the_attendees_language():
    with translation.override("de"):
        assert refusal_sentence(R.TICKET_TYPE) == "Ihr Ticket umfasst diese Session nicht."
        assert left_sentence("Keynote", ALREADY_LEFT) == "Sie hatten „Keynote“ bereits verlassen."


def test_a_leave_says_whether_the_seat_was_freed_now_or_already():
    assert left_sentence("Keynote") == "You left “Keynote”. Your seat is free."
    assert left_sentence("Keynote", ALREADY_LEFT) == "You had already left “Keynote”."


@pytest.mark.parametrize(
    "rejected",
    [
        SignInRejected(status=401, code="4010103"),  # wrong password
        SignInRejected(status=404, code="4040100"),  # no such user
        SignInRejected(status=401),
        SignInRejected(status=404, code=" 4040100 "),
    ],
)
def test_an_unknown_address_and_a_wrong_password_read_the_same(rejected):
    assert sign_in_error(rejected) == "Email or password is wrong"


def test_a_locked_account_is_said_to_be_locked_on_both_ways_in():
    locked = SignInRejected(status=401, code="4010102")
    assert sign_in_error(locked).startswith("This account is locked.")
    assert magic_link_error(locked) == sign_in_error(locked)


def test_any_other_refusal_asks_to_check_the_details_and_a_bad_link_for_a_new_one():
    assert sign_in_error(SignInRejected(status=400, code="4000001")).startswith(
        "We couldn't sign you in"
    )
    assert magic_link_error(SignInRejected(status=401, code="4010101")) == str(LINK_REFUSED)
