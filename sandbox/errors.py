"""Upstream-style errors: JSON `{"errorCode","errorMessage","developerMessage"}`, or the shape
an error-body dialect asks for."""

from django.http import HttpResponse, JsonResponse

from sandbox import dialects

NO_TICKET_MESSAGE = (
    "You have not yet registered for the event. You must register for the event before you can "
    "register for individual sessions."
)
SESSION_LIMIT_MESSAGE = (
    "Your registration type only permits registering for {limit} sessions. If you would like to "
    "register for this session please un-register from a different session first."
)


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, developer_message: str = ""):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.developer_message = developer_message or message

    def response(self) -> JsonResponse:
        return error_response(self.status, self.code, self.message, self.developer_message)


def error_response(status: int, code: str, message: str, developer_message: str = ""):
    """Every error the sandbox sends goes through here, so a body dialect covers all of them."""
    if dialects.is_on(dialects.ERROR_BODY_TEXT):
        return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    if dialects.is_on(dialects.ERROR_BODY_CODE_MESSAGE):
        return JsonResponse({"code": code, "message": message}, status=status)
    body = {
        "errorCode": code,
        "errorMessage": message,
        "developerMessage": developer_message or message,
    }
    return JsonResponse(body, status=status)


def not_authorized(developer_message: str) -> ApiError:
    return ApiError(401, "4010101", "Not authorized", developer_message)


def bad_request(developer_message: str) -> ApiError:
    return ApiError(400, "4000000", "Bad request", developer_message)


def bad_control_request(message: str) -> ApiError:
    """A `/__sandbox__` call the sandbox cannot act on."""
    return ApiError(400, "SANDBOX_BAD_REQUEST", message)


def event_not_found() -> ApiError:
    return ApiError(404, "4040200", "No Event could be found")


def session_not_found() -> ApiError:
    return ApiError(404, "404800", "Session not found!")


def no_ticket() -> ApiError:
    return ApiError(406, "4068910", NO_TICKET_MESSAGE)


def not_live() -> ApiError:
    return ApiError(407, "4072002", "The time limit for accessing this session is expired.")


def recording_for_live_viewers_only() -> ApiError:
    return ApiError(
        407,
        "4072003",
        "The recording of this session is only available to users who watched it live.",
    )


def ticket_type_refused() -> ApiError:
    return ApiError(406, "4042005", "Your ticket does not permit access to this session")


def session_limit_reached(limit: int) -> ApiError:
    return ApiError(406, "4060611", SESSION_LIMIT_MESSAGE.format(limit=limit))


def capacity_reached() -> ApiError:
    return ApiError(406, "4060610", "Max user registration capacity reached")


def not_registered() -> ApiError:
    return ApiError(404, "404801", "You are not registered for this session")
