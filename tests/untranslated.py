"""Finding attendee-facing text that bypasses translation, for tests/journeys/test_i18n.py.

Templates: the template is lexed as Django does; text inside {% translate %} and
{% blocktranslate %}…{% endblocktranslate %} (and comments) is taken out, every variable and tag
becomes a neutral placeholder, and what is left is parsed as HTML. Any word left in the text
between tags, or in an attribute a person reads or hears (title, alt, placeholder, aria-label,
hx-confirm, a button's value…), is untranslated text. Scripts: a string literal of two or more
words that isn't the argument of gettext/ngettext."""

import re
from html.parser import HTMLParser

from django.template.base import Lexer, TokenType

PLACEHOLDER = "\x1f"
WORD = re.compile(r"[^\W\d_]{2,}")
READ_ATTRIBUTES = {
    "title",
    "alt",
    "placeholder",
    "aria-label",
    "aria-description",
    "aria-roledescription",
    "aria-placeholder",
    "aria-valuetext",
    "hx-confirm",
    "hx-prompt",
    "label",
    "content",  # only <meta name="description"> is checked, see _Reader
}
_TRANSLATE_TAGS = {"translate", "trans"}
_BLOCK_TAGS = {"blocktranslate": "endblocktranslate", "blocktrans": "endblocktrans"}


def skeleton(source: str) -> str:
    """`source` with translated text, comments, variables and tags replaced by placeholders."""
    parts, closing = [], None
    for token in Lexer(source).tokenize():
        words = token.contents.split()
        name = words[0] if words else ""
        if closing:
            if token.token_type == TokenType.BLOCK and name == closing:
                closing = None
            continue
        if token.token_type == TokenType.TEXT:
            parts.append(token.contents)
        elif token.token_type == TokenType.BLOCK and name in _BLOCK_TAGS:
            closing = _BLOCK_TAGS[name]
            parts.append(PLACEHOLDER)
        elif token.token_type == TokenType.BLOCK and name == "comment":
            closing = "endcomment"
        elif token.token_type in (TokenType.VAR, TokenType.BLOCK):
            parts.append(PLACEHOLDER)
    return "".join(parts)


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        values = dict(attrs)
        for name, value in attrs:
            if name not in READ_ATTRIBUTES or value is None:
                continue
            if name == "content" and not (tag == "meta" and values.get("name") == "description"):
                continue
            self._check(value, f"<{tag} {name}>")
        if tag == "input" and values.get("type") in ("submit", "button", "reset"):
            self._check(values.get("value") or "", "<input value>")

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self._check(data, "text")

    def _check(self, value: str, where: str) -> None:
        text = value.replace(PLACEHOLDER, " ")
        if WORD.search(text):
            self.found.append(f"{where}: {' '.join(text.split())!r}")


def untranslated_in_template(source: str) -> list[str]:
    reader = _Reader()
    reader.feed(skeleton(source))
    reader.close()
    return reader.found


_STRING = re.compile(r"""(?P<q>["'])(?P<text>(?:\\.|(?!(?P=q)).)*)(?P=q)""")
_GETTEXT_CALL = re.compile(r"(?:gettext|ngettext|pgettext|npgettext)\(\s*$")
_NOT_TEXT = {"use strict"}


def untranslated_in_script(source: str) -> list[str]:
    found = []
    for line in source.splitlines():
        code = line.split("//", 1)[0] if not line.strip().startswith("//") else ""
        for match in _STRING.finditer(code):
            text = match["text"]
            words = WORD.findall(text)
            if len(words) < 2 or text in _NOT_TEXT or not re.search(r"\s", text):
                continue
            if (
                "[" in text
                or text.startswith((".", "#"))
                or (text.startswith("(") and text.endswith(")"))
            ):
                continue  # a CSS selector or a media query
            if not _GETTEXT_CALL.search(code[: match.start()]):
                found.append(text)
    return found
