"""An organizer's rich text (a session's description) keeps its formatting and safe links, and
loses everything that could run, restyle the page or point back into the portal."""

from django.utils.safestring import SafeString

from sessions_app.upstream.sanitize import clean_html


def test_formatting_is_kept():
    html = "<p>Join <strong>us</strong> <em>live</em></p><ul><li>one</li></ul><h3>Agenda</h3>"
    assert clean_html(html) == html


def test_the_result_is_marked_safe_and_nothing_is_an_empty_string():
    assert isinstance(clean_html("<p>x</p>"), SafeString)
    assert clean_html(None) == ""
    assert clean_html("") == ""


def test_scripts_and_styles_are_dropped_with_their_text():
    cleaned = clean_html("<p>a</p><script>alert(1)</script><style>p{}</style><iframe>x</iframe>")
    assert cleaned == "<p>a</p>"


def test_event_handlers_styles_and_unknown_tags_are_removed():
    cleaned = clean_html(
        '<p onclick="x()" style="color:red">a<img src=x onerror=y()></p><div>b</div>'
    )
    assert cleaned == "<p>a</p>b"


def test_a_web_link_opens_without_giving_the_portal_away():
    cleaned = clean_html('<a href="https://example.com/x" target="_top">site</a>')
    assert cleaned == '<a href="https://example.com/x" rel="noopener noreferrer nofollow">site</a>'


def test_script_and_relative_links_lose_their_target():
    for href in ("javascript:alert(1)", "/admin/", "data:text/html,x", "vbscript:x"):
        assert "href" not in clean_html(f'<a href="{href}">x</a>'), href


def test_comments_are_stripped():
    assert clean_html("<p>a<!-- internal note --></p>") == "<p>a</p>"
