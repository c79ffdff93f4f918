"""Join and unregister, the only writes: never retried (connections.py), sent only with their
whole read timeout left (gate.py), a refusal read as JoinRefused (failures.py)."""

from ..domain import CallInfo
from ..transport import Transport


class RegistrationCalls(Transport):
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
