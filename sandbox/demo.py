"""The demo event, as plain data (no Django imports: tests and the portal's conftest import it).

Ids are fixed, so they survive every reset: session ids start at 11592 (as in the upstream
guide's sample), ticket ids at 57940. Times are either relative to the sandbox's "now"
(`("now", start_minutes, end_minutes)`) or a wall-clock time on a day of the event
(`("day", day_offset, "HH:MM", duration_minutes)`, day 0 = today in the event's timezone).
Magic-link user keys are not constants: every reset mints new ones (see `/__sandbox__/reset`).
"""

EVENT_URL = "aurora-summit"
EVENT_ID = 1207
EVENT_NAME = "Aurora Product Summit"
EVENT_TIMEZONE = "America/New_York"
PASSWORD = "Summit-2026!"

ACCOUNTS = {
    "general": {
        "email": "gina@example.com",
        "password": PASSWORD,
        "first_name": "Gina",
        "last_name": "Garcia",
    },
    "vip": {
        "email": "victor@example.com",
        "password": PASSWORD,
        "first_name": "Victor",
        "last_name": "Villanueva",
    },
    "noticket": {
        "email": "nora@example.com",
        "password": PASSWORD,
        "first_name": "Nora",
        "last_name": "Nakamura",
    },
}
# Ticket holders who fill the "full" session; same password.
EXTRA_ACCOUNTS = {
    "fiona": {"email": "fiona@example.com", "first_name": "Fiona", "last_name": "Fischer"},
    "felix": {"email": "felix@example.com", "first_name": "Felix", "last_name": "Fontaine"},
    "farah": {"email": "farah@example.com", "first_name": "Farah", "last_name": "Farouk"},
    # Holds two tickets, so a client must pick the one that grants a session (see TESSA).
    "tessa": {
        "email": "tessa@example.com",
        "password": PASSWORD,
        "first_name": "Tessa",
        "last_name": "Twofold",
    },
}
# (account key, ticket type key), in ticket-id order; nora holds none, tessa two
TICKETS = [
    ("general", "general"),
    ("vip", "vip"),
    ("fiona", "general"),
    ("felix", "general"),
    ("farah", "vip"),
    ("tessa", "general"),
    ("tessa", "vip"),
]

TICKET_TYPES = {
    "general": {"id": 10797, "name": "General Admission", "session_limit": 2},
    "vip": {"id": 10798, "name": "VIP All-Access", "session_limit": 0},
}
GENERAL_SESSION_LIMIT = TICKET_TYPES["general"]["session_limit"]

TRACKS = {
    "product": ("Product", "#2563EB"),
    "marketing": ("Marketing", "#DB2777"),
    "operations": ("Operations", "#059669"),
    "engineering": ("Engineering", "#D97706"),
}
TAGS = {
    "beginner": ("Beginner", "#10B981"),
    "advanced": ("Advanced", "#EF4444"),
    "hands-on": ("Hands-on", "#8B5CF6"),
    "networking": ("Networking", "#F59E0B"),
}

# key: (first, last, job title, company, moderator)
SPEAKERS = {
    "maya": ("Maya", "Chen", "VP Product", "Lumenfield", False),
    "daniel": ("Daniel", "Okafor", "Head of Event Operations", "Northwind Live", True),
    "priya": ("Priya", "Raman", "Principal Engineer", "Stackwise", False),
    "lucas": ("Lucas", "Meyer", "Chief Marketing Officer", "Brightwave Media", False),
    "sofia": ("Sofia", "Alvarez", "Accessibility Lead", "OpenStage", True),
    "hiroshi": ("Hiroshi", "Tanaka", "Streaming Architect", "Kumo Video", False),
    "amara": ("Amara", "Nwosu", "Community Director", "Gatherly", False),
    "ethan": ("Ethan", "Brooks", "Founder & CEO", "Aurora Events", True),
}

# Speakers' bios as organizers write them (HTML allowed); the others get one line.
SPEAKER_BIOS = {
    "maya": (
        "<p>Maya leads product at <strong>Lumenfield</strong>, where her team builds the tools "
        "600 event agencies plan with. Before that she ran registration for a 40,000-person "
        "trade fair.</p>"
    ),
    "ethan": (
        "<p>Ethan founded Aurora Events in 2014 after a decade of producing conferences on "
        "three continents. He writes about hybrid events at "
        '<a href="https://example.com/ethan">example.com/ethan</a>.</p>'
    ),
    "sofia": (
        "<p>Sofia makes live events work for everyone: captions, sign language, quiet rooms "
        "and venues that need no stairs.</p>"
    ),
}

MUX_KEYNOTE = "u8jzPde0IgxLd6GncfBAepfJBd0Kh8oO"
MUX_WORKSHOP = "OL8dKLzdocJ2isAjIhKtJ0RlgLKOmxgJ"
MUX_EXPO = "TeKdNnFRIBXuDL7DxtpYlSXpfKtHF4vU"
MUX_DAY2 = "CsMehGAkWvj7FAc9QeWJKY40uvSwMFLZ"

RICH_DESCRIPTION = (
    "<p>Kick off the summit with <strong>Ethan Brooks</strong> and <em>Maya Chen</em> on where "
    "hybrid events go next.</p><ul><li>What 1,200 organisers told us in 2026</li>"
    "<li>Live demo: the new attendee portal</li><li>Open Q&amp;A</li></ul>"
    '<p>Read the <a href="https://example.com/aurora/keynote-notes">keynote notes</a> first.</p>'
)
HOSTILE_DESCRIPTION = (
    "<p>How we keep attendee data safe across <strong>three continents</strong>.</p>"
    "<script>alert('sandbox-xss')</script>"
    '<p onclick="alert(1)">Click for the agenda</p><img src="x" onerror="alert(2)">'
    '<a href="javascript:alert(3)">Slides</a>'
)
CTA_SLIDES = {
    "enablePostSessionCallToAction": True,
    "destinationType": "EXTERNAL_LINK",
    "description": "Grab the slides and the recording checklist.",
    "buttonLabelText": "Download slides",
    "destination": "https://example.com/aurora/slides/lessons-from-1000-events.pdf",
}
CTA_SURVEY = {
    "enablePostSessionCallToAction": True,
    "destinationType": "EXTERNAL_LINK",
    "description": "Two minutes to tell us what to cover next year.",
    "buttonLabelText": "Take the survey",
    "destination": "https://example.com/aurora/survey",
}

LIVE, UPCOMING, ENDED, HIDDEN = "live", "upcoming", "ended", "hidden"


def _s(key, title, when, state, fmt="BREAKOUT_SESSION", **extra):
    return {"key": key, "title": title, "when": when, "state": state, "format": fmt, **extra}


# An ended session's documents, links and recording, in the shapes the API names (the entries'
# shape is ASSUMED: docs/upstream-contract.md).
LESSONS_MATERIALS = {
    "documentKeyValue": [
        {"key": "Slides (PDF)", "value": "https://example.com/aurora/lessons-1000-slides.pdf"}
    ],
    "linkKeyValue": [{"key": "The 1,000-event study", "value": "https://example.com/aurora/study"}],
    "assetList": [{"id": 77, "defaultPlayback": True, "duration": 3600, "fileName": "lessons.mp4"}],
}

# The event hub's chat, polls and Q&A are on for every session but these (the API's names).
HUB_CHAT_ONLY = {"enablePoll": False, "enableQuesAndAns": False}
HUB_OFF = {"enableChat": False, "enablePoll": False, "enableQuesAndAns": False}

# fmt: off
SESSIONS = [
    # --- live now ---
    _s("opening-keynote", "Opening Keynote: The Next Decade of Events", ("now", -35, 55), LIVE,
       "MAIN_STAGE", provider="ACCELEVENTS", stream_url=MUX_KEYNOTE, mux=True,
       description=RICH_DESCRIPTION, speakers=["ethan", "maya"], tracks=["product"],
       location="Main Stage", closed_caption_url="https://captions.example.com/aurora/keynote.vtt",
       registrations=["vip"]),
    _s("hybrid-data", "Scaling Hybrid Events with Real-Time Data", ("now", -30, 45), LIVE,
       provider="YOUTUBE", stream_url="guL_-lvkY5o&list=RDMMguL_-lvkY5o&start_radio=1",
       speakers=["priya"], tracks=["engineering"], tags=["advanced"], registrations=["general"]),
    _s("accessible-venues", "Designing Accessible Virtual Venues", ("now", -25, 50), LIVE,
       provider="YOUTUBE", stream_url="https://www.youtube.com/watch?v=aqz-KE-bpKQ",
       speakers=["sofia"], tracks=["product"], tags=["beginner"], materials=HUB_CHAT_ONLY),
    _s("sponsor-stories", "Sponsor Storytelling That Converts", ("now", -20, 40), LIVE,
       provider="VIMEO", stream_url="https://vimeo.com/76979871", speakers=["lucas"],
       tracks=["marketing"]),
    _s("community-growth", "Community-Led Growth for Event Brands", ("now", -40, 30), LIVE,
       provider="WISTIA", stream_url="https://fast.wistia.net/embed/iframe/e4a27b971d",
       speakers=["amara"], tracks=["marketing"], tags=["networking"]),
    _s("global-livestream", "Behind the Scenes: Producing a Global Livestream", ("now", -22, 68),
       LIVE, provider="FACEBOOK",
       stream_url="https://www.facebook.com/facebook/videos/10153231379946729/",
       speakers=["hiroshi"], tracks=["operations"]),
    _s("procurement-roundtable", "Roundtable: Event Tech Procurement", ("now", -28, 62), LIVE,
       "MEET_UP", provider="ZOOM", stream_url="https://us02web.zoom.us/j/85512345678?pwd=abc",
       meeting_password="Aurora-8842", speakers=["daniel"], tracks=["operations"],
       tags=["networking"], materials=HUB_OFF),
    _s("recommendations-workshop", "Hands-on: Building Session Recommendations", ("now", -32, 88),
       LIVE, "WORKSHOP", provider="DIRECT_UPLOAD", stream_url=MUX_WORKSHOP, mux=True,
       sub_provider="CHIME", speakers=["priya", "hiroshi"], tracks=["engineering"],
       tags=["hands-on"]),
    _s("full-house", "Full House: Data Privacy Clinic", ("now", -26, 64), LIVE, capacity=3,
       provider="YOUTUBE", stream_url="https://www.youtube.com/watch?v=ysz5S6PUM-U",
       speakers=["sofia"], tracks=["operations"], registrations=["fiona", "felix", "farah"]),
    _s("vip-roadmap", "VIP Lounge: Roadmap Preview with the Founders", ("now", -24, 56), LIVE,
       provider="ACCELEVENTS", stream_url=MUX_EXPO, mux=True, ticket_types=["vip"],
       speakers=["ethan"], tracks=["product"], location="VIP Lounge"),
    _s("last-five-seats", "Last Five Seats: Live Demo Lab", ("now", -21, 79), LIVE, capacity=5,
       provider="VIMEO", stream_url="https://vimeo.com/76979871", speakers=["maya"],
       tracks=["product"], tags=["hands-on"]),
    _s("expo-tour", "Expo Hall Live Tour", ("now", -38, 82), LIVE, "EXPO",
       provider="ACCELEVENTS", stream_url=MUX_EXPO, mux=True, tracks=["marketing"]),
    _s("ops-standup", "Ops Stand-up (late joining allowed)", ("now", -50, -10), LIVE,
       late_minutes=30, provider="ZOOM", stream_url="https://us02web.zoom.us/j/85512345679?pwd=ops",
       speakers=["daniel"], tracks=["operations"]),
    _s("green-room", "Speaker Green Room", ("now", -30, 90), HIDDEN, "OTHER", status="HIDDEN",
       provider="ZOOM", stream_url="https://us02web.zoom.us/j/85512340000?pwd=green"),
    # --- later today ---
    _s("roadmap-qa", "Product Roadmap Q&A", ("now", 12, 57), UPCOMING, provider="YOUTUBE",
       stream_url="https://www.youtube.com/watch?v=aqz-KE-bpKQ", speakers=["maya", "ethan"],
       tracks=["product"]),
    _s("lunch-today", "Lunch & Networking Break", ("now", 75, 120), UPCOMING, "BREAK",
       tags=["networking"]),
    _s("virtual-booths", "Monetizing Virtual Booths", ("now", 120, 165), UPCOMING,
       speakers=["lucas", "amara"], tracks=["marketing"]),
    _s("checkin-workshop", "Workshop: Automating Check-in with the API", ("now", 180, 270),
       UPCOMING, "WORKSHOP", provider="DIRECT_UPLOAD", stream_url=MUX_WORKSHOP, mux=True,
       speakers=["priya"], tracks=["engineering"], tags=["hands-on", "advanced"], capacity=40),
    _s("women-in-eventtech", "Networking Meet-up: Women in Event Tech", ("now", 240, 300),
       UPCOMING, "MEET_UP", provider="ZOOM",
       stream_url="https://us02web.zoom.us/j/85512345680?pwd=meet", speakers=["amara", "sofia"],
       tags=["networking"]),
    _s("securing-data", "Securing Attendee Data in Hybrid Events", ("now", 300, 345), UPCOMING,
       description=HOSTILE_DESCRIPTION, speakers=["priya"], tracks=["engineering"],
       tags=["advanced"]),
    # --- tomorrow and the day after ---
    _s("day2-keynote", "Day 2 Keynote: Sustainable Events", ("day", 1, "09:00", 60), UPCOMING,
       "MAIN_STAGE", provider="ACCELEVENTS", stream_url=MUX_DAY2, mux=True,
       speakers=["ethan", "sofia"], tracks=["product"]),
    _s("event-roi", "Measuring Event ROI", ("day", 1, "10:30", 45), UPCOMING,
       speakers=["lucas"], tracks=["marketing"], tags=["beginner"]),
    _s("gamification", "Gamification Without Gimmicks", ("day", 1, "11:30", 45), UPCOMING,
       speakers=["amara"], tracks=["marketing"]),
    _s("lunch-day2", "Lunch Break", ("day", 1, "12:30", 60), UPCOMING, "BREAK"),
    _s("agenda-workshop", "Workshop: Designing Agendas That Flow", ("day", 1, "14:00", 90),
       UPCOMING, "WORKSHOP", speakers=["daniel"], tracks=["operations"], tags=["hands-on"]),
    _s("hybrid-av", "Hybrid AV on a Budget", ("day", 1, "15:45", 45), UPCOMING,
       speakers=["hiroshi"], tracks=["operations"], tags=["beginner"]),
    _s("expo-hours", "Expo Hall Open Hours", ("day", 1, "16:30", 90), UPCOMING, "EXPO",
       tracks=["marketing"]),
    _s("closing-keynote", "Closing Keynote: What We Learned", ("day", 2, "09:00", 60), UPCOMING,
       "MAIN_STAGE", speakers=["ethan", "maya"], tracks=["product"]),
    _s("content-strategy", "Post-Event Content Strategy", ("day", 2, "10:30", 45), UPCOMING,
       speakers=["lucas"], tracks=["marketing"], tags=["advanced"]),
    # --- ended ---
    _s("welcome-breakfast", "Welcome Breakfast", ("day", -1, "08:30", 60), ENDED, "BREAK"),
    _s("kickoff", "Kickoff: State of the Industry", ("day", -1, "10:00", 60), ENDED,
       "MAIN_STAGE", speakers=["ethan"], tracks=["product"], cta=CTA_SURVEY,
       registrations=["vip"]),
    _s("speaker-pipeline", "Building a Speaker Pipeline", ("day", -1, "14:00", 60), ENDED,
       speakers=["daniel", "amara"], tracks=["operations"]),
    _s("lessons-1000", "Lessons from 1,000 Virtual Events", ("now", -180, -120), ENDED,
       speakers=["daniel"], tracks=["operations"], tags=["beginner"], cta=CTA_SLIDES,
       materials=LESSONS_MATERIALS),
    _s("email-marketing", "Email Marketing for Event Organisers", ("now", -115, -70), ENDED,
       speakers=["lucas"], tracks=["marketing"]),
]
# fmt: on

FIRST_SESSION_ID = 11592
SESSION_IDS = {spec["key"]: FIRST_SESSION_ID + i for i, spec in enumerate(SESSIONS)}
FIRST_USER_ID = 8528
FIRST_TICKET_ID = 57940
# account key → its ticket ids, lowest first
TICKET_IDS = {
    who: [FIRST_TICKET_ID + i for i, (holder, _) in enumerate(TICKETS) if holder == who]
    for who, _ in TICKETS
}
TESSA = EXTRA_ACCOUNTS["tessa"]
TESSA_TICKET_IDS = TICKET_IDS["tessa"]  # [General Admission, VIP]
