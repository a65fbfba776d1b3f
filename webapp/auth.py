"""Advisor sessions: Flask-Login loads an advisor from the session's id and token."""

from __future__ import annotations

import hmac

from .extensions import db, login_manager
from .models import Advisor


@login_manager.user_loader
def load_advisor(login_id: str) -> Advisor | None:
    advisor_id, _, token = login_id.partition(":")
    if not advisor_id.isdigit() or not token:
        return None
    advisor = db.session.get(Advisor, int(advisor_id))
    if advisor is None or not advisor.active:
        return None
    # A changed token (logout elsewhere, disabled, new password) ends this session.
    if not hmac.compare_digest(advisor.session_token, token):
        return None
    return advisor
