"""What a stream player is once built: an iframe, an HLS video, a link out, or unavailable;
with the provider's brand name for the "Open on …" link."""

from __future__ import annotations

from dataclasses import dataclass, field

IFRAME_ALLOW = "autoplay; fullscreen; picture-in-picture; encrypted-media"


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


def iframe(src: str, title: str) -> Player:
    return Player("iframe", src, title=title, allow=IFRAME_ALLOW)


# Brand names, as each provider writes its own (not translated).
SITE_NAMES = {"YOUTUBE": "YouTube", "VIMEO": "Vimeo", "WISTIA": "Wistia", "FACEBOOK": "Facebook"}
