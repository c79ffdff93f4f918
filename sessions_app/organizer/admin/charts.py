"""Charts drawn on the server as SVG (no script, so the strict CSP stays): geometry here,
markup in templates. Each bar carries its number as text and a link to the list behind it;
colour is never the only cue (full sessions and pre-click blocks are hatched and labelled)."""

from dataclasses import dataclass

from django.template.loader import render_to_string

BAR_WIDTH = 100  # the fill bar's viewBox width: its value is a percentage


def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def fill_text(registered: int, capacity: int) -> str:
    if capacity <= 0:
        return f"{registered} registered (no limit)"
    return f"{registered} / {capacity} ({percent(registered, capacity)}%)"


def fill_bar(registered: int, capacity: int, full: bool, url: str = ""):
    """A bar of registered against capacity with "38 / 40 (95%)" beside it; hatched and
    labelled "Full" when no seat is left."""
    width = min(BAR_WIDTH, percent(registered, capacity)) if capacity > 0 else 0
    return render_to_string(
        "admin/sessions_app/fill_bar.html",
        {
            "width": width,
            "text": fill_text(registered, capacity),
            "full": full,
            "unlimited": capacity <= 0,
            "url": url,
        },
    )


@dataclass(frozen=True)
class Column:
    x: float
    y: float
    width: float
    height: float
    value: int
    label: str  # under the axis, or "" to keep the axis readable
    title: str  # what the bar is, for the hover tip and the data table
    url: str

    @property
    def text_y(self) -> float:
        return self.y - 3

    @property
    def cx(self) -> float:
        return round(self.x + self.width / 2, 2)


def columns(points: list[tuple[str, int, str, str]], *, width=720, height=160, label_every=1):
    """Vertical bars for (label, value, title, url) points, scaled to the largest value."""
    if not points:
        return []
    top = max(value for _, value, _, _ in points) or 1
    slot = min(width / len(points), 48)  # a few hours stay bars, not walls
    left = (width - slot * len(points)) / 2
    bars = []
    for i, (label, value, title, url) in enumerate(points):
        h = height * value / top
        bars.append(
            Column(
                x=round(left + i * slot + slot * 0.1, 2),
                y=round(height - h + 14, 2),
                width=round(slot * 0.8, 2),
                height=round(h, 2),
                value=value,
                label=label if i % label_every == 0 else "",
                title=title,
                url=url,
            )
        )
    return bars


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    value: int
    css: str
    title: str
    url: str


def segments(parts: list[tuple[int, str, str, str]], top: int, *, width=100):
    """A horizontal stacked bar of (value, css class, title, url) parts, scaled to `top`."""
    x, out = 0.0, []
    for value, css, title, url in parts:
        w = width * value / (top or 1)
        out.append(Segment(round(x, 2), round(w, 2), value, css, title, url))
        x += w
    return out
