"""The attendee's session lists (the event's, their registrations), one session, and reading a
whole list page by page (pager.py)."""

from collections.abc import Callable, Iterable
from datetime import date, tzinfo
from typing import Any

from .. import errors
from ..domain import Session, SessionPage, zone
from ..domain.session_page import hidden_from_attendees
from ..pager import every_page
from ..transport import Transport

# A list's zone, or a function giving it: the event being fetched alongside the list, asked
# for only once the first page is in, to read its wall-clock times.
ZoneLike = tzinfo | str | Callable[[], tzinfo]

# Answers that mean the portal's settings, not the upstream, are wrong for the lists.
LIST_MISCONFIGURED = {
    400: "ACCELEVENTS_PAGE_BASE, ACCELEVENTS_PAGE_SIZE, ACCELEVENTS_SESSION_EXPAND, "
    "ACCELEVENTS_STATUS_FILTER",
    404: "ACCELEVENTS_EVENT_URL, ACCELEVENTS_PATHS",
}


def known_zone(tz: ZoneLike) -> tzinfo | str:
    """The zone itself. Anything but a zone, a zone name or a function giving a zone (an Event,
    say) is a programming error: read as a name it would silently become UTC."""
    known = tz() if callable(tz) else tz
    if not isinstance(known, tzinfo | str):
        raise TypeError(f"a list's zone must be a tzinfo or a zone name, not {type(known)!r}")
    return known


class SessionCalls(Transport):
    def sessions(
        self,
        token: str,
        *,
        tz: ZoneLike,
        page: int = 0,
        size: int | None = None,
        session_format: str | None = None,
        past: bool | None = None,
        track_ids: Iterable[int] = (),
        tag_ids: Iterable[int] = (),
        filter_date: date | None = None,
        visible_only: bool | None = None,
    ) -> SessionPage:
        """One page; `page` counts from 0 whatever base the upstream numbers pages from.
        `visible_only` (default: ACCELEVENTS_STATUS_FILTER) asks for `status=VISIBLE`."""
        params: dict[str, Any] = self._page_params(page, size)
        if session_format:
            params["sessionFormat"] = str(session_format)
        if past is not None:
            params["past"] = "true" if past else "false"
        if self.contract.status_filter if visible_only is None else visible_only:
            params["status"] = "VISIBLE"
        if track_ids := ",".join(str(int(i)) for i in track_ids):
            params["trackIds"] = track_ids
        if tag_ids := ",".join(str(int(i)) for i in tag_ids):
            params["tagIds"] = tag_ids
        if filter_date is not None:
            params["filterDate"] = filter_date.strftime("%Y/%m/%d")
        return self._session_page("sessions", params, token, tz)

    def all_sessions(
        self, token: str, *, tz: ZoneLike, past: bool | None = None, visible_only=None
    ) -> SessionPage:
        """Every session of the event the attendee may see (or, with `past`, the ended ones or
        those not ended, as ACCELEVENTS_PAST_FILTER assumes), every page."""

        def fetch(index: int) -> SessionPage:
            return self.sessions(token, tz=tz, page=index, past=past, visible_only=visible_only)

        return self.every_page(fetch, "sessions")

    def session(self, token: str, session_id: int, *, tz: tzinfo | str) -> Session:
        """One session; a hidden one is not found, as the platform may send it anyway."""
        params = {"expand": self.contract.session_expand}
        path_args = {"session_id": int(session_id)}
        payload, meta = self._call("GET", "session", path_args, params=params, token=token)
        if hidden_from_attendees(payload):
            raise errors.UpstreamNotFound(status=meta.status, request_id=meta.request_id)
        return self._parse(Session.from_api, meta, payload, zone(tz))

    def registered_page(
        self, token: str, *, tz: ZoneLike, page: int = 0, size: int | None = None
    ) -> SessionPage:
        return self._session_page("registered", self._page_params(page, size), token, tz)

    def registered_sessions(self, token: str, *, tz: ZoneLike) -> SessionPage:
        """Every session the attendee registered for, every page. Check `complete` before
        concluding "not registered" from it (a timed-out join is settled that way)."""
        return self.every_page(
            lambda index: self.registered_page(token, tz=tz, page=index), "registered"
        )

    def every_page(self, fetch: Callable[[int], SessionPage], name: str) -> SessionPage:
        """Every page of the list at path `name`, read by `fetch` (pager.py), up to the
        contract's page cap."""
        template = self.paths[name]
        return every_page(fetch, max_pages=self.contract.max_pages, template=template)

    def _page_params(self, page: int, size: int | None) -> dict[str, Any]:
        return {
            "page": self.contract.page_base + page,
            "size": size or self.contract.page_size,
            "expand": self.contract.session_expand,
        }

    def _session_page(self, name: str, params: dict, token: str, tz) -> SessionPage:
        payload, meta = self._call(
            "GET", name, params=params, token=token, misconfigured=LIST_MISCONFIGURED
        )
        return self._parse(SessionPage.from_api, meta, payload, zone(known_zone(tz)))
