"""The organizer's charts: numbers an organizer reads beside each bar ("38 / 40 (95%)"), bars
that never overflow their box, the tallest bar filling the chart, and every bar still linking
to the list behind it."""

import pytest

from sessions_app.organizer.admin.charts import columns, fill_bar, fill_text, percent, segments

pytestmark = pytest.mark.django_db  # fill_bar renders a template


def test_fill_text_reads_as_registered_of_capacity():
    assert fill_text(38, 40) == "38 / 40 (95%)"
    assert fill_text(0, 40) == "0 / 40 (0%)"
    assert fill_text(12, 0) == "12 registered (no limit)"


def test_a_percentage_of_nothing_is_zero_not_an_error():
    assert percent(1, 3) == 33
    assert percent(2, 3) == 67
    assert percent(5, 0) == 0


def test_an_overbooked_session_fills_its_bar_but_not_past_it():
    html = fill_bar(45, 40, full=True, url="/admin/x/")
    assert 'class="fill__value" x="0" y="0" width="100"' in html
    assert "45 / 40 (112%)" in html
    assert "/admin/x/" in html


def test_the_tallest_column_fills_the_chart_and_the_others_scale_to_it():
    bars = columns(
        [("9:00", 10, "a", "/a"), ("10:00", 5, "b", "/b"), ("11:00", 0, "c", "/c")], height=160
    )
    assert [bar.height for bar in bars] == [160.0, 80.0, 0.0]
    assert [bar.url for bar in bars] == ["/a", "/b", "/c"]
    assert all(bar.y + bar.height == 174 for bar in bars)  # one baseline under every bar


def test_columns_stay_inside_the_chart_and_only_every_nth_is_labelled():
    bars = columns([(str(h), h, "", "") for h in range(40)], width=720, label_every=4)
    assert bars[0].x >= 0 and bars[-1].x + bars[-1].width <= 720
    assert [bar.label for bar in bars[:5]] == ["0", "", "", "", "4"]
    assert columns([]) == []
    assert [bar.height for bar in columns([("a", 0, "", "")])] == [0.0]


def test_few_columns_stay_bars_centred_in_the_chart():
    (bar,) = columns([("9:00", 3, "", "")], width=720)
    assert bar.width <= 48
    assert bar.cx == 360


def test_a_stacked_bar_places_each_part_after_the_last():
    parts = segments([(2, "full", "Full", "/f"), (6, "other", "Other", "/o")], top=8, width=100)
    assert [(s.x, s.width) for s in parts] == [(0.0, 25.0), (25.0, 75.0)]
    assert [s.url for s in parts] == ["/f", "/o"]
    assert segments([(0, "x", "", "")], top=0)[0].width == 0.0
