"""The strict URL reading every provider's builder starts from: printable text only, http(s) or
no scheme, a plain lowercase DNS host (no IDN), a host allowlist with at most one subdomain
label, and the helpers that rebuild a URL from validated parts."""

from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import parse_qs, urlencode, urlsplit

# Printable ASCII minus quotes, angle brackets, backslash, braces, pipe, caret, backtick.
SAFE_TEXT = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&()*+,;=% ]{1,2048}")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_HOST = re.compile(rf"{_LABEL}(?:\.{_LABEL})*")
_SUBDOMAIN = re.compile(_LABEL)


class Url(NamedTuple):
    host: str
    path: str
    query: dict[str, list[str]]


def parse_url(text: str) -> Url | None:
    """Split a URL (scheme optional) whose host is a plain lowercase DNS name, else None."""
    scheme = _SCHEME.match(text)
    if scheme:
        rest = text[scheme.end() :]
        if scheme.group().lower() not in ("http:", "https:") or not rest.startswith("//"):
            return None
    elif text.startswith("/"):
        return None
    else:
        text = f"https://{text}"
    try:
        parts = urlsplit(text)
        query = parse_qs(parts.query, max_num_fields=50)
    except ValueError:
        return None
    host = parts.netloc.lower()
    if " " in text or not _HOST.fullmatch(host) or "xn--" in host:
        return None
    return Url(host, parts.path, query)


def match_url(
    text: str, hosts: set[str], parent: str, path: re.Pattern[str]
) -> tuple[re.Match[str], Url] | None:
    """(path match, url) when text is a URL on an allowed host whose path fits, else None."""
    url = parse_url(text)
    if url is None or not (url.host in hosts or _is_subdomain(url.host, parent)):
        return None
    match = path.fullmatch(url.path)
    return (match, url) if match else None


def _is_subdomain(host: str, parent: str) -> bool:
    """Exactly one DNS label in front of parent (``us02web.zoom.us``), never a look-alike."""
    label, _, rest = host.partition(".")
    return bool(parent) and rest == parent and bool(_SUBDOMAIN.fullmatch(label))


def first(query: dict[str, list[str]], key: str) -> str:
    return query.get(key, [""])[0]


def with_query(base: str, params: dict[str, str]) -> str:
    return f"{base}?{urlencode(params)}" if params else base
