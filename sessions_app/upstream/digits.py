"""Numbers read from text someone else wrote (a URL, a query, a form, a header, an upstream
field), as ASCII digits only.

`str.isdigit()` and `int()` accept far more than 0-9: superscripts (`"²".isdigit()` is True and
`int("²")` raises), fullwidth and Arabic-Indic digits (`int("١٢")` is 12), and `int()` and
`float()` skip surrounding whitespace and underscores. A number that only looks like one to
Python would make two spellings of one id, or a 500; here it is no number at all. This module
sits in `upstream/` so the transport and the domain readers can use it without importing from
above."""

import re

# 18 digits always fit a signed 64-bit column and are more than any id or count we read.
MAX_DIGITS = 18
_SIGNED = re.compile(r"([+-]?)([0-9]+)(?:\.0*)?", re.ASCII)


def ascii_int(text: object, *, max_digits: int = MAX_DIGITS) -> int | None:
    """The non-negative number `text` spells in ASCII digits alone, else None."""
    if not isinstance(text, str) or not 0 < len(text) <= max_digits:
        return None
    if not (text.isascii() and text.isdigit()):
        return None
    return int(text)


def ascii_ints(texts: list[str]) -> list[int]:
    """The numbers among `texts`, each as `ascii_int` reads it; the rest dropped."""
    return [n for n in (ascii_int(text) for text in texts) if n is not None]


def ascii_signed_int(text: object, *, max_digits: int = MAX_DIGITS) -> int | None:
    """Like `ascii_int`, but a sign, surrounding blanks and a zero fraction (`"12.0"`, the
    upstream's JSON sometimes quotes numbers that way) are allowed."""
    if not isinstance(text, str) or len(text) > max_digits + 40:
        return None
    match = _SIGNED.fullmatch(text.strip(" \t"))
    if match is None or len(match[2]) > max_digits:
        return None
    number = int(match[2])
    return -number if match[1] == "-" else number
