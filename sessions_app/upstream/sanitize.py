"""Allow-list HTML sanitising for upstream rich text (session descriptions)."""

import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "b", "i", "u", "ul", "ol", "li", "a", "h3", "h4", "blockquote"}
)

_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    # Dropped together with their text, not just unwrapped.
    clean_content_tags={"script", "style", "iframe", "noscript", "template", "object", "embed"},
    attributes={"a": {"href", "title"}},
    url_schemes={"http", "https", "mailto"},
    # Relative links would resolve against the portal itself; an organizer never means that.
    url_relative="deny",
    link_rel="noopener noreferrer nofollow",
    strip_comments=True,
)


def clean_html(value: str | None) -> SafeString:
    """Return `value` reduced to the allow-list above, marked safe for templates."""
    if not value:
        return mark_safe("")
    return mark_safe(_CLEANER.clean(value))  # noqa: S308 (output of the nh3 allow-list)
