"""Friendly error pages in the user's language (JSON for the API)."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import gettext
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from . import embed

# Codes with a page of their own; anything else gets the generic page with its status.
PAGES = (400, 403, 404, 405, 413, 429, 500)


def wants_json() -> bool:
    return request.path.startswith("/api/")


def render_error(code: int, template: str | None = None, **context):
    if wants_json():
        return jsonify(error={"status": code, "message": context.get("message", "")}), code
    name = template or (f"errors/{code}.html" if code in PAGES else "errors/generic.html")
    return render_template(name, code=code, **context), code


def handle_http_error(error: HTTPException):
    code = error.code or 500
    message = error.description if wants_json() else ""
    return render_error(code, message=message)


def handle_csrf_error(error: CSRFError):
    # A missing or stale token usually means the session cookie was lost (expired, or blocked
    # inside an intranet frame): say so, and show the way back rather than a bare 400.
    return render_error(
        400,
        "errors/csrf.html",
        message=gettext("The form had expired."),
        **embed.csrf_failure_context(),
    )


def handle_unexpected_error(error: Exception):
    return render_error(500, message=InternalServerError.description)


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    if not app.debug and not app.testing:
        app.register_error_handler(Exception, handle_unexpected_error)
