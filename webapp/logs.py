"""Logging: one line per event, JSON lines in production and readable text in development, each
with the id of the request it belongs to. The id goes back in the `X-Request-ID` header and on
the error page, so a person who quotes it leads straight to the log line.

What is logged is chosen, never dumped: no answers, passwords, resume codes, tokens or URLs
with ids in them (endpoints are logged instead of paths).
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import secrets
import sys
from datetime import UTC, datetime
from typing import Any

from flask import Flask, Response, g, has_request_context, request

REQUEST_ID_HEADER = "X-Request-ID"
# A proxy's id is kept when it looks like one; anything else (line breaks, a kilobyte) is not.
_INCOMING_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
_HANDLER_NAME = "veiviser"
security_log = logging.getLogger("veiviser.security")


def request_id() -> str:
    if not has_request_context():
        return "-"
    if "request_id" not in g:
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        g.request_id = incoming if _INCOMING_ID.fullmatch(incoming) else secrets.token_hex(8)
    return g.request_id


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id()
        return True


# Attributes every LogRecord has; anything else came in through `extra` and is a field.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "request_id",
}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id and the fields."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        line.update(
            {
                key: value
                for key, value in vars(record).items()
                if key not in _STANDARD | {"request_id"}
            }
        )
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


TEXT_FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(request_id)s] %(message)s"


def configure(app: Flask) -> None:
    """Send Veiviser's loggers to stderr in the configured format, once per process."""
    logger = logging.getLogger("veiviser")
    logger.setLevel(app.config["VEIVISER_LOG_LEVEL"])
    if not any(handler.get_name() == _HANDLER_NAME for handler in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.set_name(_HANDLER_NAME)
        handler.addFilter(RequestIdFilter())
        if app.config["VEIVISER_LOG_FORMAT"] == "json":
            handler.setFormatter(JsonFormatter())
        else:
            handler.setFormatter(logging.Formatter(TEXT_FORMAT))
        logger.addHandler(handler)
    app.after_request(_send_request_id)
    app.jinja_env.globals["request_id"] = request_id


def _send_request_id(response: Response) -> Response:
    response.headers[REQUEST_ID_HEADER] = request_id()
    return response


def account_key(email: str) -> str:
    """A typed e-mail as a short fingerprint: failed logins can be told apart in the log
    without writing down what a stranger typed."""
    return hashlib.sha256(email.strip().casefold().encode()).hexdigest()[:12]


def security_event(name: str, **fields: Any) -> None:
    """A security event (login, logout, refusal, limit) as one log line with its fields."""
    security_log.info(
        name,
        extra={
            "event": name,
            "endpoint": request.endpoint if has_request_context() else None,
            **fields,
        },
    )
