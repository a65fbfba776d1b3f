from flask import render_template

from . import bp


@bp.get("/")
def start():
    return render_template("main/start.html")
