from pathlib import Path

from flask import current_app, redirect, render_template, url_for
from markupsafe import Markup

from ..i18n import current_language, negotiate_language
from ..services.drafts import ruleset_in_force
from . import bp


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
    )


@bp.get("/healthz")
def health():
    return {"status": "ok"}


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
