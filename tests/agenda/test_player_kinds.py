"""What a stream player is once built (sessions_app/agenda/player_kinds.py): an iframe gets only
the permissions a video needs, and the "Open on …" link names each provider as it writes its own
name, untranslated; a provider without a page of its own names none."""

import pytest
from django.utils import translation

from sessions_app.agenda.player import build_player
from sessions_app.agenda.player_kinds import Player, iframe


def test_an_iframe_may_autoplay_go_fullscreen_and_play_protected_video_and_nothing_more():
    player = iframe("https://player.vimeo.com/video/76979871", "Vimeo video player")
    assert (player.kind, player.src, player.title) == (
        "iframe",
        "https://player.vimeo.com/video/76979871",
        "Vimeo video player",
    )
    allowed = {part.strip() for part in player.allow.split(";")}
    assert allowed == {"autoplay", "fullscreen", "picture-in-picture", "encrypted-media"}


@pytest.mark.parametrize(
    ("provider", "url", "name"),
    [
        ("YOUTUBE", "dQw4w9WgXcQ", "YouTube"),
        ("VIMEO", "76979871", "Vimeo"),
        ("WISTIA", "abcde12345", "Wistia"),
        ("FACEBOOK", "https://www.facebook.com/watch/?v=1234567890123", "Facebook"),
    ],
)
def test_the_open_on_link_names_each_provider_as_it_writes_itself(provider, url, name):
    with translation.override("de"):
        assert build_player(provider, url).site_name == name


def test_a_link_out_or_an_unknown_provider_names_no_site():
    assert build_player("ZOOM", "81234567890").site_name == ""
    assert build_player("ACCELEVENTS", "a1B2c3D4e5").site_name == ""
    assert Player("unavailable").site_name == ""
