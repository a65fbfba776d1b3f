"""Behind a reverse proxy: which X-Forwarded-* headers to trust (the cookie's path under a
prefix is in session_cookie.py).

X-Forwarded-* are ignored unless VEIVISER_PROXY_FIX says how many proxies set each of them; a
client could otherwise claim any address, scheme, host or path prefix.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

PROXY_FIX_HEADERS = ("x_for", "x_proto", "x_host", "x_port", "x_prefix")
# A bare number N trusts N proxies for these; a reverse proxy under a path prefix sets all four.
PROXY_FIX_SHORTHAND = ("x_for", "x_proto", "x_host", "x_prefix")


def proxy_fix_counts(setting: str | int | None) -> dict[str, int]:
    """'1' or 'x_for=1,x_proto=1,…' → ProxyFix keyword arguments; '' or '0' → {} (off)."""
    text = str(setting or "").strip()
    if text.isdigit():
        count = int(text)
        return {name: count for name in PROXY_FIX_SHORTHAND} if count else {}
    counts: dict[str, int] = {}
    for item in filter(None, (part.strip() for part in text.replace(" ", ",").split(","))):
        name, _, value = item.partition("=")
        name = name.strip().lower().replace("-", "_")
        if name not in PROXY_FIX_HEADERS or not value.strip().isdigit():
            raise RuntimeError(
                f"VEIVISER_PROXY_FIX: {item!r} is not understood; write a number of proxies "
                f"such as 1, or counts such as x_for=1,x_proto=1 (names: "
                f"{', '.join(PROXY_FIX_HEADERS)})"
            )
        counts[name] = int(value)
    return {name: count for name, count in counts.items() if count}


# A path prefix is segments of URL-safe characters: no scheme, host, query, "..", or spaces.
_PREFIX = re.compile(r"(/[A-Za-z0-9_~!$&'()*+,;=:@.-]+)+/?")
BAD_PREFIX_BODY = b"X-Forwarded-Prefix must be a path such as /tjenester/veiviser\n"


def is_clean_prefix(value: str) -> bool:
    """A path such as /tjenester/veiviser, or nothing (the app at the root)."""
    return value == "" or (bool(_PREFIX.fullmatch(value)) and ".." not in value.split("/"))


class CheckedPrefix:
    """In front of ProxyFix: a request whose X-Forwarded-Prefix is not a clean path is refused
    (400), so a header a proxy passed on cannot put a host or a script into our URLs."""

    def __init__(self, app: Callable[..., Iterable[bytes]]) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        prefix = environ.get("HTTP_X_FORWARDED_PREFIX")
        if prefix is not None and not all(
            is_clean_prefix(part.strip()) for part in prefix.split(",")
        ):
            start_response(
                "400 Bad Request",
                [("Content-Type", "text/plain; charset=utf-8"), ("Cache-Control", "no-store")],
            )
            return [BAD_PREFIX_BODY]
        return self.app(environ, start_response)


def init_app(app: Flask) -> None:
    counts = proxy_fix_counts(app.config.get("VEIVISER_PROXY_FIX"))
    if counts:
        # Every count explicitly: ProxyFix's own defaults would trust X-Forwarded-For and -Proto.
        trusted = {name: counts.get(name, 0) for name in PROXY_FIX_HEADERS}
        app.wsgi_app = ProxyFix(app.wsgi_app, **trusted)  # type: ignore[method-assign]
        if trusted["x_prefix"]:
            app.wsgi_app = CheckedPrefix(app.wsgi_app)  # type: ignore[method-assign]
