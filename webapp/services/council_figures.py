"""The figures behind the Digitalisation Council's experience report, counted from its cases.

A council case is an application sent to the council. For a period of years (by the day it was
sent, in Norwegian time) the cases are counted by year, ministry area, size class, phase and
whether they are joint cases (across sectors or agencies); for each readiness question the
answers yes / partly / no are counted; and the recommendations of the letters that are ready are
counted by theme. Counted in Python: the council has tens of cases a year, not thousands.

Privacy: a count of 1 or 2 would point at one agency, so such counts are held back as "fewer
than 3" wherever they are shown (``shown``), and the figures carry no names or contact details.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Row, select

from forms.routing import PHASE_LABELS
from forms.rulesets import load_ruleset
from forms.steps import READINESS_QUESTIONS
from forms.text import N_
from forms.validity import OSLO

from ..extensions import db
from ..models import Application, ApplicationStatus
from .assessment_model import Assessment
from .drafts import ruleset_in_force
from .recommendations import FINDINGS, suggested_recommendations

SMALLEST_SHOWN = 3  # counts below this (but above 0) are held back
SIZE_CLASSES: dict[str, str] = {
    "up_to_25": N_("Up to 25 MNOK"),
    "26_to_200": N_("26–200 MNOK"),
    "over_200": N_("Over 200 MNOK"),
    "no_estimate": N_("No estimate"),
}
READINESS_ANSWERS: dict[str, str] = {"yes": N_("Yes"), "partly": N_("Partly"), "no": N_("No")}
OWN_THEME = "other"  # a recommendation the advisor wrote, not one Veiviser suggested
THEMES: dict[str, str] = {**FINDINGS, OWN_THEME: N_("Other advice from the council")}
# The gaps Veiviser points out, by the theme of the finding they come under.
GAP_THEMES = {
    "gap:no_benefits_plan": "benefits_realisation",
    "gap:no_partners": "cross_sector_collaboration",
    "gap:grant_at_ceiling": "financing",
}
LETTER_GIVEN = (ApplicationStatus.LETTER_READY, ApplicationStatus.CLOSED)
MNOK = 1_000_000


@dataclass(frozen=True)
class Period:
    """Whole years, both ends included."""

    first: int
    last: int


@dataclass
class CouncilFigures:
    period: Period
    cases: int = 0
    by_year: Counter[int] = field(default_factory=Counter)
    by_ministry: Counter[str] = field(default_factory=Counter)
    by_size: Counter[str] = field(default_factory=Counter)
    by_phase: Counter[str] = field(default_factory=Counter)
    joint: Counter[bool] = field(default_factory=Counter)
    # question → answer ("yes", "partly", "no", or "" when not answered) → cases
    readiness: dict[str, Counter[str]] = field(default_factory=dict)
    letters: int = 0  # cases whose letter is ready or sent
    by_theme: Counter[str] = field(default_factory=Counter)


def size_class(total_cost: int | None) -> str:
    if total_cost is None:
        return "no_estimate"
    if total_cost <= 25 * MNOK:
        return "up_to_25"
    return "26_to_200" if total_cost <= 200 * MNOK else "over_200"


def theme_of(key: str | None) -> str:
    """The theme of a recommendation, from the key of the suggestion it came from."""
    if key and key.startswith("readiness:"):
        question = key.split(":")[1]
        return question if question in FINDINGS else OWN_THEME
    for prefix, theme in GAP_THEMES.items():
        if key and key.startswith(prefix):
            return theme
    return OWN_THEME


def recommendation_themes(
    answers: Mapping[str, Any], assessment: Any, ruleset_id: str | None
) -> list[str]:
    """The themes of what the letter recommends: the advisor's list if there is one, else the
    suggestions (as ``letter_recommendations`` chooses, without rendering the texts)."""
    ruleset = load_ruleset(ruleset_id) if ruleset_id else ruleset_in_force()
    suggested = {s.key for s in suggested_recommendations(answers, ruleset)}
    chosen = Assessment.from_json(assessment).recommendations
    if chosen is None:
        return [theme_of(key) for key in suggested]
    themes = []
    for item in chosen:
        if item.key in suggested:
            themes.append(theme_of(item.key))
        elif item.text:
            themes.append(OWN_THEME)
    return themes


def council_cases(period: Period) -> Iterable[Row]:
    """The period's council cases as plain rows (no tracked objects: only read here)."""
    starts = datetime(period.first, 1, 1, tzinfo=OSLO).astimezone(UTC).replace(tzinfo=None)
    ends = datetime(period.last + 1, 1, 1, tzinfo=OSLO).astimezone(UTC).replace(tzinfo=None)
    return db.session.execute(
        select(
            Application.status,
            Application.submitted_at,
            Application.ministry,
            Application.total_cost,
            Application.schemes,
            Application.answers,
            Application.assessment,
            Application.ruleset_id,
        ).where(
            Application.status != ApplicationStatus.DRAFT,
            Application.submitted_at >= starts,
            Application.submitted_at < ends,
            Application.schemes.contains("council"),
        )
    )


def compute(period: Period) -> CouncilFigures:
    figures = CouncilFigures(
        period=period, readiness={question: Counter() for question in READINESS_QUESTIONS}
    )
    for case in council_cases(period):
        if "council" not in (case.schemes or "").split(","):
            continue  # "contains" is a substring match
        sent = case.submitted_at.replace(tzinfo=UTC)  # stored as naive UTC
        answers: Mapping[str, Any] = case.answers or {}
        figures.cases += 1
        figures.by_year[sent.astimezone(OSLO).year] += 1
        figures.by_ministry[case.ministry or ""] += 1
        figures.by_size[size_class(case.total_cost)] += 1
        phase = answers.get("phase")
        figures.by_phase[phase if phase in PHASE_LABELS else ""] += 1
        figures.joint[answers.get("cross_sector") == "yes"] += 1
        for question, counts in figures.readiness.items():
            answer = answers.get(question)
            counts[answer if answer in READINESS_ANSWERS else ""] += 1
        if case.status in LETTER_GIVEN:
            figures.letters += 1
            themes = recommendation_themes(answers, case.assessment, case.ruleset_id)
            figures.by_theme.update(set(themes))
    return figures


def held_back(counts: Mapping[Any, int]) -> set[Any]:
    """The categories of a table whose counts may not be shown, given that its total is.

    Counts of 1 or 2 are held back, and then more of the smallest until nobody can work a
    held-back count out from the total: at least two held back, and a sum large enough that
    each of them could be 3 or more (every held-back cell holds at least 1).
    """
    hidden = {key for key, count in counts.items() if 0 < count < SMALLEST_SHOWN}
    if not hidden:
        return hidden
    others = sorted((count, str(key), key) for key, count in counts.items() if count)
    others = [entry for entry in others if entry[2] not in hidden]
    total = sum(counts[key] for key in hidden)
    while others and (len(hidden) < 2 or total - (len(hidden) - 1) < SMALLEST_SHOWN):
        count, _, key = others.pop(0)
        hidden.add(key)
        total += count
    return hidden


def shown(count: int) -> int | None:
    """The count as it may be shown: None for 1 or 2 ("fewer than 3")."""
    return None if 0 < count < SMALLEST_SHOWN else count


def share(count: int, whole: int) -> float | None:
    """count / whole, unless either would single out a case."""
    if whole < SMALLEST_SHOWN or shown(count) is None:
        return None
    return count / whole
