"""The one way the portal talks to Accelevents (or the sandbox): one method per endpoint, each
returning domain objects and raising only UpstreamError. What is assumed about each call (paths,
methods, page numbering, field names) is the Contract (contract.py); how a call is made
(timeouts, retries, the circuit breaker, the log line) is transport.py.
"""

import logging
import math
import threading
from collections.abc import Callable, Iterable
from datetime import date, tzinfo
from functools import partial
from typing import Any

from django.conf import settings

from . import concurrency, errors
from .contract import Contract, settings_key
from .domain import CallInfo, Event, HostSession, Profile, Session, SessionPage, SignIn, zone
from .domain.session_page import hidden_from_attendees
from .pager import Pager
from .segments import UnsafePathValue
from .transport import Transport

logger = logging.getLogger("sessions_app.upstream")

# A list's zone, or a function giving it: the event being fetched alongside the list, asked
# for only once the first page is in, to read its wall-clock times.
ZoneLike = tzinfo | str | Callable[[], tzinfo]


def known_zone(tz: ZoneLike) -> tzinfo | str:
    """The zone itself. Anything but a zone, a zone name or a function giving a zone (an Event,
    say) is a programming error: read as a name it would silently become UTC."""
    known = tz() if callable(tz) else tz
    if not isinstance(known, tzinfo | str):
        raise TypeError(f"a list's zone must be a tzinfo or a zone name, not {type(known)!r}")
    return known


# Answers that mean the portal's settings, not the upstream, are wrong for these calls.
LIST_MISCONFIGURED = {
    400: "ACCELEVENTS_PAGE_BASE, ACCELEVENTS_PAGE_SIZE, ACCELEVENTS_SESSION_EXPAND, "
    "ACCELEVENTS_STATUS_FILTER",
    404: "ACCELEVENTS_EVENT_URL, ACCELEVENTS_PATHS",
}
HOST_MISCONFIGURED = {
    400: "ACCELEVENTS_EVENT_ID, ACCELEVENTS_PAGE_BASE, ACCELEVENTS_PAGE_SIZE",
    404: "ACCELEVENTS_EVENT_URL, ACCELEVENTS_EVENT_ID, ACCELEVENTS_PATHS",
}


class AccelEventsClient(Transport):
    def __repr__(self) -> str:
        return f"AccelEventsClient(base_url={self.base_url!r}, event_url={self.event_url!r})"

    # --- sign-in and the user ------------------------------------------------------------

    def sign_in(self, email: str, password: str) -> SignIn:
        contract = self.contract
        body = {contract.login_email_field: email, contract.login_password_field: password}
        payload, meta = self._call("POST", "login", json=body, kind="sign_in")
        return self._parse(SignIn.from_api, meta, payload)

    def sign_in_with_key(self, user_key: str) -> SignIn:
        try:
            args = {"user_key": user_key}
            payload, meta = self._call("POST", "login_by_key", args, kind="sign_in")
        except UnsafePathValue:  # no key could be that: a bad link, as any other
            raise errors.SignInRejected() from None
        return self._parse(SignIn.from_api, meta, payload)

    def profile(self, token: str) -> Profile:
        payload, meta = self._call("GET", "profile", token=token)
        return self._parse(Profile.from_api, meta, payload)

    # --- the event -----------------------------------------------------------------------

    def event(self, *, token: str | None = None, api_key: bool = False) -> Event:
        """The event, or one built from settings when the call is refused (401, 403, 404 or
        another 4xx): the reference documents it for admins, so no page may depend on it.
        Raised: a misconfiguration (the platform says there is no such event), and an outage
        (the caller may have a good copy from before)."""
        try:
            payload, meta = self._call("GET", "event", token=token, api_key=api_key)
            return self._parse(self._event_from_api, meta, payload)
        except (
            errors.UpstreamMisconfigured,
            errors.UpstreamUnavailable,
            errors.UpstreamRateLimited,
        ):
            raise
        except errors.UpstreamError as failure:
            logger.info(
                "event call not usable (status %s, request %s); using settings for the event",
                failure.status,
                failure.request_id,
            )
            return self.event_from_settings()

    def _event_from_api(self, payload: Any) -> Event:
        contract = self.contract
        return Event.from_api(
            payload,
            zone_setting=contract.event_timezone,
            name=contract.event_name,
            slug=contract.event_url,
        )

    def event_from_settings(self) -> Event:
        contract = self.contract
        return Event.from_settings(
            event_url=contract.event_url,
            event_id=contract.event_id,
            zone_setting=contract.event_timezone,
            name=contract.event_name,
        )

    # --- sessions ------------------------------------------------------------------------

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

    def every_page(self, fetch: Callable[[int], SessionPage], name: str) -> SessionPage:
        """Page 0, then every further page `recordsFiltered` asks for at once (concurrency.py),
        then one at a time while the count is still not reached, up to the page cap.

        A short page proves nothing (an upstream may cap the page size below what was asked),
        so it never ends the list: the first page's length is the page size that counts. A page
        of nothing new (an upstream that ignores `page`), or the page cap, ends it with the list
        marked incomplete; unreadable items are counted, not fatal."""
        pager = Pager()
        more = pager.add(fetch(0)) and pager.read < pager.filtered
        index = 1
        if more:
            last = min(self.contract.max_pages, math.ceil(pager.filtered / pager.read))
            for page in concurrency.PAGES.all([partial(fetch, i) for i in range(1, last)]):
                index += 1
                if not (more := pager.add(page) and pager.read < pager.filtered):
                    break
        while more and index < self.contract.max_pages:
            more = pager.add(fetch(index)) and pager.read < pager.filtered
            index += 1
        if more:
            logger.warning("upstream %s list: stopped at the page cap", self.paths[name])
        result = pager.result()
        if not result.complete:
            logger.warning(
                "upstream %s list incomplete: read %d of %d items",
                self.paths[name],
                pager.read,
                pager.filtered,
            )
        return result

    # --- registrations -------------------------------------------------------------------

    def join(self, token: str, session_id: int, ticket_id: int, *, ahead: bool = False) -> CallInfo:
        """Register for a session; `ahead` reserves a seat before it is live (the register
        call's documented query flag, ACCELEVENTS_RESERVE_PARAM)."""
        params = self.contract.reserve_query if ahead else None
        method = self.contract.join_method
        return self._register(method, "join", token, session_id, ticket_id, params)

    def unregister(self, token: str, session_id: int, ticket_id: int) -> CallInfo:
        method = self.contract.unregister_method
        return self._register(method, "unregister", token, session_id, ticket_id)

    def _register(self, method, name, token, session_id, ticket_id, params=None) -> CallInfo:
        path_args = {"session_id": int(session_id), "ticket_id": int(ticket_id)}
        _, meta = self._call(
            method.upper(),
            name,
            path_args,
            params=params,
            token=token,
            kind="refusal",
            body=False,
        )
        return meta

    # --- the organizer's view ------------------------------------------------------------

    def host_sessions(
        self, *, tz: tzinfo | str, event_id: int | None, page: int = 0, size: int | None = None
    ) -> tuple[list[HostSession], int, int]:
        """One page of every session with its registrants: (sessions, recordsFiltered, items
        on the page, readable or not)."""
        params: dict[str, Any] = {**self._page_params(page, size), "expand": "registerdHolderUsers"}
        if event_id is not None:
            params["eventId"] = event_id  # documented as required
        payload, meta = self._call(
            "GET", "host_sessions", params=params, api_key=True, misconfigured=HOST_MISCONFIGURED
        )
        return self._parse(HostSession.page_from_api, meta, payload, zone(tz))


_client: AccelEventsClient | None = None
_client_key: tuple | None = None
_client_lock = threading.Lock()


def get_client() -> AccelEventsClient:
    """The process-wide client, rebuilt when the upstream settings change (tests do that)."""
    global _client, _client_key
    key = settings_key(settings)
    with _client_lock:
        if _client is None or key != _client_key:
            _client, _client_key = AccelEventsClient(Contract.from_settings(settings)), key
        return _client
