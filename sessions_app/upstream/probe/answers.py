"""Raw calls for the probe: the status, the body's shape and its keys, without the client's
interpretation (which is what is being checked). Each call goes through the transport, so it
has timeouts and the usual log line, which names the path template and never a secret."""

import uuid
from dataclasses import dataclass
from typing import Any

from ..domain import as_dict, as_int, as_list

MAX_TEXT = 200


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: str
    text: str
    data: Any
    request_id: str

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def keys(self) -> list[str]:
        return sorted(self.data) if isinstance(self.data, dict) else []

    @property
    def items(self) -> list:
        return as_list(as_dict(self.data).get("data"))

    @property
    def filtered(self) -> int:
        body = as_dict(self.data)
        return as_int(body.get("recordsFiltered", body.get("recordsTotal")), len(self.items))

    def first_id(self) -> int | None:
        ids = [as_int(as_dict(item).get("sessionId"), -1) for item in self.items]
        return ids[0] if ids and ids[0] >= 0 else None

    def code_and_message(self) -> tuple[str, str]:
        body = as_dict(self.data)
        code = body.get("errorCode", body.get("code"))
        message = body.get("errorMessage", body.get("message"))
        if self.data is None and self.content_type.startswith("text/plain"):
            message = " ".join(self.text.split())[:MAX_TEXT]
        return ("" if code is None else str(code)), (message if isinstance(message, str) else "")

    def describe(self) -> str:
        """`403 4030201 "Not Event Host"`: what a row shows of a refusal (never a body)."""
        code, message = self.code_and_message()
        return " ".join(
            part for part in (str(self.status), code, message and f'"{message}"') if part
        )


def call(
    client,
    method: str,
    name: str,
    path_args: dict | None = None,
    *,
    params: dict | None = None,
    json: Any = None,
    headers: dict[str, str] | None = None,
) -> Answer:
    """One request to the named path; raises only UpstreamUnavailable (no answer at all)."""
    all_headers = {"X-Request-ID": uuid.uuid4().hex, "Accept": "application/json"}
    all_headers.update(headers or {})
    response, meta = client.send(
        method,
        client._url(name, path_args or {}),
        client.paths[name],
        params=params,
        json=json,
        headers=all_headers,
        timeout=client.timeout,
    )
    try:
        data = response.json()
    except ValueError:
        data = None
    return Answer(
        status=response.status_code,
        content_type=response.headers.get("Content-Type", ""),
        text=response.text[:MAX_TEXT] if data is None else "",
        data=data,
        request_id=meta.request_id,
    )
