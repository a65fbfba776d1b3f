"""Friendly error pages in the user's language (JSON for the API)."""

from __future__ import annotations

import logging

from flask import Flask, Response, jsonify, render_template, request
from flask_babel import gettext
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from werkzeug.exceptions import HTTPException, InternalServerError

from . import embed
from .i18n import current_language
from .logs import security_event

# Codes with a page of their own; anything else gets the generic page with its status.
PAGES = (400, 403, 404, 405, 413, 429, 500)


def wants_json() -> bool:
    return request.path.startswith("/api/")


logger = logging.getLogger("veiviser.errors")


def render_error(code: int, template: str | None = None, **context):
    if wants_json():
        return jsonify(error={"status": code, "message": context.get("message", "")}), code
    name = template or (f"errors/{code}.html" if code in PAGES else "errors/generic.html")
    try:
        return render_template(name, code=code, **context), code
    except Exception:
        # The page that explains an error must not fail the same way: a plain page instead,
        # still returned through the app so it gets the security headers.
        logger.exception("the error page for %s could not be rendered", code)
        return plain_error_page(code)


def plain_error_page(code: int) -> Response:
    try:
        lang = current_language()
        title = gettext("Something went wrong")
    except Exception:
        lang, title = "nb", "Noe gikk galt"
    html = (
        f'<!doctype html><html lang="{escape(lang)}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head><body><h1>{escape(title)}</h1>"
        f"<p>{code}</p></body></html>"
    )
    return Response(html, status=code, mimetype="text/html")


def handle_http_error(error: HTTPException):
    code = error.code or 500
    if code in (403, 429):  # a refusal or a limit hit: who asked for what, never the URL's ids
        security_event("forbidden" if code == 403 else "rate_limited", status=code)
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
    # The endpoint, not the path: some paths carry a secret (the reporting links' tokens).
    logger.error("unexpected error on %s %s", request.method, request.endpoint, exc_info=error)
    return render_error(500, message=InternalServerError.description)


def register_catch_all(app: Flask) -> None:
    app.register_error_handler(Exception, handle_unexpected_error)


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    if not app.debug and not app.testing:
        register_catch_all(app)
