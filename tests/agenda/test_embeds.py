"""Each provider's builder (sessions_app/agenda/embeds.py), through the player's one door
(`build_player`): every form of a provider's URL an organizer may paste becomes that provider's
own embed (YouTube on youtube-nocookie.com, Vimeo, Wistia and Facebook as iframes, Zoom as a
link out, Mux as HLS) rebuilt from its validated parts, and the provider's own page for the same
video ("Trouble playing? Open on YouTube") comes from the same parts."""

import pytest

from sessions_app.agenda.player import IFRAME_ALLOW, Player, build_player

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


@pytest.mark.parametrize("token", ["abc.def", 'a.b.c"', "a.b.c<script>", "a.b.c.d", "a..c"])
def test_mux_malformed_token_is_unavailable(token):
    assert build_player("ACCELEVENTS", MUX_ID, token) == Player(
        "unavailable", provider="ACCELEVENTS"
    )


# --- the provider's own page, for "Trouble playing? Open on …" ------------------------------------


@pytest.mark.parametrize(
    ("url", "page"),
    [
        ("dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
        (
            "https://youtu.be/dQw4w9WgXcQ?t=1m30s",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=90s",
        ),
        (
            "youtube.com/watch?v=dQw4w9WgXcQ&list=PLx0sYbCqOb8T&index=3",
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=PLx0sYbCqOb8T",
        ),
        (
            "https://www.youtube.com/playlist?list=PLx0sYbCqOb8T",
            "https://www.youtube.com/playlist?list=PLx0sYbCqOb8T",
        ),
    ],
)
def test_a_youtube_video_or_playlist_opens_on_youtube_itself(url, page):
    player = build_player("YOUTUBE", url)
    assert (player.page, player.site_name) == (page, "YouTube")


def test_a_vimeo_video_opens_on_vimeo_with_its_private_hash():
    assert build_player("VIMEO", "76979871").page == "https://vimeo.com/76979871"
    hashed = build_player("VIMEO", "https://player.vimeo.com/video/76979871?h=5a8b9c0d1e")
    assert hashed.page == "https://vimeo.com/76979871/5a8b9c0d1e"


def test_wistia_and_facebook_open_their_own_player_or_video_page():
    wistia = build_player("WISTIA", "https://acme.wistia.com/medias/abcde12345")
    assert wistia.page == wistia.src == f"{WISTIA}abcde12345"
    facebook = build_player("FACEBOOK", "https://m.facebook.com/watch/?v=1234567890123&ref=x")
    assert facebook.page == "https://www.facebook.com/watch/?v=1234567890123"


def test_zoom_and_mux_have_no_page_of_their_own_to_open():
    assert build_player("ZOOM", "81234567890").page == ""
    assert build_player("ACCELEVENTS", MUX_ID).page == ""
