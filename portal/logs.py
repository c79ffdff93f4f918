"""What the portal's logs may say: no one-time sign-in key, and one line per bad Host header.

A magic-link key is part of a URL path (`/magic/<key>/`), and so is a private calendar feed's
token (`/calendar/<token>.ics`); every access log, "Not Found" or CSRF warning names the path.
`RedactKeys` rewrites such paths to `/magic/[redacted]/` (`/calendar/[redacted].ics`) in each
record that passes it, whatever logger wrote it: it sits on the console handler of Django's
logging (settings.LOGGING) and on gunicorn's access and error logs (`GunicornLogger`, named by
gunicorn.conf.py's `logger_class`).

A request with a Host header the portal does not serve (a scanner, a misrouted balancer) is a
400 and one WARNING line, not a traceback at ERROR: `OneLine` drops the traceback.
"""

import logging
import re
from urllib.parse import unquote

from gunicorn.glogging import Logger as _GunicornBaseLogger

# A magic-link key, a private calendar feed's token and an unsubscribe link's signed id.
_SECRET_PATHS = (
    re.compile(r"(/magic/)(?!\[redacted\])[^/\s?\"']+()"),
    re.compile(r"(/calendar/)(?!\[redacted\])[^/\s?\"']+?(\.ics)"),
    # A reminder e-mail's unsubscribe link: it turns that attendee's reminders off.
    re.compile(r"(/reminders/unsubscribe/)(?!\[redacted\])[^/\s?\"']+()"),
)
REDACTED = r"\1[redacted]\2"
# Django serves a path after decoding it: `/calendar/1-<mac>%2Eics` and `/%63alendar/...` are
# the feed, so each word of a line that is encoded (or has doubled slashes) is also read decoded.
_ENCODED_WORD = re.compile(r"[^\s\"']*(?:%[0-9A-Fa-f]{2}|//)[^\s\"']*")


def redact(text: str) -> str:
    return _redact_plain(_ENCODED_WORD.sub(_redacted_if_secret_when_decoded, text))


def _redacted_if_secret_when_decoded(match: re.Match) -> str:
    word = match[0]
    decoded = re.sub(r"(?<!:)/{2,}", "/", unquote(unquote(word)))  # keeps a URL's "https://"
    cleaned = _redact_plain(decoded)
    return cleaned if cleaned != decoded else word


def _redact_plain(text: str) -> str:
    for pattern in _SECRET_PATHS:
        text = pattern.sub(REDACTED, text)
    return text


class RedactKeys(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


class OneLine(logging.Filter):
    """The record without its traceback, at WARNING."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = record.exc_text = None
        if record.levelno > logging.WARNING:
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


class GunicornLogger(_GunicornBaseLogger):
    """gunicorn's own logger, with magic-link keys redacted from its access and error logs."""

    def __init__(self, cfg):
        super().__init__(cfg)
        for log in (self.access_log, self.error_log):
            log.addFilter(RedactKeys())
