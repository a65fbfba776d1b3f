"""Advisor sessions: the guard in front of the blueprint, login, logout and the idle timeout."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from flask import Response, current_app, flash, redirect, request, session, url_for
from flask_babel import ngettext
from flask_login import current_user, login_user, logout_user

from ..extensions import db
from ..logs import security_event
from ..models import Advisor
from ..services import advisors, second_factor
from . import bp

# Endpoints open to everyone; the guard lets nothing else through without a login. The second
# factor's pages check the half-finished login themselves.
PUBLIC_ENDPOINTS = frozenset(
    {"advisor.login", "advisor.second_factor", "advisor.second_factor_setup"}
)
LAST_SEEN_KEY = "advisor_last_seen"
# When the session began: it ends after VEIVISER_ADVISOR_SESSION_HOURS however busy it is.
STARTED_KEY = "advisor_session_started"
# A login that has passed the password and waits for the second factor.
PENDING_KEY = "advisor_pending_login"
PENDING_MINUTES = 10
SECOND_FACTOR_KEY = "advisor_second_factor"


def now() -> float:
    """Seconds since the epoch; tests replace this to move time on."""
    return time.time()


def start_session(advisor: Advisor, with_second_factor: bool = False) -> None:
    """A fresh session for the advisor: nothing from before the login survives."""
    session.clear()
    login_user(advisor)
    security_event("login", advisor=advisor.id, second_factor=with_second_factor)
    session[LAST_SEEN_KEY] = session[STARTED_KEY] = now()
    if with_second_factor:
        session[SECOND_FACTOR_KEY] = True


def second_factor_required(advisor: Advisor) -> bool:
    """Every advisor needs it when the installation says so; one who has enrolled always."""
    return bool(current_app.config["VEIVISER_SECOND_FACTOR"]) or second_factor.is_enrolled(advisor)


def start_pending_login(advisor: Advisor, next_url: str | None) -> None:
    """The password was right; the login waits for the second factor (in a fresh session)."""
    session.clear()
    session[PENDING_KEY] = {
        "advisor": advisor.id,
        "token": advisor.session_token,
        "since": now(),
        "next": next_url,
    }


def pending_advisor() -> Advisor | None:
    """The advisor whose login waits for the second factor, if it has not run out."""
    pending = session.get(PENDING_KEY)
    if not isinstance(pending, dict) or not isinstance(pending.get("since"), int | float):
        return None
    if now() - pending["since"] > PENDING_MINUTES * 60:
        return None
    advisor_id = pending.get("advisor")
    advisor = db.session.get(Advisor, advisor_id) if isinstance(advisor_id, int) else None
    if advisor is None or not advisor.active or advisor.session_token != pending.get("token"):
        return None
    return advisor


def finish_pending_login(advisor: Advisor) -> str | None:
    """Both factors are in: start the real session; returns where the advisor was going."""
    next_url = safe_next((session.get(PENDING_KEY) or {}).get("next"))
    start_session(advisor, with_second_factor=True)
    return next_url


def end_session(advisor: Advisor | None = None) -> None:
    """Log out here, and with `advisor`, end every other session of theirs on the server too."""
    if advisor is not None:
        advisors.end_sessions(advisor)
        security_event("logout", advisor=advisor.id)
    logout_user()
    session.clear()


def safe_next(target: str | None) -> str | None:
    """`target` when it is a relative URL inside the advisor area, else None."""
    if not target or len(target) > 2000 or "\\" in target:
        return None
    if any(ord(character) < 32 or ord(character) == 127 for character in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    segments = parts.path.split("/")
    languages = current_app.config["LANGUAGES"]
    if len(segments) < 4 or segments[0] or segments[1] not in languages:
        return None
    if segments[2] != "advisor" or any(part in (".", "..") for part in segments):
        return None
    return target


def login_redirect() -> Response:
    next_url = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for("advisor.login", next=next_url), code=303)


def idle_minutes() -> int:
    return int(current_app.config["VEIVISER_ADVISOR_IDLE_MINUTES"])


@bp.before_request
def require_advisor() -> Response | None:
    """The one guard of the advisor area: a logged-in, active advisor who has not gone idle."""
    if not current_user.is_authenticated and "_user_id" in session:
        # Disabled, logged out elsewhere or a new password: forget the stale login.
        logout_user()
        session.pop(LAST_SEEN_KEY, None)
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if not current_user.is_authenticated:
        return login_redirect()
    if second_factor_required(current_user) and not session.get(SECOND_FACTOR_KEY):
        # A session from before the second factor was required: it must log in again.
        end_session()
        return login_redirect()
    started = session.get(STARTED_KEY)
    hours = int(current_app.config["VEIVISER_ADVISOR_SESSION_HOURS"])
    if not isinstance(started, int | float) or now() - started > hours * 3600:
        end_session()
        flash(
            ngettext(
                "You were logged out because a session lasts at most %(num)d hour.",
                "You were logged out because a session lasts at most %(num)d hours.",
                hours,
            )
        )
        return login_redirect()
    last_seen = session.get(LAST_SEEN_KEY)
    if not isinstance(last_seen, int | float) or now() - last_seen > idle_minutes() * 60:
        end_session()
        flash(
            ngettext(
                "You were logged out because you had not used the workspace for %(num)d minute.",
                "You were logged out because you had not used the workspace for %(num)d minutes.",
                idle_minutes(),
            )
        )
        return login_redirect()
    session[LAST_SEEN_KEY] = now()
    return None


@bp.after_request
def never_store(response: Response) -> Response:
    # Case data must not linger in browser or proxy caches (the back button after logout).
    response.headers["Cache-Control"] = "no-store"
    return response
