"""Embed mode (`?embed=1`): the applicant's journey inside an allow-listed intranet page.

The mode is carried centrally: while a request is in embed mode, every URL built for a journey
endpoint gets embed=1, so links, form actions and the wizard's redirects keep it. Pages drop the
site header and footer and load static/embed.js, which tells the framing page the content height.

Inside a cross-site frame the session cookie is third-party: it is `SameSite=None; Secure;
Partitioned`, and when the browser still refuses it the applicant is told so, with a link that
opens the form in a new tab, instead of getting a bare CSRF error.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, g, has_request_context, redirect, request, session, url_for
from flask_babel import gettext
from werkzeug.wrappers import Response
from wtforms import BooleanField

from forms import flow

from .query import url_values
from .security import EMBED_PARAMETER, FRAMEABLE_BLUEPRINTS, embed_requested, is_journey_page
from .services import drafts

# Added once to the first embedded page a browser asks for without our cookie: if the cookie is
# still missing when the browser follows the redirect, it refused to store it.
COOKIE_CHECK_PARAMETER = "cookie_check"
COOKIE_CHECK_KEY = "cookies_work"


_EMBED_MODE_KEY = "veiviser.embed_mode"


def in_embed_mode() -> bool:
    """Asked by every url_for on a page, so worked out once per request (it depends on the
    request's address alone)."""
    if not has_request_context():
        return False
    environ = request.environ
    known = environ.get(_EMBED_MODE_KEY)
    if known is None:
        known = environ[_EMBED_MODE_KEY] = embed_requested() and is_journey_page()
    return known


def is_journey_endpoint(endpoint: str) -> bool:
    blueprint, dot, _name = endpoint.rpartition(".")
    return bool(dot) and blueprint in FRAMEABLE_BLUEPRINTS


def keep_embed_mode(endpoint: str, values: dict[str, Any]) -> None:
    """url_defaults: journey URLs built while in embed mode carry embed=1 (embed=None opts out)."""
    if EMBED_PARAMETER not in values and in_embed_mode() and is_journey_endpoint(endpoint):
        values[EMBED_PARAMETER] = "1"


def _accepts_get(endpoint: str) -> bool:
    return any("GET" in (rule.methods or ()) for rule in current_app.url_map.iter_rules(endpoint))


def new_tab_url() -> str:
    """This page outside the frame: same address, without embed mode."""
    endpoint = request.endpoint
    if not endpoint or not is_journey_endpoint(endpoint) or not _accepts_get(endpoint):
        return url_for("main.start", **{EMBED_PARAMETER: None})
    values = url_values(**(request.view_args or {}))
    values[EMBED_PARAMETER] = None
    values[COOKIE_CHECK_PARAMETER] = None
    return url_for(endpoint, **values)


def cookies_refused() -> bool:
    """Set by the cookie check on the first embedded page: this frame cannot keep a session."""
    return bool(g.get("cookies_refused"))


def check_cookies_in_frame() -> Response | None:
    """before_request: on the first embedded page, find out whether the frame keeps cookies."""
    if request.method != "GET" or not in_embed_mode() or request.blueprint is None:
        return None
    if not current_app.config["VEIVISER_FRAME_ANCESTORS"]:
        return None  # only the site itself may frame it: the cookie is first-party
    if current_app.session_interface.get_cookie_name(current_app) in request.cookies:
        return None
    if request.args.get(COOKIE_CHECK_PARAMETER):
        g.cookies_refused = True
        return None
    session[COOKIE_CHECK_KEY] = True
    values = url_values(**(request.view_args or {}))
    values[COOKIE_CHECK_PARAMETER] = "1"
    return redirect(url_for(request.endpoint, **values), code=303)


def posted_answers() -> list[tuple[str, str]]:
    """What the applicant wrote on a wizard step whose POST was refused: shown, never saved."""
    if request.endpoint != "apply.step" or request.method != "POST":
        return []
    step = flow.STEPS_BY_ID.get((request.view_args or {}).get("step_id", ""))
    if step is None:
        return []
    form = flow.build_form(step, {}, drafts.ruleset_for(None), request.form)
    rows = []
    for field in form:
        written = [str(value).strip() for value in field.raw_data or [] if str(value).strip()]
        if isinstance(field, BooleanField):
            written = [gettext("Yes")] if written else []
        elif getattr(field, "choices", None) is not None:
            # Only the choices the form offers: anything else was not typed by the applicant.
            labels = {str(choice[0]): str(choice[1]) for choice in field.iter_choices()}
            written = [labels[value] for value in written if value in labels]
        if written:
            rows.append((str(field.label.text), ", ".join(written)))
    return rows


def csrf_failure_context() -> dict[str, Any]:
    """For the CSRF failure page: a frame whose browser never stored the session gets help."""
    token_key = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    if not in_embed_mode() or token_key in session:
        return {"cookies_refused_in_frame": False}
    return {
        "cookies_refused_in_frame": True,
        "new_tab_url": new_tab_url(),
        "posted_answers": posted_answers(),
    }


def embed_context() -> dict[str, Any]:
    return {
        "embed_mode": in_embed_mode(),
        "frame_origins": current_app.config["VEIVISER_FRAME_ANCESTORS"],
        "cookies_refused": cookies_refused,
        "new_tab_url": new_tab_url,
    }


def configure_cookies(app: Flask) -> None:
    """A framed journey needs a third-party cookie: cross-site, over HTTPS, partitioned (CHIPS)."""
    if app.config["VEIVISER_FRAME_ANCESTORS"]:
        app.config.update(
            SESSION_COOKIE_SAMESITE="None",
            SESSION_COOKIE_SECURE=True,
            SESSION_COOKIE_PARTITIONED=True,
        )


def init_app(app: Flask) -> None:
    configure_cookies(app)
    app.url_defaults(keep_embed_mode)
    app.before_request(check_cookies_in_frame)
    app.context_processor(embed_context)
