"""Parts of an agenda card rendered once per process and reused: `{% session_meta s event %}`
(a session's times, speakers, chips and description, `_session_meta.html`) and
`{% session_card card event %}` (the whole card: its title, that part and its status block)
and `{% slot_heading slot event %}` (a timetable slot's time and mark).

A cold agenda page renders 20 cards, and Django's template engine was 84% of its 68 ms
(docs/benchmarks.md); a card is the same for every attendee shown the same session in the same
state. Each key holds everything its template shows, compared by value (a dict key is checked
for equality, not only by hash): a changed title, time, speaker, seat count or refusal is a new
entry, and no entry is ever another session's or another state's. Keep the keys in step with
the templates. The one per-request part, the CSRF token of a card's forms, is rendered into a
placeholder and put in for each page (`_with_csrf_token`)."""

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import fields

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

register = template.Library()
MEMO_ENTRIES = 4096  # a 300-session event in four languages, two shapes: 2,400
# Rendered where a card's forms carry the token; random per process, so no upstream text can
# contain it.
_CSRF_MARK = f"csrf-placeholder-{secrets.token_hex(12)}"
_CSRF_INPUT = f'<input type="hidden" name="csrfmiddlewaretoken" value="{_CSRF_MARK}">'


class _Memo:
    """Rendered HTML by key, least recently used dropped first, shared by a process's threads."""

    def __init__(self, entries: int):
        self._entries, self._html = entries, OrderedDict()
        self._lock = threading.Lock()

    def get_or_render(self, key: Hashable, render: Callable[[], SafeString]) -> SafeString:
        try:
            with self._lock:
                if (html := self._html.get(key)) is not None:
                    self._html.move_to_end(key)
                    return html
        except TypeError:  # something unhashable: rendered every time
            return render()
        html = render()
        with self._lock:
            self._html[key] = html
            while len(self._html) > self._entries:
                self._html.popitem(last=False)
        return html


_metas, _cards, _slots = _Memo(MEMO_ENTRIES), _Memo(MEMO_ENTRIES), _Memo(MEMO_ENTRIES)


def _where_and_language(event) -> tuple:
    return (event.tz_name, translation.get_language(), timezone.get_current_timezone_name())


def _described(session, *, description: bool = True) -> tuple:
    """What `_session_meta.html` shows of a session."""
    return (
        (session.id, session.title, session.start, session.end),
        (session.format, session.location, session.speakers, session.tracks, session.tags),
        session.description if description else "",
    )


def _shown(session) -> tuple:
    """What the card templates show of a session; not, say, the attendee's own ticket ids, which
    differ from one attendee to the next and only ever reach a card through its state."""
    return (*_described(session), session.seats_left, session.private)


@register.simple_tag
def session_meta(session, event, *, with_day: bool = False, hide_description: bool = False):
    with_day, hide_description = bool(with_day), bool(hide_description)
    key = (
        _described(session, description=not hide_description),
        _where_and_language(event),
        (with_day, hide_description),
    )
    context = {"s": session, "event": event, "with_day": with_day}
    context["hide_description"] = hide_description
    render = lambda: get_template("sessions_app/_session_meta.html").render(context)  # noqa: E731
    return _metas.get_or_render(key, render)


@register.simple_tag(takes_context=True)
def session_card(context, card, event):
    """The agenda's `session-card` partial for `card` (a SessionCard: what it shows of its
    session, and every field of the attendee's state of it), with the page's CSRF token."""
    shown = {name: context.get(name) for name in ("oob", "announce", "show_no_ticket")}
    shown["notice"] = str(context.get("notice") or "")
    state = tuple(getattr(card, f.name) for f in fields(card) if f.name != "session")
    key = (_shown(card.session), state, tuple(shown.items()), _where_and_language(event))
    own = {"card": card, "s": card.session, "event": event, "csrf_token": _CSRF_MARK, **shown}
    render = lambda: get_template("sessions_app/agenda.html#session-card").render(own)  # noqa: E731
    return _with_csrf_token(_cards.get_or_render(key, render), context)


@register.simple_tag
def slot_heading(slot, event):
    """The timetable's `slot-heading` partial: a slot's time (three date formats) and mark."""
    key = ("slot", slot.start, slot.mark, _where_and_language(event))
    own = {"slot": slot, "event": event}
    render = lambda: get_template("sessions_app/agenda.html#slot-heading").render(own)  # noqa: E731
    return _slots.get_or_render(key, render)


def _with_csrf_token(html: SafeString, context) -> SafeString:
    if _CSRF_MARK not in html:
        return html
    rendered = context.render_context  # one page's render: its token is rendered once
    if (token := rendered.get(_CSRF_MARK)) is None:
        token = rendered[_CSRF_MARK] = CsrfTokenNode().render(context)
    # Both parts are safe already: the template's own output and Django's CSRF input.
    return mark_safe(html.replace(_CSRF_INPUT, token))  # noqa: S308
