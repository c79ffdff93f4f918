"""Turn the stream URL an organizer pasted into Accelevents into something safe to render.

Output URLs are rebuilt from validated parts only (never echoed), and every iframe src lands
on a host in ``portal.settings.STREAM_FRAME_SOURCES``. Optional params that fail validation
(``list``, ``start``, Vimeo ``h``) are dropped; a bad id, host or token makes the player
unavailable. Vimeo live events (``vimeo.com/event/ID``) embed from vimeo.com, which the CSP
does not frame, so they are unavailable. Zoom start links (``/s/``) carry host rights: refused.

Here, the choice of builder by provider; each provider's builder is in ``embeds.py``, the
strict URL reading they share in ``embed_urls.py``, and what a player is in ``player_kinds.py``.
"""

from __future__ import annotations

from dataclasses import replace

from .embed_urls import SAFE_TEXT
from .embeds import MUX_PROVIDERS, PARSERS, mux
from .player_kinds import IFRAME_ALLOW, SITE_NAMES, Player

__all__ = ["IFRAME_ALLOW", "SITE_NAMES", "Player", "build_player"]


def build_player(provider: str, stream_url: str, playback_token: str | None = "") -> Player:
    name = (provider or "").strip().upper()
    text = (stream_url or "").strip()
    player = None
    if name in MUX_PROVIDERS and SAFE_TEXT.fullmatch(text):
        player = mux(text, (playback_token or "").strip())
    elif name in PARSERS and SAFE_TEXT.fullmatch(text):
        player = PARSERS[name](text)
    if player is None:
        known = name in PARSERS or name in MUX_PROVIDERS
        return Player("unavailable", provider=name if known else "")
    return replace(player, provider=name)
