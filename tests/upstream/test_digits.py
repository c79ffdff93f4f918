# ruff: noqa: RUF001 -- look-alike digits are the point of this file
"""Numbers read from someone else's text are ASCII digits or no number at all: one id has one
spelling, and a superscript or an Arabic-Indic digit is never a 500 nor another id."""

import pytest

from sessions_app.upstream.digits import MAX_DIGITS, ascii_int, ascii_ints, ascii_signed_int


@pytest.mark.parametrize(
    ("text", "number"), [("0", 0), ("7", 7), ("0042", 42), ("9" * 18, 10**18 - 1)]
)
def test_ascii_digits_are_their_number(text, number):
    assert ascii_int(text) == number


@pytest.mark.parametrize(
    "text",
    ["", "²", "١٢", "１２", "1_2", " 12", "12 ", "+12", "-12", "12.0", "1e3", "9" * 19, None, 12],
)
def test_anything_but_plain_ascii_digits_is_no_number(text):
    assert ascii_int(text) is None


def test_a_caller_may_allow_fewer_digits():
    assert ascii_int("12345", max_digits=5) == 12345
    assert ascii_int("123456", max_digits=5) is None


def test_a_list_keeps_only_its_numbers_in_order():
    assert ascii_ints(["3", "x", "²", "1", "", "20"]) == [3, 1, 20]


@pytest.mark.parametrize(
    ("text", "number"),
    [("12", 12), ("-12", -12), ("+12", 12), (" 12\t", 12), ("12.0", 12), ("12.", 12), ("-0", 0)],
)
def test_a_signed_number_may_carry_a_sign_blanks_and_a_zero_fraction(text, number):
    assert ascii_signed_int(text) == number


@pytest.mark.parametrize(
    "text", ["12.5", "١٢", "1_2", "--1", "", " ", "12\n", "1" * (MAX_DIGITS + 1), None, 1.0]
)
def test_a_signed_number_is_still_ascii_and_whole(text):
    assert ascii_signed_int(text) is None
