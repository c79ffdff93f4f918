"""What a session offers besides its stream, read from the session items: the organizer's
documents and links, and whether a recording exists.

The guide's sample shows `documentKeyValue: []`, `linkKeyValue: []` and `assetList: null`, and the
reference says `assetList` holds Mux assets ("asset id, default playback, duration, file name")
played after the live stream ends; the shape of a document or link entry is not documented. The
names say key-value pairs, so each entry is read as a label and an http(s) URL in any of the
plausible spellings ({"key","value"}, {"name"|"title"|"label", "url"|"link"|"value"}, or one
object of label → URL); anything else is dropped (docs/upstream-contract.md).
"""

from dataclasses import dataclass
from typing import Any

from .fields import as_dict, as_http_url, as_list, as_str

_LABELS = ("key", "name", "title", "label", "fileName")
_URLS = ("value", "url", "link", "href", "documentUrl")
MAX_ENTRIES = 20


@dataclass(frozen=True)
class Link:
    label: str
    url: str


def _entry(item: Any) -> Link | None:
    item = as_dict(item)
    url = next((u for u in (as_http_url(item.get(k)) for k in _URLS) if u), "")
    label = next((t for t in (as_str(item.get(k)) for k in _LABELS) if t and t != url), "")
    return Link(label[:200] or url[:200], url) if url else None


def links_from(value: Any) -> tuple[Link, ...]:
    """The http(s) links of a `documentKeyValue` or `linkKeyValue` value, in order."""
    if isinstance(value, dict):  # one object of label → URL
        value = [{"key": label, "value": url} for label, url in value.items()]
    found = (_entry(item) for item in as_list(value)[:MAX_ENTRIES])
    return tuple(link for link in found if link is not None)


def has_recording(value: Any) -> bool:
    """`assetList` names at least one asset: the platform keeps a recording of the session."""
    return any(isinstance(item, dict) and item for item in as_list(value))
