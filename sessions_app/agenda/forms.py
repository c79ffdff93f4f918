"""Input parsing for attendee pages. Bad values are corrected to the default instead of
failing: a shared link with a stale track id still shows an agenda."""

from dataclasses import dataclass, field
from datetime import date

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sessions_app.ops.ascii_fields import AsciiDateField, AsciiIntegerField
from sessions_app.upstream.domain import SessionFormat

TABS = {
    "": _("Live & upcoming"),
    "live": _("Live now"),
    "upcoming": _("Upcoming"),
    "past": _("Past"),
}
ALL_FORMATS = "all"
FORMAT_CHOICES = [
    (ALL_FORMATS, _("All formats")),
    (SessionFormat.MAIN_STAGE.value, _("Main stage")),
    (SessionFormat.BREAKOUT_SESSION.value, _("Regular sessions")),
    (SessionFormat.WORKSHOP.value, _("Workshops")),
    (SessionFormat.MEET_UP.value, _("Meet-ups")),
    (SessionFormat.EXPO.value, pgettext_lazy("session format", "Expo")),
]
FORMAT_VALUES = frozenset(value for value, _label in FORMAT_CHOICES)
MAX_QUERY_LENGTH = 100


def default_format() -> str:
    """The organizer's PORTAL_DEFAULT_FORMAT (checked at start-up, see sessions_app.checks)."""
    return settings.PORTAL_DEFAULT_FORMAT


@dataclass(frozen=True)
class AgendaQuery:
    tab: str = ""
    format: str = field(default_factory=default_format)
    day: date | None = None
    track: int | None = None
    tag: int | None = None
    q: str = ""
    mine: bool = False  # only sessions the attendee holds or starred
    joinable: bool = False  # only sessions the attendee can join, as their cards say

    def as_params(self, **changes) -> dict[str, str]:
        """The non-default fields as GET parameters, for links that keep the current view."""
        values = {**self.__dict__, **changes}
        default = AgendaQuery()
        return {
            name: "1" if value is True else str(value)
            for name, value in values.items()
            if value not in (None, "") and value != getattr(default, name)
        }

    def replace(self, **changes) -> "AgendaQuery":
        return AgendaQuery(**{**self.__dict__, **changes})

    @property
    def filter_count(self) -> int:
        """Filters behind the phone's "Filters (n)" control that narrow the view."""
        narrowing = (self.format != ALL_FORMATS, self.track, self.tag, self.mine, self.joinable)
        return sum(1 for value in narrowing if value)  # not the day: it has its tabs


class AgendaFilterForm(forms.Form):
    tab = forms.ChoiceField(choices=list(TABS.items()), required=False)
    format = forms.ChoiceField(choices=FORMAT_CHOICES, required=False)
    day = AsciiDateField(required=False, input_formats=["%Y-%m-%d"])
    track = AsciiIntegerField(required=False, min_value=1, max_value=2**53)
    tag = AsciiIntegerField(required=False, min_value=1, max_value=2**53)
    q = forms.CharField(required=False, max_length=MAX_QUERY_LENGTH, strip=True)
    mine = forms.TypedChoiceField(choices=[("1", "1")], coerce=bool, required=False)
    joinable = forms.TypedChoiceField(choices=[("1", "1")], coerce=bool, required=False)
    # No `page`: a day is one view now, and an old `?page=N` link just opens the agenda.


def parse_agenda_query(data) -> AgendaQuery:
    form = AgendaFilterForm(data)
    form.is_valid()
    clean = form.cleaned_data  # holds only the fields that validated
    default = AgendaQuery()
    return AgendaQuery(
        tab=clean.get("tab") or default.tab,
        format=clean.get("format") or default.format,
        day=clean.get("day"),
        track=clean.get("track"),
        tag=clean.get("tag"),
        q=(clean.get("q") or "")[:MAX_QUERY_LENGTH],
        mine=bool(clean.get("mine")),
        joinable=bool(clean.get("joinable")),
    )


class SignInForm(forms.Form):
    email = forms.EmailField(label=_("Email"), max_length=254)
    password = forms.CharField(
        label=_("Password"), max_length=200, strip=False, widget=forms.PasswordInput
    )
