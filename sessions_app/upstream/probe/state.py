"""What the checks of `check_upstream` share as they go: the client (rebuilt with every
correction a check finds, so later checks ask the platform the way it answers), the attendee's
token, what was read so far, and the findings."""

from dataclasses import dataclass, field, replace
from typing import Any

from ..client import AccelEventsClient
from ..domain import EventZone, SessionPage
from . import answers
from .findings import Finding


@dataclass
class ProbeState:
    client: AccelEventsClient
    email: str = ""
    # Never in a repr: a failed check's traceback would show them.
    password: str = field(default="", repr=False)
    user_key: str = field(default="", repr=False)
    token: str = field(default="", repr=False)
    login_user_id: int | None = None
    profile: dict | None = None
    event: dict | None = None  # as an attendee's token reads it
    event_by_key: dict | None = None  # as the API key reads it, when attendees are refused
    zone: EventZone | None = None
    sessions: SessionPage | None = None
    registered: SessionPage | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def contract(self):
        return self.client.contract

    def add(self, finding: Finding) -> None:
        self.findings.append(finding)

    def correct(self, **changes) -> None:
        """Carry on as if these settings were made (a check found the platform wants them)."""
        self.client = AccelEventsClient(replace(self.client.contract, **changes))

    def token_headers(self, header: str | None = None, scheme: str | None = None) -> dict:
        contract = self.contract
        header = contract.auth_header if header is None else header
        scheme = contract.auth_scheme if scheme is None else scheme
        return {header: f"{scheme} {self.token}" if scheme else self.token}

    def api_key_headers(self, header: str | None = None, scheme: str | None = None) -> dict:
        contract = self.contract
        header = contract.api_key_header if header is None else header
        scheme = contract.api_key_scheme if scheme is None else scheme
        return {header: f"{scheme} {contract.api_key}" if scheme else contract.api_key}

    def list_page(self, name: str, page: int, size: int, **params: Any) -> answers.Answer:
        """A raw page of a list, `page` as the platform numbers it."""
        query = {"page": page, "size": size, "expand": self.contract.session_expand, **params}
        return answers.call(self.client, "GET", name, params=query, headers=self.token_headers())
