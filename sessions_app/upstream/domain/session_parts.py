"""What a session is made of, each parsed as tolerantly as the session itself: its speakers,
its tracks and tags (labels), its stream and its call to action. A stream's playback token is
kept out of repr; the stream key and RTMP URL the upstream sends have no field."""

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Self

from ..sanitize import clean_html
from .fields import as_dict, as_http_url, as_int, as_str, enum_member

_COLOR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


class StreamProvider(StrEnum):
    ACCELEVENTS = "ACCELEVENTS"
    WISTIA = "WISTIA"
    YOUTUBE = "YOUTUBE"
    VIMEO = "VIMEO"
    FACEBOOK = "FACEBOOK"
    ZOOM = "ZOOM"
    DIRECT_UPLOAD = "DIRECT_UPLOAD"
    OTHER = "OTHER"

    @classmethod
    def parse(cls, value: Any) -> Self:
        return enum_member(cls, value)


@dataclass(frozen=True)
class Label:
    """A track or a tag."""

    id: int
    name: str
    color: str = ""

    @classmethod
    def from_api(cls, data: Any) -> Self:
        data = as_dict(data)
        label_id = as_int(data.get("id"), -1)
        if label_id < 0:
            raise ValueError("label without id")
        color = as_str(data.get("color"))
        return cls(
            id=label_id,
            name=as_str(data.get("name")),
            color=color if _COLOR.fullmatch(color) else "",
        )


@dataclass(frozen=True)
class Speaker:
    id: int
    first_name: str
    last_name: str
    title: str = ""
    company: str = ""
    image_url: str = ""
    bio: str = ""  # sanitised HTML

    @classmethod
    def from_api(cls, data: Any) -> Self:
        if not isinstance(data, dict):
            raise ValueError("speaker is not an object")
        return cls(
            id=as_int(data.get("speakerId", data.get("id"))),
            first_name=as_str(data.get("firstName")),
            last_name=as_str(data.get("lastName")),
            title=as_str(data.get("title")),
            company=as_str(data.get("company")),
            image_url=as_http_url(data.get("imageUrl")),
            bio=clean_html(as_str(data.get("bio"))),
        )

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(frozen=True)
class Stream:
    provider: StreamProvider = StreamProvider.OTHER
    url: str = ""
    playback_token: str = field(default="", repr=False)
    closed_caption_url: str = ""
    auto_start: bool = False

    @classmethod
    def from_api(cls, data: dict) -> Self:
        return cls(
            provider=StreamProvider.parse(data.get("streamProvider")),
            # Kept verbatim: for YouTube it is a video id plus query, not a URL.
            url=as_str(data.get("streamUrl")),
            playback_token=as_str(data.get("playBackRestrictionToken")),
            closed_caption_url=as_http_url(data.get("closedCaptionUrl")),
            auto_start=data.get("directVideoAutoStart") is True,
        )


@dataclass(frozen=True)
class CallToAction:
    label: str
    url: str

    @classmethod
    def from_api(cls, data: Any) -> Self | None:
        data = as_dict(data)
        url = as_http_url(data.get("destination"))
        if data.get("enablePostSessionCallToAction") is not True or not url:
            return None
        return cls(label=as_str(data.get("buttonLabelText")) or "Learn more", url=url)


@dataclass(frozen=True)
class HubFeatures:
    """What the event's own hub offers beside a session's stream: its chat (`enableChat`),
    polls (`enablePoll`) and Q&A (`enableQuesAndAns`), documented in the session sample. Only
    a literal true counts: a missing or odd value never sends an attendee to a closed room."""

    chat: bool = False
    polls: bool = False
    questions: bool = False

    @classmethod
    def from_api(cls, data: dict) -> Self:
        def on(key: str) -> bool:
            value = data.get(key)
            return value is True or as_str(value).lower() == "true"

        return cls(chat=on("enableChat"), polls=on("enablePoll"), questions=on("enableQuesAndAns"))

    @property
    def any(self) -> bool:
        return self.chat or self.polls or self.questions
