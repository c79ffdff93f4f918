"""How a shared blob's bytes are kept (sessions_app.list_store): zlib-compressed where that helps.

One session pickled is ~1.1 kB, most of it the same class, module and field names in every
session, which zlib alone can't find in so short an input. A dictionary made from a sample
session's pickle holds them, so a session packs to ~250 bytes. A value packed with another
dictionary (another release's Session) is not read: for the caller it is a missing blob.
Other values are compressed above `COMPRESS_ABOVE` bytes, without a dictionary.
"""

import functools
import hashlib
import pickle
import zlib
from zoneinfo import ZoneInfo

from .upstream.domain import Session

COMPRESS_ABOVE = 1024
COMPRESS_LEVEL = 6  # blobs are written rarely and read rarely (list_store's memo)
RAW, ZLIB, SESSION = b"=", b"z", b"d"

# Parsed as the upstream's sessions are (times in a ZoneInfo zone, too), so its pickle has their
# types, module and field names.
_SAMPLE = {
    "sessionId": 1,
    "title": "Title",
    "startTime": "2026/01/01 09:00",
    "endTime": "2026/01/01 10:00",
    "format": "BREAKOUT_SESSION",
    "description": "<p>About</p>",
    "location": "Room",
    "capacity": 100,
    "sessionStats": {"registeredUserCount": 1},
    "speakerList": [
        {
            "speakerId": 1,
            "firstName": "A",
            "lastName": "B",
            "title": "T",
            "company": "C",
            "bio": "<p>A is T at C.</p>",
            "imageUrl": "https://example.com/a.svg",
        }
    ],
    "documentKeyValue": [{"key": "Slides", "value": "https://example.com/slides.pdf"}],
    "assetList": [{"id": 1}],
    "sessionVisibilityType": "PRIVATE",
    "tracks": [{"id": 1, "name": "Track", "color": "#123456"}],
    "tags": [{"id": 2, "name": "Tag"}],
    "ticketTypesThatCanBeRegistered": [1],
    "streamProvider": "YOUTUBE",
    "streamUrl": "x",
}


@functools.cache
def _dictionary() -> tuple[bytes, bytes]:
    """The dictionary and its id (4 bytes of its hash, stored with every value packed with it)."""
    body = pickle.dumps(Session.from_api(_SAMPLE, ZoneInfo("UTC")), pickle.HIGHEST_PROTOCOL)
    return body, hashlib.blake2b(body, digest_size=4).digest()


def pack(body: bytes, *, dictionary: bool = False) -> bytes:
    """`body`, compressed when that makes it smaller: with the session dictionary when asked
    (a pickled Session), else only above `COMPRESS_ABOVE` bytes."""
    if dictionary:
        words, words_id = _dictionary()
        squeezer = zlib.compressobj(COMPRESS_LEVEL, zdict=words)
        packed = SESSION + words_id + squeezer.compress(body) + squeezer.flush()
    elif len(body) > COMPRESS_ABOVE:
        packed = ZLIB + zlib.compress(body, COMPRESS_LEVEL)
    else:
        packed = b""
    return packed if packed and len(packed) < len(body) else RAW + body


def unpack(packed) -> bytes | None:
    """The body `pack` was given, or None for anything else (another format or dictionary)."""
    if not isinstance(packed, bytes):
        return None
    kind, rest = packed[:1], packed[1:]
    try:
        if kind == ZLIB:
            return zlib.decompress(rest)
        if kind == SESSION:
            words, words_id = _dictionary()
            if rest[:4] != words_id:
                return None
            inflater = zlib.decompressobj(zdict=words)
            body = inflater.decompress(rest[4:]) + inflater.flush()
            return body if inflater.eof else None
    except zlib.error:
        return None
    return rest if kind == RAW else None
