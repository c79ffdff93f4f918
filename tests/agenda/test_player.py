import random
import re
from urllib.parse import urlsplit

import pytest

from sessions_app.agenda.player import IFRAME_ALLOW, Player, build_player

# Mirrors portal.settings.STREAM_FRAME_SOURCES; kept literal so this test stays Django-free.
FRAME_HOSTS = {
    "www.youtube-nocookie.com",
    "player.vimeo.com",
    "fast.wistia.net",
    "www.facebook.com",
}
PROVIDERS = ["YOUTUBE", "VIMEO", "WISTIA", "FACEBOOK", "ZOOM", "ACCELEVENTS", "DIRECT_UPLOAD"]
JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhYmMiLCJhdWQiOiJ2In0.c2lnbmF0dXJlXy1fX3ZhbHVl"
MUX_ID = "dWYyfRQwT9sWRqxn2kljHcEqJbaWXXsVlHow02FRZkx00"

YT = "https://www.youtube-nocookie.com/embed/"
VIMEO = "https://player.vimeo.com/video/"
WISTIA = "https://fast.wistia.net/embed/iframe/"
FB = "https://www.facebook.com/plugins/video.php?href="

YOUTUBE_CASES = [
    ("dQw4w9WgXcQ", f"{YT}dQw4w9WgXcQ"),
    ("  dQw4w9WgXcQ \n", f"{YT}dQw4w9WgXcQ"),
    (
        "guL_-lvkY5o&list=RDMMguL_-lvkY5o&start_radio=1",
        f"{YT}guL_-lvkY5o?list=RDMMguL_-lvkY5o",
    ),
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", f"{YT}dQw4w9WgXcQ"),
    ("youtube.com/watch?v=dQw4w9WgXcQ&feature=share", f"{YT}dQw4w9WgXcQ"),
    ("https://m.youtube.com/watch?feature=youtu.be&v=dQw4w9WgXcQ", f"{YT}dQw4w9WgXcQ"),
    ("http://youtu.be/dQw4w9WgXcQ", f"{YT}dQw4w9WgXcQ"),
    ("https://youtu.be/dQw4w9WgXcQ?si=Ab_cD-12&t=1m30s", f"{YT}dQw4w9WgXcQ?start=90"),
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s", f"{YT}dQw4w9WgXcQ?start=42"),
    ("https://www.youtube.com/embed/dQw4w9WgXcQ?start=75&rel=0", f"{YT}dQw4w9WgXcQ?start=75"),
    ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", f"{YT}dQw4w9WgXcQ"),
    ("https://www.youtube.com/live/jfKfPfyJRdk?si=x1", f"{YT}jfKfPfyJRdk"),
    ("https://youtube.com/shorts/aqz-KE-bpKQ", f"{YT}aqz-KE-bpKQ"),
    (
        "HTTPS://WWW.YOUTUBE.COM/watch?v=dQw4w9WgXcQ&list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG",
        f"{YT}dQw4w9WgXcQ?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG",
    ),
    ("https://www.youtube.com/playlist?list=PLx0sYbCqOb8T", f"{YT}videoseries?list=PLx0sYbCqOb8T"),
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=bad!list&t=xx", f"{YT}dQw4w9WgXcQ"),
]

VIMEO_CASES = [
    ("76979871", f"{VIMEO}76979871"),
    ("https://vimeo.com/76979871", f"{VIMEO}76979871"),
    ("vimeo.com/76979871/", f"{VIMEO}76979871"),
    ("https://www.vimeo.com/76979871?share=copy", f"{VIMEO}76979871"),
    ("https://vimeo.com/channels/staffpicks/76979871", f"{VIMEO}76979871"),
    ("https://vimeo.com/showcase/4928/video/76979871", f"{VIMEO}76979871"),
    ("https://vimeo.com/76979871/5a8b9c0d1e", f"{VIMEO}76979871?h=5a8b9c0d1e"),
    (
        "https://player.vimeo.com/video/76979871?h=5a8b9c0d1e&badge=0&autopause=0",
        f"{VIMEO}76979871?h=5a8b9c0d1e",
    ),
    ("https://vimeo.com/manage/videos/76979871", f"{VIMEO}76979871"),
]

WISTIA_CASES = [
    ("abcde12345", f"{WISTIA}abcde12345"),
    ("https://fast.wistia.net/embed/iframe/abcde12345", f"{WISTIA}abcde12345"),
    ("fast.wistia.net/embed/iframe/abcde12345?videoFoam=true", f"{WISTIA}abcde12345"),
    ("https://acme.wistia.com/medias/abcde12345", f"{WISTIA}abcde12345"),
    ("https://home.wistia.com/medias/abcde12345/", f"{WISTIA}abcde12345"),
    ("https://fast.wistia.com/embed/medias/abcde12345", f"{WISTIA}abcde12345"),
]

FACEBOOK_CASES = [
    (
        "https://www.facebook.com/NASA/videos/1234567890123/",
        f"{FB}https%3A%2F%2Fwww.facebook.com%2FNASA%2Fvideos%2F1234567890123%2F",
    ),
    (
        "facebook.com/acme.events/videos/launch-day-live/1234567890123",
        f"{FB}https%3A%2F%2Fwww.facebook.com%2Facme.events%2Fvideos%2F1234567890123%2F",
    ),
    (
        "https://m.facebook.com/watch/?v=1234567890123&ref=sharing",
        f"{FB}https%3A%2F%2Fwww.facebook.com%2Fwatch%2F%3Fv%3D1234567890123",
    ),
    (
        "https://www.facebook.com/watch/live/?v=1234567890123",
        f"{FB}https%3A%2F%2Fwww.facebook.com%2Fwatch%2F%3Fv%3D1234567890123",
    ),
    (
        "https://web.facebook.com/videos/1234567890123",
        f"{FB}https%3A%2F%2Fwww.facebook.com%2Fwatch%2F%3Fv%3D1234567890123",
    ),
    ("https://fb.watch/aBc-12_xY/", f"{FB}https%3A%2F%2Ffb.watch%2FaBc-12_xY%2F"),
]

ZOOM_CASES = [
    ("https://zoom.us/j/81234567890", "https://zoom.us/j/81234567890"),
    (
        "https://us02web.zoom.us/j/81234567890?pwd=Y2VxWXZ5UHJ0ZmNIcHNaWExhYWpYQT09.1",
        "https://us02web.zoom.us/j/81234567890?pwd=Y2VxWXZ5UHJ0ZmNIcHNaWExhYWpYQT09.1",
    ),
    (
        "us06web.zoom.us/j/81234567890?pwd=abc&uname=Eve",
        "https://us06web.zoom.us/j/81234567890?pwd=abc",
    ),
    (
        "https://acme.zoom.us/w/912345678?tk=t0k-en.1",
        "https://acme.zoom.us/w/912345678?tk=t0k-en.1",
    ),
    ("81234567890", "https://zoom.us/j/81234567890"),
    ("812 3456 7890", "https://zoom.us/j/81234567890"),
    ("812-345-678", "https://zoom.us/j/812345678"),
]

MUX_CASES = [
    ((MUX_ID, ""), f"https://stream.mux.com/{MUX_ID}.m3u8"),
    ((MUX_ID, None), f"https://stream.mux.com/{MUX_ID}.m3u8"),
    ((MUX_ID, JWT), f"https://stream.mux.com/{MUX_ID}.m3u8?token={JWT}"),
    ((f"https://stream.mux.com/{MUX_ID}.m3u8", ""), f"https://stream.mux.com/{MUX_ID}.m3u8"),
    ((f"stream.mux.com/{MUX_ID}", f" {JWT} "), f"https://stream.mux.com/{MUX_ID}.m3u8?token={JWT}"),
    (("a1B2c3D4e5", ""), "https://stream.mux.com/a1B2c3D4e5.m3u8"),
]

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


def _iframe(provider: str, src: str, title: str) -> Player:
    return Player("iframe", src, provider, title, IFRAME_ALLOW)


@pytest.mark.parametrize(("url", "src"), YOUTUBE_CASES)
def test_youtube_forms_embed_nocookie(url, src):
    assert build_player("YOUTUBE", url) == _iframe("YOUTUBE", src, "YouTube video player")


@pytest.mark.parametrize(("url", "src"), VIMEO_CASES)
def test_vimeo_forms_embed_player(url, src):
    assert build_player("VIMEO", url) == _iframe("VIMEO", src, "Vimeo video player")


@pytest.mark.parametrize(("url", "src"), WISTIA_CASES)
def test_wistia_forms_embed_iframe(url, src):
    assert build_player("WISTIA", url) == _iframe("WISTIA", src, "Wistia video player")


@pytest.mark.parametrize(("url", "src"), FACEBOOK_CASES)
def test_facebook_video_urls_embed_plugin(url, src):
    assert build_player("FACEBOOK", url) == _iframe("FACEBOOK", src, "Facebook video player")


@pytest.mark.parametrize(("url", "src"), ZOOM_CASES)
def test_zoom_meetings_become_links(url, src):
    expected = Player("link", src, "ZOOM", "Zoom meeting", label="Open in Zoom")
    assert build_player("ZOOM", url) == expected


@pytest.mark.parametrize("provider", ["ACCELEVENTS", "DIRECT_UPLOAD"])
@pytest.mark.parametrize(("args", "src"), MUX_CASES)
def test_mux_playback_ids_become_hls(provider, args, src):
    url, token = args
    assert build_player(provider, url, token) == Player("hls", src, provider, "Session video")


def test_provider_name_is_normalised():
    assert build_player(" youtube ", "dQw4w9WgXcQ").src == f"{YT}dQw4w9WgXcQ"


@pytest.mark.parametrize("token", ["abc.def", 'a.b.c"', "a.b.c<script>", "a.b.c.d", "a..c"])
def test_mux_malformed_token_is_unavailable(token):
    assert build_player("ACCELEVENTS", MUX_ID, token) == Player(
        "unavailable", provider="ACCELEVENTS"
    )


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
