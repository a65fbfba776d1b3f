"""Roles in the advisor area: what only a lead advisor may do.

`lead_required` marks a view as a lead advisor's; the blueprint's guard has already asked for a
login, and the decorator asks again so it protects a view in any blueprint. Tests find the
marked views through `required_role` on the view function.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import render_template
from flask_login import current_user

from ..models import AdvisorRole
from .sessions import login_redirect

View = TypeVar("View", bound=Callable[..., Any])


def required_role(view: Callable[..., Any]) -> str:
    """The role a view needs: `lead` for a lead advisor's view, else `advisor`."""
    return getattr(view, "required_role", AdvisorRole.ADVISOR.value)


def lead_required(view: View) -> View:
    """Only a lead advisor gets through: anyone not logged in goes to the login page, a plain
    advisor gets a 403 page that says why."""

    @wraps(view)
    def guarded(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return login_redirect()
        if not current_user.is_lead:
            # Rendered with the login itself: the page may be outside the advisor blueprint.
            page = render_template("advisor/lead_only.html", current_user=current_user)
            return page, 403
        return view(*args, **kwargs)

    guarded.required_role = AdvisorRole.LEAD.value  # type: ignore[attr-defined]
    return guarded  # type: ignore[return-value]
