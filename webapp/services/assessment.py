"""The advisor's assessment: what the advice letter says, saved with a trail of what changed.

``application.assessment`` holds the letter's settings under the keys in ``LETTER_FIELDS``.
Recommendations are stored as ``{"key", "text"}`` in the letter's order: ``key`` names a
generated recommendation (None for the advisor's own), and an empty ``text`` means the generated
wording. That wording is rendered in whatever language the letter is in, so changing the letter
language does not leave untouched recommendations behind in the old one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app

from ..documents.blocks import LANGUAGES
from ..models import Advisor, Application, ApplicationStatus
from . import audit, workflow
from .assessment_model import MAX_RECOMMENDATIONS, TEXT_FIELDS, Assessment, StoredRecommendation
from .documents import (
    DocumentFile,
    advice_letter,
    application_document,
    document_language,
    letter_language,
)
from .recommendations import MOST_GENERATED, generated_recommendations

# In the order the form shows them; the audit trail names changed fields in this order.
LETTER_FIELDS = (
    "case_number",
    "their_reference",
    "letter_date",
    "letter_language",
    "meeting_date",
    "overall_assessment",
    "recommendations",
    "follow_up",
    "case_officer",
    "case_officer_title",
    "case_officer_email",
    "copy_to_ministry",
)
FIRST_POSITION, LAST_POSITION = 1, 99
NEW_ROWS = 3  # empty rows for the advisor's own recommendations, each time the form is shown
# The form shows the letter's recommendations (MAX_RECOMMENDATIONS at most), the generated ones
# left out, and the empty rows, so it never has more rows than FORM_ROWS.
FORM_ROWS = MAX_RECOMMENDATIONS + MOST_GENERATED + NEW_ROWS

GENERATED, OWN, NEW = "generated", "own", "new"


class AssessmentLocked(Exception):
    """The case is closed: its letter is what was sent, and stays so until it is reopened."""


@dataclass(frozen=True)
class RecommendationChoice:
    """One row of the letter form as the advisor left it."""

    key: str | None
    text: str
    position: int | None
    included: bool


@dataclass(frozen=True)
class RecommendationRow:
    """One row of the letter form before the advisor changes it."""

    origin: str  # GENERATED, OWN or NEW
    key: str | None
    text: str
    keep: bool
    position: int | None

    def as_form_data(self) -> dict[str, Any]:
        return {
            "origin": self.origin,
            "key": self.key or "",
            "text": self.text,
            "keep": self.keep,
            "position": self.position,
        }


def today() -> date:
    """Today in Norway (the configured time zone); tests replace this to fix the date."""
    return datetime.now(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


def is_locked(application: Application) -> bool:
    return application.status == ApplicationStatus.CLOSED


# --- the form's starting point -----------------------------------------------------------


def recommendation_rows(application: Application) -> list[RecommendationRow]:
    """The rows the letter form starts from, texts in the letter's language.

    Before the first save: every generated recommendation, kept, in the generated order. After:
    the saved list in its order, then the generated ones the advisor dropped (not kept, so they
    can be taken back). Then a few empty rows for the advisor's own.
    """
    generated = generated_recommendations(application, letter_language(application))
    saved = Assessment.of(application).recommendations
    if saved is None:
        rows = [
            RecommendationRow(GENERATED, r.key, r.text, True, n) for n, r in enumerate(generated, 1)
        ]
    else:
        by_key = {r.key: r for r in generated}
        rows = []
        for item in saved:
            key = item.key if item.key in by_key else None
            text = item.text or (by_key[key].text if key else "")
            if key is None and not text:
                continue
            rows.append(
                RecommendationRow(GENERATED if key else OWN, key, text, True, len(rows) + 1)
            )
        used = {row.key for row in rows}
        rows += [
            RecommendationRow(GENERATED, r.key, r.text, False, None)
            for r in generated
            if r.key not in used
        ]
    return (rows + [RecommendationRow(NEW, None, "", False, None)] * NEW_ROWS)[:FORM_ROWS]


def findings(application: Application, locale: str) -> dict[str, str]:
    """The council finding each generated recommendation rests on, by key, in ``locale``."""
    return {r.key: r.finding for r in generated_recommendations(application, locale)}


def letter_form_data(application: Application, advisor: Advisor) -> dict[str, Any]:
    """What the letter form shows before the advisor changes anything."""
    stored = Assessment.of(application)
    rows = recommendation_rows(application)
    data: dict[str, Any] = {name: getattr(stored, name) for name in TEXT_FIELDS}
    data.update(
        case_officer=stored.case_officer or advisor.name,
        case_officer_email=stored.case_officer_email or advisor.email,
        letter_language=letter_language(application),
        meeting_date=stored.meeting_date or _agreed_meeting(application),
        letter_date=stored.letter_date or today(),
        recommendations=[row.as_form_data() for row in rows],
        no_recommendations=stored.recommendations == (),
    )
    return data


# --- saving ------------------------------------------------------------------------------


def ordered_recommendations(
    application: Application, choices: Sequence[RecommendationChoice]
) -> tuple[StoredRecommendation, ...]:
    """The recommendations the advisor kept, as stored: ordered by position (rows without one
    last), ties in the order of the rows; unchanged generated wording stored as ""."""
    standard = _standard_texts(application)
    kept = [
        (choice.position or LAST_POSITION + 1, index, choice)
        for index, choice in enumerate(choices)
        if choice.included and (choice.text.strip() or choice.key in standard)
    ]
    stored: list[StoredRecommendation] = []
    used: set[str] = set()
    for _, _, choice in sorted(kept, key=lambda item: item[:2]):
        key = choice.key if choice.key in standard and choice.key not in used else None
        if key is not None:
            used.add(key)
        unchanged = key is not None and _same_text(choice.text, standard[key])
        stored.append(StoredRecommendation(key, "" if unchanged else choice.text.strip()))
    return tuple(stored)


def save_assessment(
    application: Application,
    data: Mapping[str, Any],
    advisor: Advisor,
    mark_ready: bool = False,
) -> list[str]:
    """Store the letter's settings and record which fields changed; returns their names.

    ``data`` holds the ``LETTER_FIELDS``: texts as str, the two dates as ``date`` (a missing
    letter date becomes today, stored, so the letter stays the same tomorrow), and the
    recommendations as ``RecommendationChoice`` rows. With ``mark_ready`` an application in
    review moves on to "letter ready" (TransitionRefused when another advisor got there first).
    """
    if is_locked(application):
        raise AssessmentLocked(application.reference)
    before = Assessment.of(application)
    language = data.get("letter_language")
    after = replace(
        before,
        **{name: str(data.get(name) or "").strip() for name in TEXT_FIELDS},
        letter_language=language if language in LANGUAGES else letter_language(application),
        meeting_date=_date_or_none(data.get("meeting_date")),
        letter_date=_date_or_none(data.get("letter_date")) or today(),
        copy_to_ministry=bool(data.get("copy_to_ministry")),
        recommendations=ordered_recommendations(application, data.get("recommendations") or ()),
    )
    changed = [
        name
        for name in LETTER_FIELDS
        if _effective(application, before, name) != _effective(application, after, name)
    ]
    # A new dict, so SQLAlchemy sees the change whatever the column type tracks.
    application.assessment = after.to_json()
    if changed:
        audit.record(application, audit.LETTER_SAVED, advisor, detail={"fields": changed})
    if mark_ready and application.status == ApplicationStatus.IN_REVIEW:
        workflow.change_status(application, ApplicationStatus.LETTER_READY, advisor)
    return changed


# --- downloads ---------------------------------------------------------------------------


def download_letter(application: Application, advisor: Advisor) -> DocumentFile:
    """The advice letter as DOCX, with the download recorded in the audit trail."""
    document = advice_letter(application)
    audit.record_download(
        application,
        audit.DOWNLOADED_LETTER,
        advisor,
        {"language": letter_language(application), "filename": document.filename},
        document.content,
    )
    return document


def download_application(application: Application, scheme: str, advisor: Advisor) -> DocumentFile:
    """The application to ``scheme`` as DOCX, recorded; LookupError if it was not sent there."""
    document = application_document(application, scheme)
    audit.record_download(
        application,
        audit.DOWNLOADED_APPLICATION,
        advisor,
        {
            "scheme": scheme,
            "language": document_language(application),
            "filename": document.filename,
        },
        document.content,
    )
    return document


# --- helpers -----------------------------------------------------------------------------


def _standard_texts(application: Application) -> dict[str, set[str]]:
    """Each generated recommendation's wording in every letter language, by key."""
    texts: dict[str, set[str]] = {}
    for language in LANGUAGES:
        for recommendation in generated_recommendations(application, language):
            texts.setdefault(recommendation.key, set()).add(_squeeze(recommendation.text))
    return texts


def _same_text(text: str, standard: set[str]) -> bool:
    return not text.strip() or _squeeze(text) in standard


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _effective(application: Application, assessment: Assessment, name: str) -> Any:
    """A field's value as the letter uses it, so a first save of the defaults changes nothing."""
    if name == "letter_language":
        return assessment.letter_language or document_language(application)
    if name == "recommendations":
        if assessment.recommendations is not None:
            return assessment.recommendations
        rows = generated_recommendations(application, document_language(application))
        return tuple(StoredRecommendation(row.key, "") for row in rows)
    return getattr(assessment, name)


def _agreed_meeting(application: Application) -> date | None:
    track = application.track("council")
    return track.meeting_on if track is not None else None


def _date_or_none(value: Any) -> date | None:
    return value if isinstance(value, date) else None
