"""Hostile input for the attack tests, and the check that a page rendered it inert.

`XSS_PAYLOADS`: each would set `window.__xss` (or load a hostile URL) if a browser ran it, and
carries a visible marker `XSS<n>` so a test can tell it was rendered (as text) rather than
dropped. `HOSTILE_STREAMS`: (provider, streamUrl) pairs that must never become a player.
`assert_inert(html)`: parses a page like a browser would (entities decoded) and fails on any
element or attribute the portal's templates and sanitiser do not produce themselves.
"""

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from sessions_app.upstream.sanitize import ALLOWED_TAGS

XSS_PAYLOADS = [
    "<script>window.__xss=1</script>XSS1",
    '"><script>window.__xss=2</script>XSS2',
    "'><script>window.__xss=3</script>XSS3",
    '<img src=x onerror="window.__xss=4">XSS4',
    "<svg onload=window.__xss=5>XSS5",
    "<svg><script>window.__xss=6</script></svg>XSS6",
    '<iframe srcdoc="<script>parent.__xss=7</script>"></iframe>XSS7',
    '<a href="javascript:window.__xss=8">XSS8</a>',
    '<a href="jav&#x09;ascript:window.__xss=9">XSS9</a>',
    '<a href="&#106;avascript:window.__xss=10">XSS10</a>',
    '<a href=" javascript:window.__xss=11">XSS11</a>',
    '<form action="javascript:window.__xss=12"><button>XSS12</button></form>',
    '<input autofocus onfocus="window.__xss=13">XSS13',
    '<details open ontoggle="window.__xss=14">XSS14</details>',
    '<body onload="window.__xss=15">XSS15',
    '<video><source onerror="window.__xss=16"></video>XSS16',
    '<object data="javascript:window.__xss=17"></object>XSS17',
    '<embed src="javascript:window.__xss=18">XSS18',
    '<math><mtext><table><mglyph><style><img src=x onerror="window.__xss=19">XSS19',
    '<noscript><p title="</noscript><img src=x onerror=window.__xss=20>">XSS20',
    '<!--<img src="--><img src=x onerror=window.__xss=21//">XSS21',
    '<div hx-get="/sign-out/" hx-trigger="load">XSS22</div>',
    '<div hx-on:click="window.__xss=23" hx-on::load="window.__xss=23">XSS23</div>',
    '<div data-hx-post="/sign-out/" data-hx-trigger="load">XSS24</div>',
    '<base href="https://evil.example/">XSS25',
    '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=26">XSS26',
    '<link rel="stylesheet" href="https://evil.example/x.css">XSS27',
    '<style>body{background:url("javascript:window.__xss=28")}</style>XSS28',
    "<template><script>window.__xss=29</script></template>XSS29",
    "</title><script>window.__xss=30</script>XSS30",
    "</textarea><script>window.__xss=31</script>XSS31",
    "<scr<script>ipt>window.__xss=32</scr</script>ipt>XSS32",
    '{{ 7|add:35 }}{% now "Y" %}XSS33',
    r"\u003cscript\u003ewindow.__xss=34\u003c/script\u003eXSS34",
    "<img src=x:alert(alt) onerror=eval(src) alt=0>XSS35",
    '<svg><a xlink:href="javascript:window.__xss=36"><text>XSS36</text></a></svg>',
    '" onmouseover="window.__xss=37" x="XSS37',
    "' onmouseover='window.__xss=38' x='XSS38",
    "<x onclick=window.__xss=39>XSS39</x>",
    "<select><noembed></select><script>window.__xss=40</script>XSS40",
    '<a href="https://example.com/" hx-post="/sign-out/" hx-trigger="mouseover">XSS41</a>',
    "<p style=\"background:url('javascript:window.__xss=42')\">XSS42</p>",
]
MARKERS = [re.search(r"XSS\d+", payload).group() for payload in XSS_PAYLOADS]

FIELDS = (
    "title",
    "description",
    "location",
    "speaker_first_name",
    "speaker_last_name",
    "speaker_company",
    "speaker_title",
    "track_name",
    "tag_name",
)


def plant_payloads(upstream) -> dict[int, str]:
    """Every visible session gets payloads in every text field; Victor joins every live one.
    Returns {session id: title marker}."""
    token = upstream.token("vip")
    listed = upstream.rest(
        "GET", "/events/{event}/session/v2", token=token, params={"size": 200}
    ).json()["data"]
    titles = {}
    for i, item in enumerate(listed):
        session_id = item["sessionId"]
        ticket = item["currentUserRegisteredEventTicketId"][0]
        # Live ones accept the join (refusals are fine: not live, full); then hostile text.
        upstream.rest("POST", f"/events/{{event}}/session/{session_id}/register/{ticket}", token)
        payloads = {f: XSS_PAYLOADS[(i + k) % len(XSS_PAYLOADS)] for k, f in enumerate(FIELDS)}
        upstream.patch_session(session_id, **payloads)
        titles[session_id] = MARKERS[i % len(MARKERS)]
    return titles


# (provider, streamUrl): other hosts, javascript:/data:, protocol-relative, look-alike domains,
# encoded tricks, HTML, host-only links, unknown providers.
HOSTILE_STREAMS = [
    ("YOUTUBE", "javascript:window.__xss=101"),
    ("YOUTUBE", "  JaVaScRiPt:window.__xss=102"),
    ("YOUTUBE", "data:text/html,<script>window.__xss=103</script>"),
    ("YOUTUBE", "https://evil.example/embed/dQw4w9WgXcQ"),
    ("YOUTUBE", "//evil.example/embed/dQw4w9WgXcQ"),
    ("YOUTUBE", "https://www.youtube.com.evil.example/watch?v=dQw4w9WgXcQ"),
    ("YOUTUBE", "https://www.youtube.com@evil.example/watch?v=dQw4w9WgXcQ"),
    ("YOUTUBE", "https://www.youtube.com\\@evil.example/watch?v=dQw4w9WgXcQ"),
    ("YOUTUBE", "https://xn--yutube-wqf.com/watch?v=dQw4w9WgXcQ"),
    ("YOUTUBE", "https://www.y\u03bfutube.com/watch?v=dQw4w9WgXcQ"),
    ("YOUTUBE", "https:%2F%2Fevil.example/watch?v=dQw4w9WgXcQ"),
    ("YOUTUBE", 'https://www.youtube.com/watch?v=dQw4w9WgXcQ"><script>window.__xss=104</script>'),
    ("YOUTUBE", "https://www.youtube.com/embed/dQw4w9WgXcQ#<img src=x onerror=alert(1)>"),
    ("VIMEO", "https://player.vimeo.com.evil.example/video/76979871"),
    ("VIMEO", "javascript://player.vimeo.com/%0Awindow.__xss=105"),
    ("VIMEO", "<iframe src=https://evil.example/></iframe>"),
    ("WISTIA", "https://fast.wistia.net.evil.example/embed/iframe/e4a27b971d"),
    ("WISTIA", "https://evil-wistia.com/medias/e4a27b971d"),
    ("FACEBOOK", "https://www.facebook.com/plugins/video.php?href=https://evil.example/"),
    ("FACEBOOK", "https://facebook.com.evil.example/facebook/videos/10153231379946729/"),
    ("ZOOM", "https://zoom.us.evil.example/j/85512345678"),
    ("ZOOM", "https://evilzoom.us/j/85512345678"),
    ("ZOOM", "https://us02web.zoom.us/s/85512345678?zak=host-start-token"),
    ("ZOOM", "javascript:window.__xss=106//zoom.us/j/85512345678"),
    ("ACCELEVENTS", "https://evil.example/playback.m3u8"),
    ("ACCELEVENTS", "../../../etc/passwd"),
    ("DIRECT_UPLOAD", "stream.mux.com.evil.example/abcdefghij1234"),
    ("MYSPACE", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
]
FRAME_HOSTS = {
    "www.youtube-nocookie.com",
    "player.vimeo.com",
    "fast.wistia.net",
    "www.facebook.com",
}

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "xlink:href",
    "background",
    "srcdoc",
    "data-hls-src",
    "cite",
    "ping",
}
_SCRIPT_URL = re.compile(r"^(?:javascript|vbscript|data):", re.I)
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_PAYLOAD = re.compile(r"XSS\d+|__xss|evil\.example")


# What the portal's own htmx attributes look like; content must not add any.
_HX_VALUES = {
    "hx-get": re.compile(r"/(\?[^\s<>\"'`]*)?|/agenda/status/\?ids=[\d,]*"),
    "hx-post": re.compile(
        r"/sessions/\d+/(join|reserve|watch|unwatch|unregister|next-step|star)/|/time-zone/"
    ),
    "hx-target": re.compile(r"#[a-z][a-z0-9-]*|closest \.portal-notice"),
    "hx-swap": re.compile(r"outerHTML|innerHTML|none"),
    "hx-swap-oob": re.compile(r"true|beforeend"),
    "hx-push-url": re.compile(r"true"),
    "hx-disabled-elt": re.compile(r"find button"),
    "hx-headers": re.compile(r'\{"X-CSRFToken": "[A-Za-z0-9]+"\}'),
}


def _template_vocabulary() -> tuple[set[str], set[str], set[str]]:
    """The tags, hx-* attributes and literal hx-trigger values the templates write."""
    source = "\n".join(p.read_text() for p in TEMPLATES.rglob("*.html"))
    tags = set(re.findall(r"<([a-z][a-z0-9]*)", source))
    hx = set(re.findall(r"\s(hx-[a-z-]+)=", source))
    triggers = set(re.findall(r'hx-trigger="([^"{]*)"', source))
    return tags, hx, triggers


def _check_element(tag: str, attrs: dict[str, str], context: str) -> None:
    """Elements a template writes, limited to how it writes them."""
    if tag == "script":
        src = attrs.get("src", "")
        assert src.startswith("/static/") or src == "/jsi18n/", context
    elif tag == "iframe":
        src = urlsplit(attrs.get("src", ""))
        assert src.scheme == "https" and src.hostname in FRAME_HOSTS, context
        assert "srcdoc" not in attrs, context
    elif tag == "video":
        assert attrs.get("data-hls-src", "").startswith("https://stream.mux.com/"), context
    elif tag == "link":
        href = attrs.get("href", "")
        assert href.startswith("/static/") or href == "/manifest.webmanifest", context
    elif tag == "meta":
        assert set(attrs) <= {"charset", "name", "content"}, context
    elif tag == "form":
        action = attrs.get("action", "")
        assert not action or (action.startswith("/") and not action.startswith("//")), context


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str]]]] = []
        self.inline_scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, [(name, value or "") for name, value in attrs]))
        self._in_script = tag == "script"

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, [(name, value or "") for name, value in attrs]))

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.inline_scripts.append(data)


def elements(html: str) -> list[tuple[str, list[tuple[str, str]]]]:
    parser = _Elements()
    parser.feed(html)
    parser.close()
    return parser.elements


def assert_inert(html: str, where: str = "") -> None:
    """No script, handler, script URL or htmx attribute that the portal did not write itself."""
    parser = _Elements()
    parser.feed(html)
    parser.close()
    template_tags, template_hx, template_triggers = _template_vocabulary()
    allowed_tags = template_tags | set(ALLOWED_TAGS)
    assert not parser.inline_scripts, f"{where}: inline script {parser.inline_scripts[:1]}"
    for tag, attrs in parser.elements:
        context = f"{where}: <{tag} {attrs}>"
        assert tag in allowed_tags, f"{context}: element no template writes"
        _check_element(tag, dict(attrs), context)
        for name, value in attrs:
            assert not name.startswith("on"), f"{context}: event handler"
            assert name != "style", f"{context}: inline style"
            if name in URL_ATTRIBUTES:
                assert not _SCRIPT_URL.match(_CONTROL.sub("", value)), f"{context}: script URL"
            if name.startswith(("hx-", "data-hx-")):
                assert name in template_hx, f"{context}: htmx attribute from content"
                if name == "hx-trigger":
                    assert value in template_triggers, f"{context}: trigger from content"
                elif name in _HX_VALUES:
                    assert _HX_VALUES[name].fullmatch(value), f"{context}: {name} from content"
                elif name != "hx-confirm":  # the only one that quotes a title, as text
                    assert not _PAYLOAD.search(value), f"{context}: content in {name}"


def external_urls(html: str) -> list[tuple[str, str, str]]:
    """(tag, attribute, url) for every URL on the page that leaves the portal."""
    found = []
    for tag, attrs in elements(html):
        for name, value in attrs:
            local = value.startswith(("/", "#", "?")) and not value.startswith("//")
            if name in URL_ATTRIBUTES and value and not local:
                found.append((tag, name, value))
    return found
