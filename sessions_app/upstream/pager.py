"""What `AccelEventsClient.every_page` has read of a list so far: each session once, the
unreadable and hidden items counted (they were read, so paging knows how far it got)."""

from .domain import Session, SessionPage


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
