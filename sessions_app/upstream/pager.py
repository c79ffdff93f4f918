"""How a whole list is read page by page (`every_page`), and what has been read of it so far
(`Pager`): each session once, the unreadable and hidden items counted (they were read, so
paging knows how far it got)."""

import logging
import math
from collections.abc import Callable
from functools import partial

from . import concurrency
from .domain import Session, SessionPage

logger = logging.getLogger("sessions_app.upstream")


def every_page(
    fetch: Callable[[int], SessionPage], *, max_pages: int, template: str
) -> SessionPage:
    """Page 0, then every further page `recordsFiltered` asks for at once (concurrency.py),
    then one at a time while the count is still not reached, up to `max_pages`.

    A short page proves nothing (an upstream may cap the page size below what was asked),
    so it never ends the list: the first page's length is the page size that counts. A page
    of nothing new (an upstream that ignores `page`), or the page cap, ends it with the list
    marked incomplete; unreadable items are counted, not fatal. `template` is the list's path
    as logged."""
    pager = Pager()
    more = pager.add(fetch(0)) and pager.read < pager.filtered
    index = 1
    if more:
        last = min(max_pages, math.ceil(pager.filtered / pager.read))
        for page in concurrency.PAGES.all([partial(fetch, i) for i in range(1, last)]):
            index += 1
            if not (more := pager.add(page) and pager.read < pager.filtered):
                break
    while more and index < max_pages:
        more = pager.add(fetch(index)) and pager.read < pager.filtered
        index += 1
    if more:
        logger.warning("upstream %s list: stopped at the page cap", template)
    result = pager.result()
    if not result.complete:
        logger.warning(
            "upstream %s list incomplete: read %d of %d items", template, pager.read, pager.filtered
        )
    return result


class Pager:
    """What every_page has read so far."""

    def __init__(self):
        self.sessions: list[Session] = []
        self.seen: set[int] = set()
        self.skipped_ids: list[int] = []
        self.skipped = self.read = self.filtered = self.total = self.hidden = 0
        self.repeated = False

    def add(self, page: SessionPage) -> bool:
        """Take a page; False when it shows the list has ended (empty, or nothing new)."""
        self.filtered, self.total = page.filtered, page.total
        fresh = [s for s in page.sessions if s.id not in self.seen]
        fresh_skipped = [i for i in page.skipped_ids if i not in self.seen]
        without_id = page.skipped - len(page.skipped_ids)
        if not page.sessions and not page.skipped and not page.hidden:
            return False
        if not fresh and not fresh_skipped and not without_id and not page.hidden:
            self.repeated = True
            return False
        self.sessions.extend(fresh)
        self.skipped_ids.extend(fresh_skipped)
        self.seen.update(s.id for s in fresh)
        self.seen.update(fresh_skipped)
        self.skipped += len(fresh_skipped) + without_id
        self.hidden += page.hidden
        self.read += len(fresh) + len(fresh_skipped) + without_id + page.hidden
        return True

    def result(self) -> SessionPage:
        return SessionPage(
            tuple(self.sessions),
            total=self.total,
            filtered=self.filtered,
            skipped=self.skipped,
            skipped_ids=tuple(self.skipped_ids),
            complete=self.read >= self.filtered,
            hidden=self.hidden,
        )
