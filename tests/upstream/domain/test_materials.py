"""An ended session's documents, links and recording, read from the shapes the API may send."""

from sessions_app.upstream.domain.materials import Link, has_recording, links_from

SLIDES = "https://example.com/slides.pdf"


def test_key_value_entries_become_links():
    assert links_from([{"key": "Slides", "value": SLIDES}]) == (Link("Slides", SLIDES),)


def test_other_spellings_and_an_object_of_label_to_url_are_read_too():
    assert links_from([{"name": "Slides", "url": SLIDES}]) == (Link("Slides", SLIDES),)
    assert links_from({"Slides": SLIDES}) == (Link("Slides", SLIDES),)
    assert links_from([{"url": SLIDES}]) == (Link(SLIDES, SLIDES),)  # no label: the address


def test_anything_but_an_http_link_is_dropped():
    hostile = [
        {"key": "x", "value": "javascript:alert(1)"},
        {"key": "y", "value": "/relative"},
        "just text",
        None,
        {"key": "z"},
    ]
    assert links_from(hostile) == ()
    assert links_from(None) == () and links_from("text") == ()


def test_a_recording_is_an_asset_list_that_names_an_asset():
    assert has_recording([{"id": 1, "fileName": "a.mp4"}])
    assert not has_recording(None) and not has_recording([]) and not has_recording([{}])
