"""`{% session_meta s event %}`: a session's times, speakers, chips and description
(`_session_meta.html`), rendered once per process for each content, zone and language.

A cold agenda page renders 20 cards, and Django's template engine was 84% of its 68 ms
(docs/benchmarks.md); this part of a card is the same for every attendee shown the same
session. The key holds everything the template shows, compared by value (a dict key is checked
for equality, not only by hash): a changed title, time, speaker or description is a new entry,
and no entry is ever another session's. Keep the key in step with the template."""

import threading
from collections import OrderedDict

from django import template
from django.template.loader import get_template
from django.utils import timezone, translation

register = template.Library()
MEMO_ENTRIES = 4096  # a 300-session event in four languages, two shapes: 2,400
_memo: OrderedDict = OrderedDict()
_lock = threading.Lock()


@register.simple_tag
def session_meta(session, event, *, with_day: bool = False, hide_description: bool = False):
    with_day, hide_description = bool(with_day), bool(hide_description)
    key = (
        (session.id, session.title, session.start, session.end),
        (session.speakers, session.tracks, session.tags),
        "" if hide_description else session.description,
        (event.tz_name, translation.get_language(), timezone.get_current_timezone_name()),
        (with_day, hide_description),
    )
    try:
        with _lock:
            if (html := _memo.get(key)) is not None:
                _memo.move_to_end(key)
                return html
    except TypeError:  # something unhashable: rendered every time
        return _render(session, event, with_day, hide_description)
    html = _render(session, event, with_day, hide_description)
    with _lock:
        _memo[key] = html
        while len(_memo) > MEMO_ENTRIES:
            _memo.popitem(last=False)
    return html


def _render(session, event, with_day: bool, hide_description: bool):
    context = {"s": session, "event": event, "with_day": with_day}
    context["hide_description"] = hide_description
    return get_template("sessions_app/_session_meta.html").render(context)
