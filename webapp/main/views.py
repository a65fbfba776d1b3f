from flask import redirect, render_template, url_for

from ..i18n import negotiate_language
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
