"""A session's parts read as tolerantly as the session: a label's colour only when it is a
colour (it reaches a style attribute), a speaker's image only over http(s) and a bio sanitised,
a stream whose playback token is in no repr and whose stream key has no field, and a call to
action only when it is switched on and points to a web page."""

import pytest

from sessions_app.upstream.domain import CallToAction, Label, Speaker, Stream, StreamProvider
from sessions_app.upstream.domain.session_parts import HubFeatures


@pytest.mark.parametrize(
    ("color", "kept"),
    [
        ("#fff", "#fff"),
        ("#A1b2C3", "#A1b2C3"),
        ("red", ""),
        ("#fff;background:url(x)", ""),
        ("#ffff", ""),
        (None, ""),
    ],
)
def test_a_labels_colour_is_kept_only_when_it_is_a_hex_colour(color, kept):
    assert Label.from_api({"id": 3, "name": "AI", "color": color}).color == kept


def test_a_label_without_an_id_is_no_label():
    assert Label.from_api({"id": "4", "name": " AI "}) == Label(4, "AI")
    with pytest.raises(ValueError):
        Label.from_api({"name": "AI"})


def test_a_speaker_is_read_safely():
    speaker = Speaker.from_api(
        {
            "speakerId": "9",
            "firstName": "Ada",
            "lastName": "Lovelace",
            "imageUrl": "javascript:x()",
            "bio": "<p>Hi</p><script>x()</script>",
        }
    )
    assert (speaker.id, speaker.full_name, speaker.image_url, speaker.bio) == (
        9,
        "Ada Lovelace",
        "",
        "<p>Hi</p>",
    )
    assert (
        Speaker.from_api(
            {"id": 4, "firstName": "Ada", "imageUrl": "https://i.example/a.png"}
        ).image_url
        == "https://i.example/a.png"
    )
    assert Speaker.from_api({"id": 4, "firstName": "Ada"}).full_name == "Ada"
    with pytest.raises(ValueError):
        Speaker.from_api("Ada")


def test_a_stream_keeps_its_token_out_of_its_repr_and_has_no_key():
    stream = Stream.from_api(
        {
            "streamProvider": "youtube",
            "streamUrl": " abc?t=1 ",
            "playBackRestrictionToken": "tok-secret",
            "streamKey": "key-secret",
            "rtmpUrl": "rtmp://x",
            "directVideoAutoStart": "true",
            "closedCaptionUrl": "ftp://cc",
        }
    )
    assert (stream.provider, stream.url, stream.playback_token) == (
        StreamProvider.YOUTUBE,
        "abc?t=1",
        "tok-secret",
    )
    assert (stream.auto_start, stream.closed_caption_url) == (False, "")
    assert "tok-secret" not in repr(stream)
    assert "key-secret" not in repr(stream.__dict__) and "rtmp" not in repr(stream.__dict__)
    assert Stream.from_api({"streamProvider": "NEW_ONE", "directVideoAutoStart": True}) == Stream(
        auto_start=True
    )


def test_a_call_to_action_only_when_switched_on_and_pointing_to_a_web_page():
    on = {"enablePostSessionCallToAction": True, "destination": "https://x.example/survey"}
    assert CallToAction.from_api(on) == CallToAction("Learn more", "https://x.example/survey")
    assert CallToAction.from_api({**on, "buttonLabelText": "Survey"}).label == "Survey"
    assert CallToAction.from_api({**on, "enablePostSessionCallToAction": "true"}) is None
    assert CallToAction.from_api({**on, "destination": "javascript:alert(1)"}) is None
    assert CallToAction.from_api(None) is None


@pytest.mark.parametrize(
    ("item", "on"),
    [
        ({"enableChat": True, "enablePoll": True, "enableQuesAndAns": True}, (True, True, True)),
        ({"enableChat": True, "enablePoll": False}, (True, False, False)),
        ({"enableChat": "true", "enablePoll": 1, "enableQuesAndAns": "yes"}, (True, False, False)),
        ({}, (False, False, False)),
    ],
)
def test_the_hubs_chat_polls_and_qa_count_only_when_plainly_on(item, on):
    hub = HubFeatures.from_api(item)
    assert (hub.chat, hub.polls, hub.questions) == on
    assert hub.any == any(on)
