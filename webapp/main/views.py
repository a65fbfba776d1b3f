import logging
from pathlib import Path

from flask import current_app, jsonify, redirect, render_template, url_for
from markupsafe import Markup
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from forms.calls import situation_texts

from ..extensions import db
from ..i18n import current_language, negotiate_language
from ..jobs import job_queue
from ..services.calls import shown_situation
from ..services.drafts import ruleset_in_force
from . import bp

logger = logging.getLogger("veiviser.health")


@bp.get("/")
def root():
    response = redirect(url_for("main.start", lang_code=negotiate_language()), code=302)
    response.vary.add("Accept-Language")
    return response


@bp.get("/<lang:lang_code>/")
def start():
    ruleset = ruleset_in_force()
    bands = ruleset.cofinancing.bands
    return render_template(
        "main/start.html",
        cofinancing_band=(min(b.min for b in bands), max(b.max for b in bands)),
        council_band=(ruleset.council.min, ruleset.council.max)
        if ruleset.council.min is not None and ruleset.council.max is not None
        else None,
        council_no_estimate=ruleset.council.no_estimate,
        call_texts=situation_texts(shown_situation()),
    )


@bp.get("/healthz")
def health():
    """Liveness: the process answers. A load balancer restarts it when this fails."""
    return {"status": "ok"}


@bp.get("/readyz")
def ready():
    """Readiness: the database and the job queue answer, so requests can be served and the
    work they cause recorded and handed on. 503 names what is missing, never why in detail."""
    checks = {"database": _database_answers(), "queue": _queue_answers()}
    ready = all(checks.values())
    body = {"status": "ok" if ready else "unavailable"}
    body.update({name: "ok" if ok else "unavailable" for name, ok in checks.items()})
    response = jsonify(body)
    response.status_code = 200 if ready else 503
    response.headers["Cache-Control"] = "no-store"
    return response


def _database_answers() -> bool:
    try:
        db.session.execute(text("SELECT 1"))
        return True
    except SQLAlchemyError:
        logger.warning("readiness: the database does not answer", exc_info=True)
        db.session.rollback()
        return False


def _queue_answers() -> bool:
    try:
        job_queue().waiting()
        return True
    except Exception:  # Redis, PostgreSQL or SQLite behind Huey: each fails its own way
        logger.warning("readiness: the job queue does not answer", exc_info=True)
        return False


def own_page_text(name: str) -> Markup | None:
    """The operator's own text for a page, `<VEIVISER_PAGES_DIR>/<name>.<lang>.html`, if any.

    The folder is the operator's, like the configuration: its HTML is shown as written."""
    folder = current_app.config["VEIVISER_PAGES_DIR"]
    if not folder:
        return None
    path = Path(folder) / f"{name}.{current_language()}.html"
    return Markup(path.read_text(encoding="utf-8")) if path.is_file() else None


@bp.get("/<lang:lang_code>/accessibility")
def accessibility():
    return render_template("main/accessibility.html", own_text=own_page_text("accessibility"))


@bp.get("/<lang:lang_code>/privacy")
def privacy():
    return render_template("main/privacy.html", own_text=own_page_text("privacy"))


@bp.get("/favicon.ico")
def favicon():
    # Browsers and tools that ask for the classic address get the icon the pages link to.
    return redirect(url_for("static", filename="favicon.svg"), code=301)
