"""Security headers and framing rules, in one place.

Framing: the applicant's journey may be framed by the intranet origins in
VEIVISER_FRAME_ANCESTORS; the advisor area never is. README.md (Embedding) explains the choices.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from flask import Flask, Response, current_app, request

# Blueprints whose pages may be framed by the allow-listed intranet origins.
FRAMEABLE_BLUEPRINTS = frozenset({"main", "apply"})
NEVER_FRAMED_BLUEPRINTS = frozenset({"advisor"})
# The same areas by path, for error pages that match no route (and so have no blueprint).
NEVER_FRAMED_PATH_SEGMENTS = frozenset({"advisor"})
EMBED_PARAMETER = "embed"

_HOST_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_HOST_NAME = re.compile(rf"^{_HOST_LABEL}(?:\.{_HOST_LABEL})*$")
_DEFAULT_PORTS = {"https": 443, "http": 80}


class FrameAncestorError(ValueError):
    """A VEIVISER_FRAME_ANCESTORS entry that is not a plain https origin."""


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _check_host(host: str, origin: str) -> None:
    if host.startswith("["):
        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            raise FrameAncestorError(f"{origin!r}: not a valid IPv6 address") from None
    elif not _HOST_NAME.match(host):
        raise FrameAncestorError(
            f"{origin!r}: the host must be a plain name such as intranett.example.no "
            "(no wildcards; write international names in punycode)"
        )


def normalise_origin(origin: str) -> str:
    """`scheme://host[:port]`, lower case and without the default port, or FrameAncestorError."""
    if "*" in origin:
        raise FrameAncestorError(f"{origin!r}: wildcards are not allowed; list each origin")
    parts = urlsplit(origin.strip())
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.netloc:
        raise FrameAncestorError(f"{origin!r}: write it as https://host or https://host:port")
    # A lone trailing slash is how origins are often pasted; any other path is a mistake.
    if (
        parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or "?" in origin
        or "#" in origin
    ):
        raise FrameAncestorError(f"{origin!r}: an origin has no path, query or fragment")
    if "@" in parts.netloc:
        raise FrameAncestorError(f"{origin!r}: an origin has no user name or password")
    try:
        port = parts.port
    except ValueError:
        raise FrameAncestorError(f"{origin!r}: the port must be a number 1–65535") from None
    if port == 0:
        raise FrameAncestorError(f"{origin!r}: the port must be a number 1–65535")
    host = parts.hostname or ""
    host = f"[{host}]" if ":" in host else host
    _check_host(host, origin)
    if scheme == "http" and not _is_loopback(host):
        raise FrameAncestorError(
            f"{origin!r}: use https (plain http is only for localhost while developing)"
        )
    if port is None or port == _DEFAULT_PORTS[scheme]:
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


def validated_frame_ancestors(origins: str | Iterable[str]) -> list[str]:
    """The allow-list as CSP sources; a bad entry stops the app from starting."""
    if isinstance(origins, str):
        origins = origins.replace(",", " ").split()
    normalised: list[str] = []
    for origin in origins:
        try:
            value = normalise_origin(origin)
        except FrameAncestorError as error:
            raise RuntimeError(f"VEIVISER_FRAME_ANCESTORS: {error}") from None
        if value not in normalised:
            normalised.append(value)
    return normalised


def embed_requested() -> bool:
    return request.args.get(EMBED_PARAMETER) == "1"


def _in_never_framed_area() -> bool:
    if request.blueprint in NEVER_FRAMED_BLUEPRINTS:
        return True
    if request.blueprint is not None:
        return False
    # /<lang>/advisor/… and /advisor/…: an unknown address there is still the advisor's.
    segments = request.path.split("/")[1:3]
    return any(segment in NEVER_FRAMED_PATH_SEGMENTS for segment in segments)


def is_journey_page() -> bool:
    """A page of the applicant's journey, including error pages shown inside it in embed mode."""
    if _in_never_framed_area():
        return False
    if request.blueprint in FRAMEABLE_BLUEPRINTS:
        return True
    return request.blueprint is None and embed_requested()


def frame_ancestors() -> str:
    """`frame-ancestors` for this response: the advisor area is never framed."""
    if _in_never_framed_area():
        return "'none'"
    allowed = current_app.config["VEIVISER_FRAME_ANCESTORS"]
    if allowed and is_journey_page():
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
    # A response may set its own (the charts, drawn with inline styles and shown as images).
    headers.setdefault("Content-Security-Policy", content_security_policy())
    headers["X-Content-Type-Options"] = "nosniff"
    # A page may ask for less (the reporting pages carry a secret in their address).
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Cross-Origin-Resource-Policy"] = "same-origin"
    # X-Frame-Options for browsers without frame-ancestors, only where it says the same thing.
    # It cannot name an allow-list (ALLOW-FROM is obsolete), and some older browsers let it win
    # over frame-ancestors, so pages open to the intranets send none.
    ancestors = frame_ancestors()
    if ancestors == "'none'":
        headers["X-Frame-Options"] = "DENY"
    elif ancestors == "'self'":
        headers["X-Frame-Options"] = "SAMEORIGIN"
    if current_app.config["VEIVISER_HSTS"]:
        headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
    return response


def init_app(app: Flask) -> None:
    app.config["VEIVISER_FRAME_ANCESTORS"] = validated_frame_ancestors(
        app.config.get("VEIVISER_FRAME_ANCESTORS") or []
    )
    app.after_request(set_security_headers)
