from flask import redirect, render_template, url_for

from ..i18n import negotiate_language
from . import bp


@bp.get("/")
def root():
    response = redirect(url_for("main.start", lang_code=negotiate_language()), code=302)
    response.vary.add("Accept-Language")
    return response


@bp.get("/<lang:lang_code>/")
def start():
    return render_template("main/start.html")


@bp.get("/healthz")
def health():
    return {"status": "ok"}
