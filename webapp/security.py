"""Security headers and framing rules, in one place."""

from __future__ import annotations

from flask import Flask, Response, current_app, request

# Blueprints whose pages may be framed by the allow-listed intranet origins.
FRAMEABLE_BLUEPRINTS = frozenset({"main", "apply"})
NEVER_FRAMED_BLUEPRINTS = frozenset({"advisor"})


def frame_ancestors() -> str:
    """`frame-ancestors` for this response: the advisor area is never framed."""
    if request.blueprint in NEVER_FRAMED_BLUEPRINTS:
        return "'none'"
    allowed = current_app.config["VEIVISER_FRAME_ANCESTORS"]
    if allowed and request.blueprint in FRAMEABLE_BLUEPRINTS:
        return " ".join(["'self'", *allowed])
    return "'self'"


def content_security_policy() -> str:
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "font-src": "'self'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": frame_ancestors(),
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def set_security_headers(response: Response) -> Response:
    headers = response.headers
    headers["Content-Security-Policy"] = content_security_policy()
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Cross-Origin-Resource-Policy"] = "same-origin"
    # Older browsers ignore frame-ancestors; they get the nearest equivalent that is not wider.
    ancestors = frame_ancestors()
    if ancestors == "'none'":
        headers["X-Frame-Options"] = "DENY"
    elif ancestors == "'self'":
        headers["X-Frame-Options"] = "SAMEORIGIN"
    if current_app.config["VEIVISER_HSTS"]:
        headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
    return response


def init_app(app: Flask) -> None:
    app.after_request(set_security_headers)
