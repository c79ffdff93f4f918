"""The player's one door (sessions_app/agenda/player.py): a provider's name is read loosely,
hostile or unrecognised input is unavailable (naming a known provider only), and whatever is
pasted, every src is https on a host the page may frame or link to. Each provider's accepted
forms are tests/agenda/test_embeds.py's."""

import random
import re
from urllib.parse import urlsplit

import pytest

from sessions_app.agenda.player import Player, build_player
from tests.agenda.test_embeds import (
    FACEBOOK_CASES,
    JWT,
    MUX_CASES,
    VIMEO_CASES,
    WISTIA_CASES,
    YOUTUBE_CASES,
    YT,
    ZOOM_CASES,
)

# Mirrors portal.settings.STREAM_FRAME_SOURCES; kept literal so this test stays Django-free.
FRAME_HOSTS = {
    "www.youtube-nocookie.com",
    "player.vimeo.com",
    "fast.wistia.net",
    "www.facebook.com",
}
PROVIDERS = ["YOUTUBE", "VIMEO", "WISTIA", "FACEBOOK", "ZOOM", "ACCELEVENTS", "DIRECT_UPLOAD"]
HOSTILE_CASES = [
    ("YOUTUBE", "https://youtube.com.evil.com/watch?v=dQw4w9WgXcQ"),
    ("YOUTUBE", "https://evil.com/youtube.com/watch?v=dQw4w9WgXcQ"),
    ("YOUTUBE", "https://www.youtube-nocookie.com@evil.com/embed/dQw4w9WgXcQ"),
    ("YOUTUBE", "https://www.youtube.com:443@evil.com/watch?v=dQw4w9WgXcQ"),
    ("YOUTUBE", "https://xn--youtube-7ya.com/watch?v=dQw4w9WgXcQ"),
    ("YOUTUBE", "https://www.y\u043eutube.com/watch?v=dQw4w9WgXcQ"),
    ("YOUTUBE", "https://www.youtube.com./watch?v=dQw4w9WgXcQ"),
    ("YOUTUBE", "javascript:alert(1)//dQw4w9WgXcQ"),
    ("YOUTUBE", "JaVaScRiPt:alert(document.cookie)"),
    ("YOUTUBE", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="),
    ("YOUTUBE", "vbscript:msgbox(1)"),
    ("YOUTUBE", "//evil.com/embed/dQw4w9WgXcQ"),
    ("YOUTUBE", "https:\\\\evil.com\\embed\\dQw4w9WgXcQ"),
    ("YOUTUBE", "https://www.youtube.com\\@evil.com/watch?v=dQw4w9WgXcQ"),
    ("YOUTUBE", "%2F%2Fevil.com"),
    ("YOUTUBE", "https://www.youtube.com/watch?v=%2F%2Fevil.com"),
    ("YOUTUBE", "https://www.youtube.com/watch?v=dQw4w9WgXc%00"),
    ("YOUTUBE", "dQw4w9WgXcQ\u0000"),
    ("YOUTUBE", '"><script>alert(1)</script>'),
    ("YOUTUBE", 'dQw4w9WgXcQ"><script>alert(1)</script>'),
    ("YOUTUBE", "dQw4w9WgXc!"),
    ("YOUTUBE", "dQw4w9WgXcQQ"),
    ("YOUTUBE", "ftp://www.youtube.com/watch?v=dQw4w9WgXcQ"),
    ("YOUTUBE", "https:www.youtube.com/watch?v=dQw4w9WgXcQ"),
    ("YOUTUBE", "https://www.youtube.com/embed/dQw4w9WgXcQ/../../evil"),
    ("YOUTUBE", "https://www.you tube.com/watch?v=dQw4w9WgXcQ"),
    ("YOUTUBE", "videoseries"),
    ("YOUTUBE", "https://vimeo.com/76979871"),
    ("VIMEO", "https://vimeo.com/event/1234567"),
    ("VIMEO", "https://vimeo.com/event/1234567/embed"),
    ("VIMEO", "https://vimeo.com.evil.com/76979871"),
    ("VIMEO", "https://player.vimeo.com@evil.com/video/76979871"),
    ("VIMEO", "76979871abc"),
    ("VIMEO", "https://player.vimeo.com/video/76979871%2F..%2Fevil"),
    ("WISTIA", "https://evilwistia.com/medias/abcde12345"),
    ("WISTIA", "https://fast.wistia.net.evil.com/embed/iframe/abcde12345"),
    ("WISTIA", "https://a.b.wistia.com/medias/abcde12345"),
    ("WISTIA", "ABCDE12345"),
    ("WISTIA", "abcde12345?<svg onload=alert(1)>"),
    ("FACEBOOK", "https://www.facebook.com.evil.com/watch/?v=1234567890123"),
    ("FACEBOOK", "https://evil.com/?href=https://www.facebook.com/watch/?v=1234567890123"),
    ("FACEBOOK", "https://www.facebook.com/plugins/video.php?href=https://evil.com"),
    ("FACEBOOK", "https://www.facebook.com/watch/?v=123abc"),
    ("FACEBOOK", "https://www.facebook.com/NASA/photos/1234567890123"),
    ("FACEBOOK", "1234567890123"),
    ("ZOOM", "https://zoom.us.evil.com/j/81234567890"),
    ("ZOOM", "https://evilzoom.us/j/81234567890"),
    ("ZOOM", "https://zoom.us@evil.com/j/81234567890"),
    ("ZOOM", "https://us02web.zoom.us/s/81234567890?zak=secret"),
    ("ZOOM", "zoommtg://zoom.us/join?confno=81234567890"),
    ("ZOOM", "https://a.b.zoom.us/j/81234567890"),
    ("ZOOM", "https://xn--zoom-xyz.zoom.us/j/81234567890"),
    ("ACCELEVENTS", "https://stream.mux.com.evil.com/a1B2c3D4e5.m3u8"),
    ("ACCELEVENTS", "https://evil.com/stream.mux.com/a1B2c3D4e5.m3u8"),
    ("ACCELEVENTS", "abc"),
    ("DIRECT_UPLOAD", "a1B2c3D4e5-_x"),
    ("DIRECT_UPLOAD", "javascript:alert(1)"),
    ("OPENTOK", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
    ("", "dQw4w9WgXcQ"),
    ("YOUTUBE", ""),
    ("YOUTUBE", "   "),
    ("YOUTUBE", "x" * 3000),
]


def test_provider_name_is_normalised():
    assert build_player(" youtube ", "dQw4w9WgXcQ").src == f"{YT}dQw4w9WgXcQ"


@pytest.mark.parametrize(("provider", "url"), HOSTILE_CASES)
def test_hostile_or_unrecognised_input_is_unavailable(provider, url):
    known = provider if provider in PROVIDERS else ""
    assert build_player(provider, url) == Player("unavailable", provider=known)


def _all_inputs():
    valid = [url for cases in (YOUTUBE_CASES, VIMEO_CASES, WISTIA_CASES) for url, _ in cases]
    valid += [url for cases in (FACEBOOK_CASES, ZOOM_CASES) for url, _ in cases]
    valid += [args[0] for args, _ in MUX_CASES]
    tricks = ["@evil.com", ".evil.com", "//evil.com/", "\\", "%2F", "javascript:", "xn--", ":80"]
    tricks += ['"', "<", " ", "\u0000", "#", "?", "&", "/../", "evil.com/"]
    rng = random.Random(20250101)
    mutated = []
    for url in valid:
        for _ in range(25):
            at = rng.randrange(len(url) + 1)
            mutated.append(url[:at] + rng.choice(tricks) + url[at:])
    return valid + [url for _, url in HOSTILE_CASES] + mutated


def _allowed(player: Player) -> bool:
    parts = urlsplit(player.src)
    if parts.scheme != "https" or parts.username or parts.port or parts.fragment:
        return False
    if player.kind == "iframe":
        return parts.netloc in FRAME_HOSTS and player.src.startswith(f"https://{parts.netloc}/")
    if player.kind == "hls":
        return parts.netloc == "stream.mux.com"
    return player.kind == "link" and bool(re.fullmatch(r"([a-z0-9-]+\.)?zoom\.us", parts.netloc))


def test_every_src_is_https_on_an_allowed_host():
    checked = 0
    for provider in PROVIDERS:
        for url in _all_inputs():
            player = build_player(provider, url, JWT)
            if player.kind == "unavailable":
                assert player.src == ""
                continue
            checked += 1
            assert _allowed(player), (provider, url, player.src)
            assert not re.search(r"[\s\"'<>\\`]", player.src), (provider, url, player.src)
    assert checked > 100
