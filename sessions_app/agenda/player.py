"""Turn the stream URL an organizer pasted into Accelevents into something safe to render.

Output URLs are rebuilt from validated parts only (never echoed), and every iframe src lands
on a host in ``portal.settings.STREAM_FRAME_SOURCES``. Optional params that fail validation
(``list``, ``start``, Vimeo ``h``) are dropped; a bad id, host or token makes the player
unavailable. Vimeo live events (``vimeo.com/event/ID``) embed from vimeo.com, which the CSP
does not frame, so they are unavailable. Zoom start links (``/s/``) carry host rights: refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import NamedTuple
from urllib.parse import parse_qs, urlencode, urlsplit

IFRAME_ALLOW = "autoplay; fullscreen; picture-in-picture; encrypted-media"

# Printable ASCII minus quotes, angle brackets, backslash, braces, pipe, caret, backtick.
_SAFE_TEXT = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&()*+,;=% ]{1,2048}")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_HOST = re.compile(rf"{_LABEL}(?:\.{_LABEL})*")
_SUBDOMAIN = re.compile(_LABEL)

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


@dataclass(frozen=True)
class Player:
    kind: str  # "iframe" | "hls" | "link" | "unavailable"
    src: str = ""
    provider: str = ""
    title: str = ""
    allow: str = ""
    label: str = ""
    # The provider's own page for the same video ("Trouble playing? Open on YouTube"), built
    # from the same validated parts as `src`; empty where there is none (Mux, Zoom's link).
    page: str = field(default="", compare=False)

    @property
    def site_name(self) -> str:
        return SITE_NAMES.get(self.provider, "")


class _Url(NamedTuple):
    host: str
    path: str
    query: dict[str, list[str]]


def build_player(provider: str, stream_url: str, playback_token: str | None = "") -> Player:
    name = (provider or "").strip().upper()
    text = (stream_url or "").strip()
    player = None
    if name in _MUX_PROVIDERS and _SAFE_TEXT.fullmatch(text):
        player = _mux(text, (playback_token or "").strip())
    elif name in _PARSERS and _SAFE_TEXT.fullmatch(text):
        player = _PARSERS[name](text)
    if player is None:
        known = name in _PARSERS or name in _MUX_PROVIDERS
        return Player("unavailable", provider=name if known else "")
    return replace(player, provider=name)


def _parse(text: str) -> _Url | None:
    """Split a URL (scheme optional) whose host is a plain lowercase DNS name, else None."""
    scheme = _SCHEME.match(text)
    if scheme:
        rest = text[scheme.end() :]
        if scheme.group().lower() not in ("http:", "https:") or not rest.startswith("//"):
            return None
    elif text.startswith("/"):
        return None
    else:
        text = f"https://{text}"
    try:
        parts = urlsplit(text)
        query = parse_qs(parts.query, max_num_fields=50)
    except ValueError:
        return None
    host = parts.netloc.lower()
    if " " in text or not _HOST.fullmatch(host) or "xn--" in host:
        return None
    return _Url(host, parts.path, query)


def _match(
    text: str, hosts: set[str], parent: str, path: re.Pattern[str]
) -> tuple[re.Match[str], _Url] | None:
    """(path match, url) when text is a URL on an allowed host whose path fits, else None."""
    url = _parse(text)
    if url is None or not (url.host in hosts or _is_subdomain(url.host, parent)):
        return None
    match = path.fullmatch(url.path)
    return (match, url) if match else None


def _is_subdomain(host: str, parent: str) -> bool:
    """Exactly one DNS label in front of parent (``us02web.zoom.us``), never a look-alike."""
    label, _, rest = host.partition(".")
    return bool(parent) and rest == parent and bool(_SUBDOMAIN.fullmatch(label))


def _first(query: dict[str, list[str]], key: str) -> str:
    return query.get(key, [""])[0]


def _with_query(base: str, params: dict[str, str]) -> str:
    return f"{base}?{urlencode(params)}" if params else base


def _iframe(src: str, title: str) -> Player:
    return Player("iframe", src, title=title, allow=IFRAME_ALLOW)


def _youtube(text: str) -> Player | None:
    if bare := _YT_BARE.fullmatch(text):  # the API's own form: "ID&list=...&start_radio=1"
        text = f"youtube.com/watch?v={bare['id']}&{bare['query'] or ''}"
    url = _parse(text)
    if url is None or url.host not in _YT_HOSTS | {"youtu.be"}:
        return None
    path = url.path
    if url.host == "youtu.be":
        path = f"/embed{path}"
    elif path in ("/watch", "/watch/"):
        path = f"/embed/{_first(url.query, 'v')}"
    match = _YT_PATH.fullmatch(path)
    video_id = match["id"] if match and match["id"] != "videoseries" else ""
    playlist = _first(url.query, "list")
    params = {"list": playlist} if _YT_LIST.fullmatch(playlist) else {}
    if match is None or not (video_id or params):
        return None
    if start := _seconds(_first(url.query, "start") or _first(url.query, "t")):
        params["start"] = str(start)
    src = _with_query(f"https://www.youtube-nocookie.com/embed/{video_id or 'videoseries'}", params)
    return replace(_iframe(src, "YouTube video player"), page=_youtube_page(video_id, params))


def _youtube_page(video_id: str, params: dict[str, str]) -> str:
    if not video_id:
        return _with_query("https://www.youtube.com/playlist", {"list": params["list"]})
    watch = {"v": video_id, **{k: v for k, v in params.items() if k == "list"}}
    if "start" in params:
        watch["t"] = f"{params['start']}s"
    return _with_query("https://www.youtube.com/watch", watch)


def _seconds(value: str) -> int:
    match = _YT_TIME.fullmatch(value)
    if not value or not match:
        return 0
    hours, minutes, seconds = (int(group or 0) for group in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def _vimeo(text: str) -> Player | None:
    if _VIMEO_ID.fullmatch(text):
        text = f"player.vimeo.com/video/{text}"
    found = _match(text, _VIMEO_HOSTS, "", _VIMEO_PATH)
    if found is None:
        return None
    match, url = found
    video_hash = match["h"] or _first(url.query, "h")
    params = {"h": video_hash} if _VIMEO_HASH.fullmatch(video_hash) else {}
    src = _with_query(f"https://player.vimeo.com/video/{match['id']}", params)
    page = f"https://vimeo.com/{match['id']}" + (f"/{params['h']}" if params else "")
    return replace(_iframe(src, "Vimeo video player"), page=page)


def _wistia(text: str) -> Player | None:
    if _WISTIA_ID.fullmatch(text):
        text = f"fast.wistia.net/embed/iframe/{text}"
    found = _match(text, _WISTIA_HOSTS, "wistia.com", _WISTIA_PATH)
    if found is None:
        return None
    src = f"https://fast.wistia.net/embed/iframe/{found[0]['id']}"
    # Wistia has no public watch page for an embed; its player page opens on its own.
    return replace(_iframe(src, "Wistia video player"), page=src)


def _facebook(text: str) -> Player | None:
    url = _parse(text)
    href = _facebook_href(url) if url else ""
    if not href:
        return None
    src = _with_query("https://www.facebook.com/plugins/video.php", {"href": href})
    return replace(_iframe(src, "Facebook video player"), page=href)


def _facebook_href(url: _Url) -> str:
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
        video_id = _first(url.query, "v")
    return f"https://www.facebook.com/watch/?v={video_id}" if _FB_ID.fullmatch(video_id) else ""


def _zoom(text: str) -> Player | None:
    if _ZOOM_NUMBER.fullmatch(text):
        text = "zoom.us/j/" + re.sub(r"[ -]", "", text)
    found = _match(text, {"zoom.us"}, "zoom.us", _ZOOM_PATH)
    if found is None:
        return None
    match, url = found
    params = {key: _first(url.query, key) for key in ("pwd", "tk")}
    params = {key: value for key, value in params.items() if _ZOOM_PARAM.fullmatch(value)}
    src = _with_query(f"https://{url.host}/{match['kind']}/{match['id']}", params)
    return Player("link", src, title="Zoom meeting", label="Open in Zoom")


def _mux(text: str, token: str) -> Player | None:
    if token and not _JWT.fullmatch(token):
        return None
    if _MUX_ID.fullmatch(text):
        text = f"stream.mux.com/{text}"
    found = _match(text, {"stream.mux.com"}, "", _MUX_PATH)
    if found is None:
        return None
    params = {"token": token} if token else {}
    src = _with_query(f"https://stream.mux.com/{found[0]['id']}.m3u8", params)
    return Player("hls", src, title="Session video")


_MUX_PROVIDERS = ("ACCELEVENTS", "DIRECT_UPLOAD")
# Brand names, as each provider writes its own (not translated).
SITE_NAMES = {"YOUTUBE": "YouTube", "VIMEO": "Vimeo", "WISTIA": "Wistia", "FACEBOOK": "Facebook"}
_PARSERS = {
    "YOUTUBE": _youtube,
    "VIMEO": _vimeo,
    "WISTIA": _wistia,
    "FACEBOOK": _facebook,
    "ZOOM": _zoom,
}
