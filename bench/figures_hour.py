"""Figures 11 and 14 (issue "One catalogue for the whole event"): upstream calls and bytes per
active attendee-hour, and for the whole event with 100 and with 1,000 attendees browsing. How
each part is counted: bench/browsing.py."""

from .browsing import WINDOW, Browsing, Hourly, hourly
from .figures import SESSION_LIST, Figure

MOST_CALLS, MOST_MB = 12, 1.5  # per active attendee-hour


def _floor(cache_ttl: int) -> float:
    """Seats never older than the TTL: a catalogue kept past its TTL would be read fewer times."""
    return WINDOW / cache_ttl - 1


def _kinds(counts: dict, scale: float, places: int = 1) -> str:
    return ", ".join(f"{kind} {n * scale:,.{places}f}" for kind, n in counts.items()) or "none"


def _fresh(b: Browsing, cache_ttl: int, shared: bool) -> tuple[bool, str]:
    """With the shared catalogue its reads in the window; with per-attendee lists (the
    fallback) each attendee's own session-list calls."""
    floor = _floor(cache_ttl)
    if shared:
        reads = b.window.catalogue_reads
        return reads >= floor, f"catalogue reads in {WINDOW} s: {reads}"
    each = b.window.calls.get(SESSION_LIST, 0) / b.attendees
    return each >= floor, f"session-list calls per attendee in {WINDOW} s: {each:.2f}"


def calls_per_attendee_hour(b: Browsing, settings: dict, *, cache_ttl: int, poll_s: int):
    """Figure 11, from the Browsing of 100 attendees (about 2 minutes)."""
    ttl = settings["PORTAL_ATTENDEE_TTL"]
    h, n = hourly(b, attendee_ttl=ttl), b.attendees
    calls, mb = h.calls / n, h.bytes / n / 1e6
    fresh, freshness = _fresh(b, cache_ttl, bool(settings["ACCELEVENTS_SHARED_CATALOGUE"]))
    return Figure(
        "11",
        f"upstream calls and bytes per active attendee-hour ({n} attendees, agenda open: a "
        f"status poll every {poll_s} s, an agenda view a minute): the shared part and any list "
        f"expiring counted in {WINDOW} s, the attendee's own lists at their measured cost every "
        "PORTAL_ATTENDEE_TTL",
        f"{calls:.1f} calls; {mb:.2f} MB",
        f"≤ {MOST_CALLS} calls and ≤ {MOST_MB} MB; seats never older than the TTL: catalogue "
        f"reads in {WINDOW} s ≥ {WINDOW} s / {cache_ttl} s - 1 = {_floor(cache_ttl):g}",
        f"shared (catalogue + event) {h.shared_calls / n:.1f} calls, "
        f"{h.shared_bytes / n / 1e6:.2f} MB; lists expiring in the window "
        f"{h.other_calls / n:.1f} calls; own lists {h.overlay_calls:.1f} calls "
        f"({h.overlay_bytes / 1e3:.0f} kB) a refresh x {h.refreshes:g} an hour "
        f"(PORTAL_ATTENDEE_TTL={ttl}); {freshness}",
        calls <= MOST_CALLS and mb <= MOST_MB and fresh and b.errors == 0,
        values={
            "calls": calls, "bytes": h.bytes / n,
            # the whole event's: what does not grow with attendees, then what each adds
            "shared_calls": h.shared_calls, "shared_bytes": h.shared_bytes,
            "attendee_calls": (h.other_calls + h.overlay_calls_hourly) / n,
            "attendee_bytes": (h.bytes - h.shared_bytes) / n,
        },
        notes=_notes(b, h),
    )  # fmt: skip


def _notes(b: Browsing, h: Hourly) -> list[str]:
    n, per_hour = b.attendees, 3600 / WINDOW
    return [
        f"method: every /rest call of {b.polls} polls + {b.views} views in {WINDOW} s "
        f"(/__sandbox__/stats) x {per_hour:g} ÷ {n}, then each attendee's own lists: "
        f"{b.opened} first views' calls less the catalogue's reads and the event's calls "
        f"among them, ÷ {b.opened}, x 3600 / PORTAL_ATTENDEE_TTL; a catalogue read costs the "
        f"window's session-list calls ÷ its `shared catalogue read` log lines "
        f"({h.read_calls:.1f} calls, {h.read_bytes / 1e3:.0f} kB)",
        f"calls per attendee-hour in the window by kind: {_kinds(b.window.calls, per_hour / n)}",
        f"bytes per attendee-hour in the window by kind: {_kinds(b.window.bytes, per_hour / n, 0)}",
        f"{b.opened} first views: catalogue reads {b.first.catalogue_reads}; calls by kind: "
        f"{_kinds(b.first.calls, 1, 0)}",
        f"{b.errors} errors ({b.answered})",
    ]


def whole_event(few: Browsing, many: Browsing, settings: dict, *, cache_ttl: int) -> Figure:
    """Figure 14: the 100 attendees of figure 11, then 900 more opening the agenda and all 1,000
    browsing the same way. The catalogue's reads must be the same in both windows (±1), and the
    calls beyond the attendees' own lists too (±1 catalogue read and 1 event call): the total
    grows only by the overlay. About 2 minutes beyond figure 11, plus signing in 900 attendees
    (about 1 minute) at the start of the run."""
    ttl = settings["PORTAL_ATTENDEE_TTL"]
    a, b = hourly(few, attendee_ttl=ttl), hourly(many, attendee_ttl=ttl)
    per_hour = 3600 / WINDOW
    reads = (few.window.catalogue_reads, many.window.catalogue_reads)
    # calls that are not the attendees' own lists, per window: the catalogue, the event, and
    # anything expiring in the window (per-attendee lists would grow it ten times)
    rest = tuple((h.shared_calls + h.other_calls) / per_hour for h in (a, b))
    slack = max(a.read_calls, b.read_calls, 1) + 1
    fresh = min(reads) >= _floor(cache_ttl)
    growth = b.calls - a.calls
    overlay = b.overlay_calls_hourly - a.overlay_calls_hourly
    return Figure(
        "14",
        f"upstream calls an hour for the whole event, {few.attendees:,} vs {many.attendees:,} "
        "attendees browsing as in 11: the shared catalogue's, and in all",
        f"catalogue {a.catalogue_calls:,.0f} vs {b.catalogue_calls:,.0f} calls; in all "
        f"{a.calls:,.0f} vs {b.calls:,.0f} calls",
        f"catalogue reads in each {WINDOW} s equal (±1) and ≥ {_floor(cache_ttl):g}; the total "
        f"grows only by the attendees' own lists: the rest equal (±{slack:g} calls a window)",
        f"growth {growth:+,.0f} calls, of it own lists {overlay:+,.0f} "
        f"({many.attendees - few.attendees:,} more x {b.overlay_calls:.1f} calls a refresh x "
        f"{b.refreshes:g}); catalogue reads {reads[0]} vs {reads[1]}, the rest {rest[0]:.0f} vs "
        f"{rest[1]:.0f} calls a window",
        abs(reads[1] - reads[0]) <= 1 and fresh and abs(rest[1] - rest[0]) <= slack
        and few.errors + many.errors == 0,
        values={"catalogue_calls": (a.catalogue_calls, b.catalogue_calls),
                "calls": (a.calls, b.calls)},
        notes=[
            f"{many.attendees:,}: calls in the window by kind: {_kinds(many.window.calls, 1, 0)}",
            f"{many.attendees:,}: own lists a refresh {b.overlay_calls:.1f} calls, "
            f"{b.overlay_bytes / 1e3:.0f} kB ({many.opened} first views; "
            f"{many.first.catalogue_reads} catalogue reads among them); {few.attendees}: "
            f"{a.overlay_calls:.1f} calls, {a.overlay_bytes / 1e3:.0f} kB",
            f"{many.attendees:,}: {many.errors} errors ({many.answered})",
        ],
    )  # fmt: skip
