"""Structured logs: one JSON object per line, each with the request id and user id (issue
16 item 6).

`RequestIdMiddleware` gives every request an id (the proxy's X-Request-ID when it is a
plain token, else a new one), returns it in the response header, and writes one line per
request: the view's name and route (never the path, which may hold a password-reset
token), method, status and duration. `RequestContextFilter` adds `request_id` and
`user_id` to every record logged while a request is served, so an error can be traced
to the request and the person by id, and no name, address or other personal data is
logged beside it. Imported by gunicorn.conf.py before Django is set up, so this module
imports no Django model.
"""

from __future__ import annotations

import contextvars
import datetime
import json
import logging
import re
import time
import uuid

_current_request = contextvars.ContextVar("ku_current_request", default=None)
REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")
access_log = logging.getLogger("ku.requests")

# Attributes of a log record that are the record itself, not extra context.
_RECORD_FIELDS = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def _user_id(request):
    # Only a user the request has already looked up: logging must not cost a query.
    user = getattr(request, "_cached_user", None)
    return user.pk if user is not None and user.is_authenticated else None


class RequestContextFilter(logging.Filter):
    """Adds request_id and user_id (None outside a request) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = _current_request.get()
        if not hasattr(record, "request_id"):
            record.request_id = getattr(request, "request_id", None)
        if not hasattr(record, "user_id"):
            record.user_id = _user_id(request) if request is not None else None
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, request_id, user_id,
    the record's extra fields, and the traceback of an exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
            "user_id": getattr(record, "user_id", None),
        }
        for key, value in vars(record).items():
            if key not in _RECORD_FIELDS and key not in entry and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class RequestIdMiddleware:
    """The request's id for the logs and the response, and one log line per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.headers.get("X-Request-ID", "")
        request.request_id = offered if REQUEST_ID.match(offered) else uuid.uuid4().hex
        token = _current_request.set(request)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request.request_id
            match = getattr(request, "resolver_match", None)
            access_log.info(
                "%s %s %s",
                request.method,
                match.view_name if match else "-",
                response.status_code,
                extra={
                    "method": request.method,
                    "view": match.view_name if match else None,
                    "route": match.route if match else None,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                },
            )
            return response
        finally:
            _current_request.reset(token)
