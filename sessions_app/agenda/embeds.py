"""Each provider's embed URL builder: YouTube (on youtube-nocookie.com), Vimeo, Wistia and
Facebook as iframes, Zoom as a link out, Accelevents' own (Mux) as HLS. Each one accepts only
the forms that provider's URLs take and rebuilds its URLs from the validated parts."""

from __future__ import annotations

import re
from dataclasses import replace

from .embed_urls import Url, first, match_url, parse_url, with_query
from .player_kinds import Player, iframe

_YT_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com"}
_YT_HOSTS |= {"youtube-nocookie.com", "www.youtube-nocookie.com"}
_YT_BARE = re.compile(r"(?P<id>[A-Za-z0-9_-]{11})(?:[?&](?P<query>.*))?")
_YT_PATH = re.compile(
    r"/(?:embed|live|shorts|v)/(?P<id>[A-Za-z0-9_-]{11})/?|/embed/videoseries|/playlist"
)
_YT_LIST = re.compile(r"[A-Za-z0-9_-]{2,64}")
_YT_TIME = re.compile(r"(?:(\d{1,2})h)?(?:(\d{1,3})m)?(?:(\d{1,6})s?)?")

_VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}
_VIMEO_ID = re.compile(r"[1-9]\d{0,11}")
_VIMEO_PATH = re.compile(
    r"/(?:video/|manage/videos/|channels/[A-Za-z0-9_-]{1,64}/|groups/[A-Za-z0-9_-]{1,64}/videos/"
    r"|(?:album|showcase)/\d{1,12}/video/)?(?P<id>[1-9]\d{0,11})(?:/(?P<h>[0-9a-f]{6,20}))?/?"
)
_VIMEO_HASH = re.compile(r"[0-9a-f]{6,20}")

_WISTIA_ID = re.compile(r"[a-z0-9]{10}")
_WISTIA_HOSTS = {"fast.wistia.net", "wistia.com"}
_WISTIA_PATH = re.compile(r"/(?:embed/iframe|embed/medias|medias)/(?P<id>[a-z0-9]{10})/?")

_FB_HOSTS = {"facebook.com", "www.facebook.com", "m.facebook.com", "web.facebook.com"}
_FB_PAGE_VIDEO = re.compile(
    r"/(?P<page>[A-Za-z0-9](?:[A-Za-z0-9.]{0,78}[A-Za-z0-9])?)/videos/"
    r"(?:[A-Za-z0-9._-]{1,200}/)?(?P<id>\d{5,25})/?"
)
_FB_VIDEO = re.compile(r"/videos/(?P<id>\d{5,25})/?")
_FB_WATCH_PATHS = {"/watch", "/watch/", "/watch/live", "/watch/live/", "/video.php"}
_FB_ID = re.compile(r"\d{5,25}")
_FB_SHORT = re.compile(r"/(?P<code>[A-Za-z0-9_-]{4,20})/?")

_ZOOM_NUMBER = re.compile(r"\d{3}[ -]?\d{3,4}[ -]?\d{3,4}")
_ZOOM_PATH = re.compile(r"/(?P<kind>j|w)/(?P<id>\d{9,11})/?")
_ZOOM_PARAM = re.compile(r"[A-Za-z0-9._-]{1,512}")

_MUX_ID = re.compile(r"[A-Za-z0-9]{10,64}")
_MUX_PATH = re.compile(r"/(?P<id>[A-Za-z0-9]{10,64})(?:\.m3u8)?")
_JWT = re.compile(r"[A-Za-z0-9_-]{1,2048}\.[A-Za-z0-9_-]{1,4096}\.[A-Za-z0-9_-]{1,2048}")


def _youtube(text: str) -> Player | None:
    if bare := _YT_BARE.fullmatch(text):  # the API's own form: "ID&list=...&start_radio=1"
        text = f"youtube.com/watch?v={bare['id']}&{bare['query'] or ''}"
    url = parse_url(text)
    if url is None or url.host not in _YT_HOSTS | {"youtu.be"}:
        return None
    path = url.path
    if url.host == "youtu.be":
        path = f"/embed{path}"
    elif path in ("/watch", "/watch/"):
        path = f"/embed/{first(url.query, 'v')}"
    match = _YT_PATH.fullmatch(path)
    video_id = match["id"] if match and match["id"] != "videoseries" else ""
    playlist = first(url.query, "list")
    params = {"list": playlist} if _YT_LIST.fullmatch(playlist) else {}
    if match is None or not (video_id or params):
        return None
    if start := _seconds(first(url.query, "start") or first(url.query, "t")):
        params["start"] = str(start)
    src = with_query(f"https://www.youtube-nocookie.com/embed/{video_id or 'videoseries'}", params)
    return replace(iframe(src, "YouTube video player"), page=_youtube_page(video_id, params))


def _youtube_page(video_id: str, params: dict[str, str]) -> str:
    if not video_id:
        return with_query("https://www.youtube.com/playlist", {"list": params["list"]})
    watch = {"v": video_id, **{k: v for k, v in params.items() if k == "list"}}
    if "start" in params:
        watch["t"] = f"{params['start']}s"
    return with_query("https://www.youtube.com/watch", watch)


def _seconds(value: str) -> int:
    match = _YT_TIME.fullmatch(value)
    if not value or not match:
        return 0
    hours, minutes, seconds = (int(group or 0) for group in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def _vimeo(text: str) -> Player | None:
    if _VIMEO_ID.fullmatch(text):
        text = f"player.vimeo.com/video/{text}"
    found = match_url(text, _VIMEO_HOSTS, "", _VIMEO_PATH)
    if found is None:
        return None
    match, url = found
    video_hash = match["h"] or first(url.query, "h")
    params = {"h": video_hash} if _VIMEO_HASH.fullmatch(video_hash) else {}
    src = with_query(f"https://player.vimeo.com/video/{match['id']}", params)
    page = f"https://vimeo.com/{match['id']}" + (f"/{params['h']}" if params else "")
    return replace(iframe(src, "Vimeo video player"), page=page)


def _wistia(text: str) -> Player | None:
    if _WISTIA_ID.fullmatch(text):
        text = f"fast.wistia.net/embed/iframe/{text}"
    found = match_url(text, _WISTIA_HOSTS, "wistia.com", _WISTIA_PATH)
    if found is None:
        return None
    src = f"https://fast.wistia.net/embed/iframe/{found[0]['id']}"
    # Wistia has no public watch page for an embed; its player page opens on its own.
    return replace(iframe(src, "Wistia video player"), page=src)


def _facebook(text: str) -> Player | None:
    url = parse_url(text)
    href = _facebook_href(url) if url else ""
    if not href:
        return None
    src = with_query("https://www.facebook.com/plugins/video.php", {"href": href})
    return replace(iframe(src, "Facebook video player"), page=href)


def _facebook_href(url: Url) -> str:
    if url.host == "fb.watch":
        short = _FB_SHORT.fullmatch(url.path)
        return f"https://fb.watch/{short['code']}/" if short else ""
    if url.host not in _FB_HOSTS:
        return ""
    if page_video := _FB_PAGE_VIDEO.fullmatch(url.path):
        return f"https://www.facebook.com/{page_video['page']}/videos/{page_video['id']}/"
    bare_video = _FB_VIDEO.fullmatch(url.path)
    video_id = bare_video["id"] if bare_video else ""
    if url.path in _FB_WATCH_PATHS:
        video_id = first(url.query, "v")
    return f"https://www.facebook.com/watch/?v={video_id}" if _FB_ID.fullmatch(video_id) else ""


def _zoom(text: str) -> Player | None:
    if _ZOOM_NUMBER.fullmatch(text):
        text = "zoom.us/j/" + re.sub(r"[ -]", "", text)
    found = match_url(text, {"zoom.us"}, "zoom.us", _ZOOM_PATH)
    if found is None:
        return None
    match, url = found
    params = {key: first(url.query, key) for key in ("pwd", "tk")}
    params = {key: value for key, value in params.items() if _ZOOM_PARAM.fullmatch(value)}
    src = with_query(f"https://{url.host}/{match['kind']}/{match['id']}", params)
    return Player("link", src, title="Zoom meeting", label="Open in Zoom")


def mux(text: str, token: str) -> Player | None:
    if token and not _JWT.fullmatch(token):
        return None
    if _MUX_ID.fullmatch(text):
        text = f"stream.mux.com/{text}"
    found = match_url(text, {"stream.mux.com"}, "", _MUX_PATH)
    if found is None:
        return None
    params = {"token": token} if token else {}
    src = with_query(f"https://stream.mux.com/{found[0]['id']}.m3u8", params)
    return Player("hls", src, title="Session video")


MUX_PROVIDERS = ("ACCELEVENTS", "DIRECT_UPLOAD")
PARSERS = {
    "YOUTUBE": _youtube,
    "VIMEO": _vimeo,
    "WISTIA": _wistia,
    "FACEBOOK": _facebook,
    "ZOOM": _zoom,
}
