"""The session cookie: where it is sent (the app's path, `__Host-` where it qualifies) and
when it is written again.

Flask signs and sends a permanent session's cookie on every response, so that its 30 days
run from the last visit. A page that changed nothing then pays for serialising and signing
the session for a new expiry that differs from the old one by seconds. Here an unchanged
session's cookie is renewed once it is `RENEW_AFTER` old (the signature carries the time it
was made), so the 30 days still run from the last visit, give or take that hour.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

from flask import Flask, Request, has_request_context, request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface, SessionMixin
from itsdangerous import BadSignature, URLSafeTimedSerializer

HOST_PREFIX = "__Host-"
RENEW_AFTER = timedelta(hours=1)


class SignedSession(SecureCookieSession):
    """A session that knows when its cookie was signed (None: no cookie came with it)."""

    signed_at: datetime | None = None


class Serializers(NamedTuple):
    current: URLSafeTimedSerializer | None  # SECRET_KEY: signs, and reads first
    old: URLSafeTimedSerializer | None  # SECRET_KEY_FALLBACKS: only read


class SessionCookieInterface(SecureCookieSessionInterface):
    session_class = SignedSession

    def __init__(self) -> None:
        self._serializers: tuple[tuple[Any, ...], Serializers] | None = None

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        """Flask's, for the current key alone (Flask signs with it), built again only when
        the keys change: Flask builds one twice per request."""
        return self._kept(app).current

    def _kept(self, app: Flask) -> Serializers:
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        kept = self._serializers
        if kept is None or kept[0] != keys:
            current = self._serializer_for([app.secret_key] if app.secret_key else [])
            old = self._serializer_for(list(keys[1]) if app.secret_key else [])
            kept = self._serializers = (keys, Serializers(current, old))
        return kept[1]

    def _serializer_for(self, keys: list[Any]) -> URLSafeTimedSerializer | None:
        # As Flask's get_signing_serializer builds it, for the keys given.
        if not keys:
            return None
        return URLSafeTimedSerializer(
            keys,
            salt=self.salt,
            serializer=self.serializer,
            signer_kwargs={
                "key_derivation": self.key_derivation,
                "digest_method": self.digest_method,
            },
        )

    def get_cookie_path(self, app: Flask) -> str:
        """Scoped to the path the app is mounted at (SCRIPT_NAME): Flask uses APPLICATION_ROOT
        ('/') when SESSION_COOKIE_PATH is unset, which under /tjenester/veiviser/ would send
        our cookie to every other service on the host."""
        if app.config["SESSION_COOKIE_PATH"]:
            return app.config["SESSION_COOKIE_PATH"]
        if has_request_context() and request.script_root:
            return request.script_root
        return app.config["APPLICATION_ROOT"] or "/"

    def get_cookie_name(self, app: Flask) -> str:
        """With the `__Host-` prefix where the cookie qualifies (Secure, Path=/, no Domain):
        browsers then refuse it from a sibling subdomain or over plain http. Under a proxy
        prefix the cookie's path is the prefix, so it keeps its plain name."""
        name = super().get_cookie_name(app)
        if (
            self.get_cookie_secure(app)
            and not self.get_cookie_domain(app)
            and self.get_cookie_path(app) == "/"
        ):
            return HOST_PREFIX + name
        return name

    def open_session(self, app: Flask, request: Request) -> SignedSession | None:
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        try:
            data, signed_at = serializer.loads(value, max_age=max_age, return_timestamp=True)
        except BadSignature:
            old = self._kept(app).old
            if old is None:
                return self.session_class()
            try:
                data = old.loads(value, max_age=max_age)
            except BadSignature:
                return self.session_class()
            # Signed by a key in SECRET_KEY_FALLBACKS: signed again with the current key on
            # this response (signed_at None), so the old key can be dropped without ending it.
            signed_at = None
        session = self.session_class(data)
        session.signed_at = signed_at
        return session

    def should_set_cookie(self, app: Flask, session: SessionMixin) -> bool:
        if session.modified:
            return True
        if not (session.permanent and app.config["SESSION_REFRESH_EACH_REQUEST"]):
            return False
        signed_at = getattr(session, "signed_at", None)
        return signed_at is None or self.now() - signed_at >= RENEW_AFTER

    def get_expiration_time(self, app: Flask, session: SessionMixin) -> datetime | None:
        # As Flask's, on the clock that decides renewal.
        return self.now() + app.permanent_session_lifetime if session.permanent else None

    @staticmethod
    def now() -> datetime:
        return datetime.now(UTC)


def init_app(app: Flask) -> None:
    app.session_interface = SessionCookieInterface()
