"""The organizer's view: every session with its registrants, through the API key
(reconciliation's only call)."""

from datetime import tzinfo
from typing import Any

from ..domain import HostSession, zone
from ..transport import Transport

# Answers that mean the portal's settings, not the upstream, are wrong for the host list.
HOST_MISCONFIGURED = {
    400: "ACCELEVENTS_EVENT_ID, ACCELEVENTS_PAGE_BASE, ACCELEVENTS_PAGE_SIZE",
    404: "ACCELEVENTS_EVENT_URL, ACCELEVENTS_EVENT_ID, ACCELEVENTS_PATHS",
}


class OrganizerCalls(Transport):
    def host_sessions(
        self, *, tz: tzinfo | str, event_id: int | None, page: int = 0, size: int | None = None
    ) -> tuple[list[HostSession], int, int]:
        """One page of every session with its registrants: (sessions, recordsFiltered, items
        on the page, readable or not)."""
        contract = self.contract
        params: dict[str, Any] = {
            "page": contract.page_base + page,
            "size": size or contract.page_size,
            "expand": "registerdHolderUsers",
        }
        if event_id is not None:
            params["eventId"] = event_id  # documented as required
        payload, meta = self._call(
            "GET", "host_sessions", params=params, api_key=True, misconfigured=HOST_MISCONFIGURED
        )
        return self._parse(HostSession.page_from_api, meta, payload, zone(tz))
