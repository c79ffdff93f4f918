# ruff: noqa: RUF001 -- look-alike digits are the point of this file
"""A number or a date in a query is read from ASCII alone, so one filter has one spelling:
Django's own fields would read "١٢" as 12 and a fullwidth date as a date."""

from datetime import date

import pytest
from django import forms

from sessions_app.ops.ascii_fields import AsciiDateField, AsciiIntegerField


class Filter(forms.Form):
    page = AsciiIntegerField(required=False)
    day = AsciiDateField(required=False)


@pytest.mark.parametrize(("value", "number"), [("12", 12), (" 12 ", 12), ("0", 0), ("", None)])
def test_ascii_digits_are_a_number(value, number):
    form = Filter({"page": value})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["page"] == number


@pytest.mark.parametrize("value", ["١٢", "１２", "1_2", "²", "12.0", "-1", "9" * 19])
def test_anything_else_is_invalid_not_another_number(value):
    form = Filter({"page": value})
    assert not form.is_valid()
    assert form.errors["page"][0] == str(AsciiIntegerField.default_error_messages["invalid"])


def test_an_ascii_date_is_a_date():
    form = Filter({"day": "2026-03-05"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == date(2026, 3, 5)


@pytest.mark.parametrize("value", ["２０２６-03-05", "2026-٠٣-05", "2026-02-30", "soon"])
def test_a_date_that_is_not_plain_ascii_or_not_a_day_is_invalid(value):
    form = Filter({"day": value})
    assert not form.is_valid()
    assert "day" in form.errors
