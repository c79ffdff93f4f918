"""Reading a whole session list page by page: each session once, a short page never ends the
list, a page of nothing new does, and a list read only in part says so."""

from sessions_app.upstream.domain import Session, SessionPage
from sessions_app.upstream.pager import Pager, every_page


def sessions(*ids):
    return tuple(Session(id=i, title=f"Session {i}", start=None, end=None) for i in ids)


def listing(ids, *, page_size, capped_at=None, ignores_page=False):
    """An upstream list as `fetch(page)` reads it; `capped_at` answers fewer items than asked."""
    calls = []
    per_answer = capped_at or page_size

    def fetch(index):
        calls.append(index)
        start = 0 if ignores_page else index * per_answer
        chunk = ids[start : start + per_answer]
        return SessionPage(sessions(*chunk), total=len(ids), filtered=len(ids))

    return fetch, calls


def test_every_page_is_read_once_and_each_session_kept_once():
    fetch, calls = listing(list(range(1, 24)), page_size=10)
    result = every_page(fetch, max_pages=10, template="sessions")
    assert [s.id for s in result.sessions] == list(range(1, 24))
    assert result.complete
    assert sorted(calls) == [0, 1, 2]


def test_a_short_first_page_sets_the_page_size_and_the_rest_is_still_read():
    fetch, calls = listing(list(range(1, 13)), page_size=10, capped_at=5)
    result = every_page(fetch, max_pages=10, template="sessions")
    assert [s.id for s in result.sessions] == list(range(1, 13))
    assert result.complete
    assert sorted(calls) == [0, 1, 2]  # 5 + 5 + 2 items, and no page past the end


def test_an_upstream_that_ignores_the_page_ends_the_list_as_incomplete(caplog):
    fetch, calls = listing(list(range(1, 13)), page_size=5, ignores_page=True)
    result = every_page(fetch, max_pages=10, template="sessions")
    assert [s.id for s in result.sessions] == [1, 2, 3, 4, 5]
    assert not result.complete
    assert len(calls) < 10
    assert "incomplete: read 5 of 12" in caplog.text


def test_a_list_that_grows_while_it_is_read_is_read_to_its_end():
    ids = list(range(1, 36))

    def fetch(index):  # page 0 counts 25 items; by the last page 10 more were added
        chunk = ids[index * 10 : index * 10 + 10]
        return SessionPage(sessions(*chunk), total=35, filtered=25 if index == 0 else 35)

    result = every_page(fetch, max_pages=10, template="sessions")
    assert [s.id for s in result.sessions] == ids
    assert result.complete


def test_the_page_cap_stops_reading(caplog):
    fetch, calls = listing(list(range(1, 101)), page_size=10)
    result = every_page(fetch, max_pages=3, template="sessions")
    assert len(result.sessions) == 30
    assert not result.complete
    assert max(calls) == 2


def test_an_empty_page_ends_the_list():
    pager = Pager()
    assert not pager.add(SessionPage((), total=0, filtered=0))
    assert pager.result().complete


def test_unreadable_and_hidden_items_count_as_read_but_are_not_shown():
    pager = Pager()
    page = SessionPage(sessions(1), total=5, filtered=5, skipped=3, skipped_ids=(7, 8), hidden=1)
    assert pager.add(page)
    result = pager.result()
    assert [s.id for s in result.sessions] == [1]
    assert (result.skipped, result.skipped_ids, result.hidden) == (3, (7, 8), 1)
    assert result.complete


def test_a_page_repeating_what_was_read_is_the_end_not_more_of_the_list():
    pager = Pager()
    assert pager.add(SessionPage(sessions(1, 2), total=4, filtered=4))
    assert not pager.add(SessionPage(sessions(1, 2), total=4, filtered=4))
    assert pager.repeated
    assert [s.id for s in pager.result().sessions] == [1, 2]
    assert not pager.result().complete
