"""The `large-event` dialect's extra sessions, as plain data like `sandbox.demo` (no Django).

The demo's 34 sessions stay as they are (same ids, the live, full, VIP-only and ended ones);
these are added after them so the event has `VISIBLE_SESSIONS` visible sessions and every list
spans several pages. They run from day 0 (today in the event's timezone) to day 3, each with a
unique title ("… No. 042") a search can find, and the one that starts last is `CLOSING_TITLE`.
They carry no `state` (unlike the demo's): whether a day-0 one is live depends on the hour.
"""

from sandbox.demo import FIRST_SESSION_ID, MUX_DAY2, SESSIONS, SPEAKERS, TAGS, TRACKS

VISIBLE_SESSIONS = 300
DAYS = 4
CLOSING_TITLE = "Closing Circle: The Last Word"
FIRST_LARGE_ID = FIRST_SESSION_ID + len(SESSIONS)

TOPICS = (
    "Attendee Analytics",
    "Sponsor Activation",
    "Registration Flows",
    "Hybrid Production",
    "Community Programs",
    "Venue Logistics",
    "Speaker Coaching",
    "Content Repurposing",
    "Accessibility in Practice",
    "Event Security",
    "Mobile Engagement",
)
ANGLES = ("Field Notes", "Deep Dive", "Playbook", "Office Hours", "Case Study", "Live Clinic")
FORMATS = ("BREAKOUT_SESSION", "WORKSHOP", "MEET_UP", "MAIN_STAGE", "EXPO", "OTHER", "BREAK")
DURATIONS = (30, 45, 60, 90, 25)
# (provider, stream url): cycled so every page shows a mix of players
STREAMS = (
    ("YOUTUBE", "https://www.youtube.com/watch?v=aqz-KE-bpKQ"),
    ("VIMEO", "https://vimeo.com/76979871"),
    ("ACCELEVENTS", MUX_DAY2),
    ("ZOOM", "https://us02web.zoom.us/j/85512345690?pwd=large"),
    ("WISTIA", "https://fast.wistia.net/embed/iframe/e4a27b971d"),
)
SLOTS_PER_DAY = 36  # quarter hours from 08:00 to 16:45; the closing circle starts after them


def _slot(n: int) -> tuple[int, str]:
    day, slot = n % DAYS, (n // DAYS) % SLOTS_PER_DAY
    minutes = 8 * 60 + 15 * slot
    return day, f"{minutes // 60:02d}:{minutes % 60:02d}"


def _generated(n: int) -> dict:
    day, start = _slot(n)
    # different strides, so day, track, format and player do not move in lockstep
    provider, url = STREAMS[(n // 2) % len(STREAMS)]
    return {
        "id": FIRST_LARGE_ID + n,
        "key": f"large-{n + 1:03d}",
        "title": f"{TOPICS[n % len(TOPICS)]}: {ANGLES[n % len(ANGLES)]} No. {n + 1:03d}",
        "when": ("day", day, start, DURATIONS[n % len(DURATIONS)]),
        "format": FORMATS[n % len(FORMATS)],
        "provider": provider,
        "stream_url": url,
        "mux": provider == "ACCELEVENTS",
        "tracks": [list(TRACKS)[(n // DAYS) % len(TRACKS)]],
        "tags": [list(TAGS)[(n // 2) % len(TAGS)]] if n % 3 else [],
        "speakers": [list(SPEAKERS)[(n // 3) % len(SPEAKERS)]] if n % 7 != 6 else [],
    }


def _closing(n: int) -> dict:
    return {
        "id": FIRST_LARGE_ID + n,
        "key": "closing-circle",
        "title": CLOSING_TITLE,
        "when": ("day", DAYS - 1, "17:30", 30),
        "format": "MAIN_STAGE",
        "provider": "ACCELEVENTS",
        "stream_url": MUX_DAY2,
        "mux": True,
        "speakers": ["ethan", "amara"],
        "tracks": ["product"],
        "tags": ["networking"],
    }


def large_sessions() -> list[dict]:
    demo_visible = sum(1 for spec in SESSIONS if spec.get("status", "VISIBLE") == "VISIBLE")
    count = VISIBLE_SESSIONS - demo_visible
    return [*(_generated(n) for n in range(count - 1)), _closing(count - 1)]


LARGE_SESSIONS = large_sessions()
CLOSING_SESSION_ID = LARGE_SESSIONS[-1]["id"]
