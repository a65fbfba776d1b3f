"""The advisor's assessment as stored: one typed model, read and checked once.

``application.assessment`` is a JSON document. Everything that reads it (the letter form, the
advice letter, its recommendations) goes through ``Assessment.of(application)``, which turns
whatever is stored into typed fields: text as stripped ``str``, dates as ``date`` (or None), the
letter language as one of ours (or None), and the advisor's list of recommendations (or None
when it was never saved, so the generated list stands). Nothing stored can break a reader.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from ..documents.blocks import LANGUAGES
from ..models import Application

# A letter lists at most this many recommendations.
MAX_RECOMMENDATIONS = 60
TEXT_FIELDS = (
    "case_number",
    "their_reference",
    "overall_assessment",
    "follow_up",
    "case_officer",
    "case_officer_title",
    "case_officer_email",
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class StoredRecommendation:
    """One recommendation in the advisor's order: ``key`` names a generated one (None for the
    advisor's own); an empty ``text`` means the generated wording."""

    key: str | None
    text: str


@dataclass(frozen=True)
class Assessment:
    case_number: str = ""
    their_reference: str = ""
    letter_date: date | None = None
    letter_language: str | None = None
    meeting_date: date | None = None
    overall_assessment: str = ""
    recommendations: tuple[StoredRecommendation, ...] | None = None
    follow_up: str = ""
    case_officer: str = ""
    case_officer_title: str = ""
    case_officer_email: str = ""
    copy_to_ministry: bool = False
    # Keys this model does not know, kept as they were so a save never drops them.
    other: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, application: Application) -> Assessment:
        return cls.from_json(application.assessment)

    @classmethod
    def from_json(cls, stored: Any) -> Assessment:
        """The model of a stored document; anything malformed reads as "not set"."""
        data = stored if isinstance(stored, Mapping) else {}
        known = {f.name for f in fields(cls)}
        return cls(
            **{name: _text(data.get(name)) for name in TEXT_FIELDS},
            letter_date=_iso_date(data.get("letter_date")),
            letter_language=_language(data.get("letter_language")),
            meeting_date=_iso_date(data.get("meeting_date")),
            recommendations=_recommendations(data.get("recommendations")),
            copy_to_ministry=data.get("copy_to_ministry") is True,
            other={key: value for key, value in data.items() if key not in known},
        )

    def to_json(self) -> dict[str, Any]:
        document: dict[str, Any] = dict(self.other)
        document.update({name: getattr(self, name) for name in TEXT_FIELDS})
        document.update(
            letter_date=_iso(self.letter_date),
            meeting_date=_iso(self.meeting_date),
            copy_to_ministry=self.copy_to_ministry,
            recommendations=None
            if self.recommendations is None
            else [{"key": r.key, "text": r.text} for r in self.recommendations],
        )
        if self.letter_language is not None:
            document["letter_language"] = self.letter_language
        if document["recommendations"] is None:
            del document["recommendations"]
        return document


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _iso(value: date | None) -> str:
    return value.isoformat() if isinstance(value, date) else ""


def _iso_date(value: Any) -> date | None:
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _language(value: Any) -> str | None:
    return value if isinstance(value, str) and value in LANGUAGES else None


def _recommendations(value: Any) -> tuple[StoredRecommendation, ...] | None:
    if not isinstance(value, list):
        return None
    items = []
    for item in value:
        if isinstance(item, Mapping):
            key = item.get("key")
            items.append(
                StoredRecommendation(
                    key if isinstance(key, str) and key else None, _text(item.get("text"))
                )
            )
    return tuple(items[:MAX_RECOMMENDATIONS])
