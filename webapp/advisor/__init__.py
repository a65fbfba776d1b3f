"""Blueprint: the advisors' workspace (login, queue, review, letter, downloads)."""

from flask import Blueprint

bp = Blueprint("advisor", __name__, url_prefix="/<lang:lang_code>/advisor")
