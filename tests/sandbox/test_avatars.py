"""Speaker photos as the platform's image host would serve them: a demo speaker's stored
`avatar:<key>` becomes an absolute URL on the sandbox's own address, any other image is left
as stored, and the SVG is the speaker's initials on a colour of their own."""

import pytest
from django.http import Http404
from django.test import RequestFactory

from sandbox import avatars


@pytest.fixture
def served_at():
    avatars.serve_at("http://127.0.0.1:8001/")
    yield
    avatars.serve_at("")


def test_a_demo_avatar_is_an_absolute_url_on_the_sandboxs_address(served_at):
    assert avatars.image_url("avatar:maya") == "http://127.0.0.1:8001/media/avatars/maya.svg"


def test_any_other_image_and_an_unstarted_sandbox_leave_it_as_stored(served_at):
    assert avatars.image_url("https://img.example/a.png") == "https://img.example/a.png"
    avatars.serve_at("")
    assert avatars.image_url("avatar:maya") == "avatar:maya"


def test_the_svg_is_the_speakers_initials_on_a_colour_of_their_own():
    maya = avatars.avatar(RequestFactory().get("/"), "maya")
    daniel = avatars.avatar(RequestFactory().get("/"), "daniel")
    assert maya["Content-Type"] == "image/svg+xml"
    assert ">MC</text>" in maya.content.decode()
    assert ">DO</text>" in daniel.content.decode()
    hue = maya.content.decode().split("hsl(")[1].split(",")[0]
    assert hue != daniel.content.decode().split("hsl(")[1].split(",")[0]
    assert maya["Cache-Control"] == "public, max-age=3600"


def test_an_unknown_speaker_is_a_404():
    with pytest.raises(Http404):
        avatars.avatar(RequestFactory().get("/"), "nobody")
