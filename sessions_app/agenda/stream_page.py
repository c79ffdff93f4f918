"""What the stream page shows of a session's stream: the player, and a caption track where the
platform gives a caption file, with the page's CSP opened to that file's origin only.

`closedCaptionUrl` is documented as a field, not as a format (the guide's samples are all
null, beside a `closedCaptionHeight` that suggests a caption page shown in a strip). Assumed,
and recorded in docs/upstream-contract.md: a URL whose path ends in `.vtt` is a WebVTT file the
browser can show as captions; anything else is a page, offered as a link.
"""

import re
from urllib.parse import urlsplit

from .hub_links import hub_links
from .player import build_player

_VTT_PATH = re.compile(r"/[A-Za-z0-9._~!$&'()*+,;=:@%/-]{1,1024}\.vtt")


def stream_context(detail, *, now) -> dict:
    stream = detail.card.session.stream
    player = build_player(stream.provider, stream.url, stream.playback_token)
    captions = caption_file(stream.closed_caption_url) if player.kind == "hls" else ""
    return {
        "detail": detail,
        "card": detail.card,
        "player": player,
        "now": now,
        "captions": captions,
        "hub_links": hub_links(detail.card.session),  # its chat, polls and Q&A in the hub
    }


def caption_file(url: str) -> str:
    """The URL of a WebVTT file on an https origin, rebuilt from its parts; else ""."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return ""
    host = (parts.hostname or "").lower()
    if parts.scheme != "https" or not host or parts.username or parts.password:
        return ""
    if not re.fullmatch(r"[a-z0-9.-]{1,253}", host) or not _VTT_PATH.fullmatch(parts.path):
        return ""
    origin = f"https://{host}" + (f":{port}" if port else "")
    return origin + parts.path + (f"?{parts.query}" if parts.query else "")


def allow_captions(response, context: dict):
    """Let this page's video load its caption file (media-src), and nothing else from there."""
    if captions := context.get("captions"):
        parts = urlsplit(captions)
        response._csp_update = {"media-src": [f"{parts.scheme}://{parts.netloc}"]}
    return response
