"""Permissions-Policy: every portal page denies every browser feature; only the stream page
lets the player providers it frames use autoplay, fullscreen, picture-in-picture and DRM; an
htmx fragment carries no header of its own."""

from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory

from sessions_app.ops.permissions_policy import (
    DENIED,
    HEADER,
    NOTHING_ALLOWED,
    PLAYER_FEATURES,
    PermissionsPolicyMiddleware,
    frames_players,
    policy,
)


def features(header):
    return dict(part.split("=", 1) for part in header.split(", "))


def page(request):
    return HttpResponse("page")


def test_nothing_is_allowed_by_default():
    allowed = features(NOTHING_ALLOWED)
    assert set(allowed) == {*DENIED, *PLAYER_FEATURES}
    assert set(allowed.values()) == {"()"}
    assert {"camera", "microphone", "geolocation", "payment"} <= set(allowed)


def test_a_feature_is_allowed_only_where_named():
    allowed = features(policy({"fullscreen": "self"}))
    assert allowed["fullscreen"] == "(self)"
    assert allowed["autoplay"] == "()"


def test_every_page_gets_the_policy_but_a_fragment_does_not():
    middleware = PermissionsPolicyMiddleware(page)
    assert middleware(RequestFactory().get("/"))[HEADER] == NOTHING_ALLOWED
    fragment = middleware(RequestFactory().get("/", headers={"HX-Request": "true"}))
    assert HEADER not in fragment


def test_the_stream_page_lets_its_players_use_what_they_need_and_nothing_more():
    view = PermissionsPolicyMiddleware(frames_players(page))
    allowed = features(view(RequestFactory().get("/stream/1/"))[HEADER])
    for feature in PLAYER_FEATURES:
        assert allowed[feature].startswith("(self ")
        for origin in settings.STREAM_FRAME_SOURCES:
            assert f'"{origin}"' in allowed[feature]
    assert all(allowed[feature] == "()" for feature in DENIED)
