"""Which sessions a view of the agenda keeps (sessions_app/agenda/filtering.py), on sessions
built here: each filter keeps exactly the sessions it names, a day is the event's day (not
UTC's), and an empty view always offers a wider one that shows something."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sessions_app.agenda.filtering import Scope, matches, ways_out
from sessions_app.agenda.forms import AgendaQuery
from sessions_app.upstream.domain import Label, Session, SessionFormat, Speaker

NOW = datetime(2030, 5, 1, 12, tzinfo=UTC)
NEW_YORK = ZoneInfo("America/New_York")
AI, DATA = Label(1, "AI"), Label(2, "Data")
BEGINNER = Label(10, "Beginner")
ADA = Speaker(7, "Ada", "Lovelace")


def at(hours: float, session_id: int, **fields) -> Session:
    """A one-hour session starting `hours` from NOW."""
    start = NOW + timedelta(hours=hours)
    return Session(
        id=session_id,
        title=fields.pop("title", f"Session {session_id}"),
        start=start,
        end=start + timedelta(hours=1),
        **fields,
    )


LIVE = at(-0.5, 1, format=SessionFormat.WORKSHOP, tracks=(AI,), speakers=(ADA,))
UPCOMING = at(2, 2, format=SessionFormat.MAIN_STAGE, tracks=(DATA,), tags=(BEGINNER,))
ENDED = at(-3, 3, format=SessionFormat.WORKSHOP, tracks=(AI,), title="Morning Keynote")
UNANNOUNCED = Session(id=4, title="To be announced", start=None, end=None)
ALL = (LIVE, UPCOMING, ENDED, UNANNOUNCED)


def kept(query: AgendaQuery, tz=UTC) -> list[int]:
    return [s.id for s in ALL if matches(s, query, NOW, tz)]


def query(**fields) -> AgendaQuery:
    return AgendaQuery(**{"format": "all", **fields})


def test_each_tab_keeps_exactly_its_sessions():
    assert kept(query()) == [1, 2, 4]  # live and upcoming: nothing ended
    assert kept(query(tab="live")) == [1]
    assert kept(query(tab="upcoming")) == [2, 4]  # not announced yet: still to come
    assert kept(query(tab="past")) == [3]


def test_a_session_late_joiners_may_still_enter_is_live_not_past():
    late = at(-1.25, 5, allowed_minutes_late=30)  # ended 15 minutes ago, 30 allowed
    assert matches(late, query(tab="live"), NOW, UTC)
    assert not matches(late, query(tab="past"), NOW, UTC)


def test_format_track_and_tag_keep_only_the_sessions_they_name():
    assert kept(query(format=SessionFormat.WORKSHOP.value)) == [1]
    assert kept(query(format=SessionFormat.WORKSHOP.value, tab="past")) == [3]
    assert kept(query(track=AI.id)) == [1]
    assert kept(query(track=DATA.id)) == [2]
    assert kept(query(tag=BEGINNER.id)) == [2]
    assert kept(query(track=99)) == []


def test_search_finds_a_title_or_a_speaker_whatever_the_case():
    assert kept(query(q="keynote", tab="past")) == [3]
    assert kept(query(q="LOVELACE")) == [1]
    assert kept(query(q="nobody")) == []


def test_search_finds_a_session_by_its_place_a_speakers_company_its_topics_and_its_words():
    grace = Speaker(8, "Grace", "Hopper", company="Navy Research Lab")
    described = "<p>Hands-on <strong>vector</strong> search for R&amp;D teams</p>"
    session = at(1, 9, location="Hall B, Zürich", speakers=(grace,), description=described)
    tagged = at(1, 10, tracks=(Label(3, "Café Talks"),), tags=(Label(11, "Straße"),))

    def found(text: str) -> list[int]:
        return [s.id for s in (session, tagged) if matches(s, query(q=text), NOW, UTC)]

    assert found("hall b") == [9]  # the location
    assert found("navy research") == [9]  # a speaker's company
    assert found("vector search") == [9]  # the description's words
    assert found("r&d") == [9]  # an entity in the description reads as its character
    assert found("strong") == []  # not its markup
    assert found("cafe talks") == [10] and found("strasse") == [10]  # tracks and tags


def test_search_sets_case_and_accents_aside():
    session = at(1, 9, title="Réunion à Zürich", speakers=(Speaker(8, "Zoë", "Ngũgĩ"),))
    for text in ("reunion a zurich", "RÉUNION", "zoe ngugi", " zurich "):
        assert matches(session, query(q=text), NOW, UTC), text
    assert not matches(session, query(q="zurick"), NOW, UTC)


def test_a_day_is_the_events_day_not_utcs():
    late_evening = Session(
        id=6,
        title="Evening",
        start=datetime(2030, 5, 2, 1, 30, tzinfo=UTC),  # 21:30 on May 1 in New York
        end=datetime(2030, 5, 2, 2, 30, tzinfo=UTC),
    )
    assert matches(late_evening, query(day=date(2030, 5, 1)), NOW, NEW_YORK)
    assert not matches(late_evening, query(day=date(2030, 5, 2)), NOW, NEW_YORK)
    assert not matches(UNANNOUNCED, query(day=date(2030, 5, 1)), NOW, NEW_YORK)


def test_an_empty_view_offers_only_wider_views_that_show_sessions_with_their_counts():
    empty = query(tab="live", track=DATA.id)
    assert kept(empty) == []
    ways = ways_out(ALL, empty, NOW, UTC)
    assert [(w.label, w.query, w.count) for w in ways] == [
        ("Clear the filters", query(tab="live"), 1),
        ("Show live and upcoming sessions", query(track=DATA.id), 1),
        # "Show past sessions" on Data would show nothing: not offered
        ("Show every live and upcoming session", query(), 3),
    ]
    assert [kept(w.query) for w in ways] == [[1], [2], [1, 2, 4]]


def test_a_view_that_cannot_be_widened_offers_nothing():
    assert ways_out((), query(q="nothing"), NOW, UTC) == ()


def test_mine_keeps_only_the_attendees_sessions_and_joinable_drops_the_ruled_out():
    scope = Scope(mine=frozenset({LIVE.id}), ruled_out=frozenset({UPCOMING.id}))
    everything = AgendaQuery(format="all")
    assert [s.id for s in ALL if matches(s, everything, NOW, UTC, scope)] == [1, 2, 4]
    mine = everything.replace(mine=True)
    assert [s.id for s in ALL if matches(s, mine, NOW, UTC, scope)] == [1]
    joinable = everything.replace(joinable=True)
    assert [s.id for s in ALL if matches(s, joinable, NOW, UTC, scope)] == [1, 4]
    assert mine.as_params()["mine"] == "1" and mine.filter_count == 1
    # An empty "mine" view offers to clear the filters, which clears "mine" too.
    nobody = Scope()
    (way, *_) = ways_out(ALL, mine, NOW, UTC, scope=nobody)
    assert way.query.mine is False and way.count == 3
