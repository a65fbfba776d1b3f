"""The account trail: events of an advisor's account that are not about an application."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from ..extensions import db
from ..models import AccountEvent, Advisor, utcnow

LOGIN_LIMITED = "login_limited"


def record(advisor: Advisor, action: str, detail: dict[str, Any] | None = None) -> AccountEvent:
    """Add an event to the session; the caller commits it."""
    event = AccountEvent(
        advisor_id=advisor.id, action=action, detail=detail or {}, created_at=utcnow()
    )
    db.session.add(event)
    db.session.flush()
    return event


def history(advisor: Advisor) -> list[AccountEvent]:
    """The account's events, newest first."""
    return list(
        db.session.scalars(
            select(AccountEvent)
            .where(AccountEvent.advisor_id == advisor.id)
            .order_by(AccountEvent.created_at.desc(), AccountEvent.id.desc())
        )
    )
