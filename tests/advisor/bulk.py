"""Rows for many submitted applications, inserted in one statement (tests and benchmarks)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

MINISTRIES = ("fin", "hod", "kd", "jd", "sd")
STATUSES = ("submitted", "in_review", "letter_ready", "closed")
SCHEMES = ("cofinancing", "council", "cofinancing,council")


def queue_rows(count: int, start: datetime, prefix: str = "bulk") -> list[dict[str, Any]]:
    """`count` applications as the queue sees them: varied status, ministry, scheme and cost."""
    return [
        {
            "public_id": f"{prefix}-{n}",
            "reference": f"VV-2026-{n:06d}",
            "status": STATUSES[n % 4],
            "locale": "nb",
            "ruleset_id": "difi-2018",
            "answers": {"agency_name": f"Etat {n % 97}", "total_cost": 5_000_000 + n * 1_000},
            "assessment": {},
            "agency_name": f"Etat {n % 97}",
            "project_title": f"Prosjekt {n}",
            "ministry": MINISTRIES[n % 5],
            "total_cost": 5_000_000 + n * 1_000,
            "schemes": SCHEMES[n % 3],
            "created_at": start,
            "updated_at": start,
            "submitted_at": start + timedelta(minutes=n),
        }
        for n in range(1, count + 1)
    ]
