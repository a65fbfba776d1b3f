"""Extensions are created here once and bound to an app in `create_app`."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import current_app, request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()
limiter = Limiter(key_func=get_remote_address, default_limits=[])

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def limit_posts(limits: Callable[[], str]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """`limiter.limit(limits, methods=["POST"])` for a view that also answers GET. Flask-Limiter
    resolves and evaluates a view's limits on every request, twice, to find on a GET that none
    apply; the reads of a view marked here skip that (its POSTs go through the limiter as
    before: it knows the view by its name, which `wraps` keeps)."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        limited = limiter.limit(limits, methods=["POST"])(view)

        @wraps(view)
        def dispatch(*args: Any, **kwargs: Any) -> Any:
            return limited(*args, **kwargs) if request.method == "POST" else view(*args, **kwargs)

        dispatch.veiviser_limits_posts_only = True  # type: ignore[attr-defined]
        return dispatch

    return decorate


@limiter.request_filter
def _read_of_a_view_limited_on_posts() -> bool:
    if request.method not in SAFE_METHODS:
        return False
    view = current_app.view_functions.get(request.endpoint or "")
    return getattr(view, "veiviser_limits_posts_only", False)
