"""Cross-origin reads of the API, for the intranet origins that may also frame the wizard.

A few lines instead of a dependency: only GET is offered, no credentials, and the origin must
match an entry of VEIVISER_FRAME_ANCESTORS exactly (scheme://host[:port], case aside). Any other
origin gets no CORS headers, so the browser keeps the answer from it.
"""

from __future__ import annotations

from flask import Response, current_app, request

PREFLIGHT_MAX_AGE = 3600


def allowed_origins() -> frozenset[str]:
    return frozenset(
        origin.strip().rstrip("/").lower()
        for origin in current_app.config["VEIVISER_FRAME_ANCESTORS"]
    )


def is_allowed_origin(origin: str | None) -> bool:
    return bool(origin) and origin.lower() in allowed_origins()


def add_cors_headers(response: Response) -> Response:
    # The answer differs by Origin, so caches must keep one copy per origin.
    response.vary.add("Origin")
    origin = request.headers.get("Origin")
    if not is_allowed_origin(origin):
        return response
    response.headers["Access-Control-Allow-Origin"] = origin
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET"
        response.headers["Access-Control-Max-Age"] = str(PREFLIGHT_MAX_AGE)
    return response
