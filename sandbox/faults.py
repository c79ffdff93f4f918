"""Fault injection for `/rest` requests: which rule applies, and what it does to the answer.

Precedence: the `X-Sandbox-Fault` request header, then the first matching rule set through
`/__sandbox__/faults` (kept in SandboxState so every server thread sees it), then the
`SANDBOX_FAULT` default. `SANDBOX_LATENCY_MS` is added on top of all of them.
"""

import functools
import json
import secrets
import time
from http import HTTPStatus

from django.conf import settings
from django.db import transaction
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse

from sandbox import faultspec
from sandbox.errors import error_response, session_not_found
from sandbox.models import SandboxState

MALFORMED_BODY = (
    "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>"
    "<h1>Bad Gateway</h1><p>The upstream server returned an invalid response.</p>"
    "<hr><address>nginx</address></body></html>"
)
PLACEHOLDER_BODY = b'{"recordsTotal": 0, "recordsFiltered": 0, "data": [], "error": null}'


@functools.cache
def default_rule() -> dict | None:
    return faultspec.parse_text(settings.SANDBOX_FAULT) if settings.SANDBOX_FAULT else None


def set_rules(raw_rules: list[dict]) -> list[dict]:
    rules = [{**faultspec.validate(raw), "id": secrets.token_hex(4)} for raw in raw_rules]
    SandboxState.load()
    SandboxState.objects.filter(pk=1).update(faults=rules)
    return rules


def current_rules() -> list[dict]:
    return SandboxState.objects.filter(pk=1).values_list("faults", flat=True).first() or []


def _consume(method: str, path: str) -> dict | None:
    """Take one use of the first matching counted rule; it removes itself at zero."""
    with transaction.atomic():
        state = SandboxState.objects.select_for_update().get(pk=1)
        rule = faultspec.first_match(state.faults, method, path)
        if rule and rule.get("count"):
            rule = dict(rule)
            remaining = [
                dict(r, count=r["count"] - 1) if r["id"] == rule["id"] else r for r in state.faults
            ]
            state.faults = [r for r in remaining if r.get("count", 1) > 0]
            state.save(update_fields=["faults"])
        return rule


def rule_for(request) -> dict | None:
    header = request.headers.get("X-Sandbox-Fault", "").strip()
    if header:
        return faultspec.parse_text(header)
    rules = getattr(request, "sandbox_faults", None)
    rules = current_rules() if rules is None else rules
    where = request.get_full_path()  # `path_contains` may name a query parameter too
    rule = faultspec.first_match(rules, request.method, where)
    if rule and rule.get("count"):
        rule = _consume(request.method, where)
    return rule or default_rule()


class FaultMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/rest/"):
            return self.get_response(request)
        if settings.SANDBOX_LATENCY_MS:
            time.sleep(settings.SANDBOX_LATENCY_MS / 1000)
        try:
            rule = rule_for(request)
        except faultspec.FaultSpecError as exc:
            return error_response(400, "SANDBOX_BAD_FAULT", "Bad X-Sandbox-Fault header", str(exc))
        if rule is None:
            return self.get_response(request)
        response = getattr(self, f"_{rule['mode']}")(request, rule)
        response["X-Sandbox-Fault-Applied"] = rule["mode"]
        return response

    def _latency(self, request, rule):
        time.sleep(rule["ms"] / 1000)
        return self.get_response(request)

    def _hang(self, request, rule):
        time.sleep(rule["seconds"])
        return self.get_response(request)

    def _status(self, request, rule):
        if rule.get("performed"):  # a gateway's error on the way back from a write that ran
            self.get_response(request)
        status = rule["status"]
        try:
            phrase = HTTPStatus(status).phrase
        except ValueError:
            phrase = "Error"
        message = rule.get("message") or phrase  # a custom errorMessage, e.g. hostile text
        response = error_response(status, str(status), message, "Injected by the sandbox")
        if "retry_after" in rule:
            response["Retry-After"] = str(rule["retry_after"])
        if "retry_after_text" in rule:
            response["Retry-After"] = rule["retry_after_text"]
        return response

    def _malformed(self, request, rule):
        return HttpResponse(MALFORMED_BODY, status=200, content_type="text/html; charset=utf-8")

    def _truncated(self, request, rule):
        body = self.get_response(request).content or PLACEHOLDER_BODY
        return HttpResponse(body[: len(body) // 2], status=200, content_type="application/json")

    def _drop(self, request, rule):
        real = self.get_response(request)
        body = real.content or PLACEHOLDER_BODY
        response = StreamingHttpResponse(
            iter([body[: len(body) // 2]]), status=real.status_code, content_type="application/json"
        )
        response["Content-Length"] = str(len(body))
        handler = request.environ.get("sandbox.request_handler")
        if handler is not None:  # sandbox.server: close the socket after this response
            handler.close_connection = True
        return response

    def _wrong_shape(self, request, rule):
        try:
            payload = json.loads(self.get_response(request).content or b"null")
        except ValueError:
            payload = None
        return JsonResponse(wrong_shape(payload), status=200, safe=False)

    def _odd_registrant(self, request, rule):
        response = self.get_response(request)
        try:
            payload = json.loads(response.content or b"null")
        except ValueError:
            return response
        if not isinstance(payload, dict) or not isinstance(payload.get("data"), list):
            return response
        for item in payload["data"]:
            for holder in (item or {}).get("registerdHolderUsers") or []:
                if holder.get("userId") == rule.get("user_id"):
                    holder["userId"] = f"user-{holder['userId']}"
        return JsonResponse(payload, status=response.status_code)

    def _unlisted(self, request, rule):
        response = self.get_response(request)
        try:
            payload = json.loads(response.content or b"null")
        except ValueError:
            return response
        target = rule.get("session_id")
        if isinstance(payload, dict) and payload.get("sessionId") == target:
            return session_not_found().response()
        if not isinstance(payload, dict) or not isinstance(payload.get("data"), list):
            return response
        kept = [item for item in payload["data"] if (item or {}).get("sessionId") != target]
        gone = len(payload["data"]) - len(kept)
        for count in ("recordsTotal", "recordsFiltered"):
            if isinstance(payload.get(count), int):
                payload[count] -= gone
        return JsonResponse({**payload, "data": kept}, status=response.status_code)


def _mangle_item(item: dict, variant: int | None = None) -> dict:
    """Break a session item in one of four ways (all four when variant is None)."""
    item = dict(item)
    variants = range(4) if variant is None else [variant % 4]
    for v in variants:
        if v == 0:
            item.pop("title", None)
            item.pop("startTime", None)
        elif v == 1:
            item.update(streamProvider="MYSPACE", format="HOLOGRAM", status="ARCHIVED")
        elif v == 2:
            item.update(sessionId=f"{item.get('sessionId')}", capacity="fifty", sessionStats=None)
        else:
            item.update(endTime="soon", tracks=None, speakerList=[{"firstName": None}])
    return item


def wrong_shape(payload):
    """Valid JSON that breaks the contract: missing keys, nulls, unknown enums, wrong types."""
    if isinstance(payload, dict) and isinstance(payload.get("data"), list):
        data = [_mangle_item(item, i) for i, item in enumerate(payload["data"])]
        return {"recordsTotal": str(payload.get("recordsTotal")), "data": data, "error": "???"}
    if isinstance(payload, dict) and "sessionId" in payload:
        return _mangle_item(payload)
    if isinstance(payload, dict):
        return {**dict.fromkeys(payload), "unexpected": {"nested": [1, "two", None]}}
    return ["unexpected"]
