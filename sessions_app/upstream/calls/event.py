"""The event: from the platform when it answers, else from settings (the reference documents
the call for admins, so no page may depend on it)."""

import logging
from typing import Any

from .. import errors
from ..domain import Event
from ..transport import Transport

logger = logging.getLogger("sessions_app.upstream")


class EventCalls(Transport):
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
