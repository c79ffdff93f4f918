"""The decorator every sandbox view goes through: method check, auth, ApiError → JSON."""

import json
from functools import wraps

from django.http import HttpResponse

from sandbox import auth
from sandbox.errors import ApiError, bad_request, error_response

USER = "user"
API_KEY = "api_key"


def endpoint(*methods: str, auth_by: str | None = None):
    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in methods:
                response = error_response(405, "405", "Method Not Allowed", request.method)
                response["Allow"] = ", ".join(methods)
                return response
            try:
                if auth_by == USER:
                    request.sandbox_user = auth.user_for_request(request)
                elif auth_by == API_KEY:
                    auth.require_api_key(request)
                return view(request, *args, **kwargs)
            except ApiError as exc:
                return exc.response()

        return wrapper

    return decorate


def json_body(request) -> dict:
    if not request.body:
        return {}
    try:
        body = json.loads(request.body)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise bad_request("The request body is not valid JSON") from None
    if not isinstance(body, dict):
        raise bad_request("The request body must be a JSON object")
    return body


def empty_ok() -> HttpResponse:
    """Upstream's void 200: no body, no content type."""
    response = HttpResponse(status=200)
    del response["Content-Type"]
    return response
