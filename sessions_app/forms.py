"""Input parsing for attendee pages. Bad values are corrected to the default instead of
failing: a shared link with a stale track id still shows an agenda."""

from dataclasses import dataclass
from datetime import date

from django import forms

from .upstream.domain import SessionFormat

TABS = {
    "": "Live & upcoming",
    "live": "Live now",
    "upcoming": "Upcoming",
    "past": "Past",
}
FORMAT_CHOICES = [
    (SessionFormat.BREAKOUT_SESSION.value, "Regular sessions"),
    (SessionFormat.MAIN_STAGE.value, "Main stage"),
    (SessionFormat.WORKSHOP.value, "Workshops"),
    (SessionFormat.MEET_UP.value, "Meet-ups"),
    (SessionFormat.EXPO.value, "Expo"),
    ("all", "All formats"),
]
MAX_PAGE = 500
MAX_QUERY_LENGTH = 100


@dataclass(frozen=True)
class AgendaQuery:
    tab: str = ""
    format: str = SessionFormat.BREAKOUT_SESSION.value
    day: date | None = None
    track: int | None = None
    tag: int | None = None
    q: str = ""
    page: int = 1

    def as_params(self, **changes) -> dict[str, str]:
        """The non-default fields as GET parameters, for links that keep the current view."""
        values = {**self.__dict__, **changes}
        default = AgendaQuery()
        return {
            name: str(value)
            for name, value in values.items()
            if value not in (None, "") and value != getattr(default, name)
        }


class AgendaFilterForm(forms.Form):
    tab = forms.ChoiceField(choices=list(TABS.items()), required=False)
    format = forms.ChoiceField(choices=FORMAT_CHOICES, required=False)
    day = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    track = forms.IntegerField(required=False, min_value=1, max_value=2**53)
    tag = forms.IntegerField(required=False, min_value=1, max_value=2**53)
    q = forms.CharField(required=False, max_length=MAX_QUERY_LENGTH, strip=True)
    page = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE)


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
        page=clean.get("page") or 1,
    )


class SignInForm(forms.Form):
    email = forms.EmailField(max_length=254)
    password = forms.CharField(max_length=200, strip=False, widget=forms.PasswordInput)
