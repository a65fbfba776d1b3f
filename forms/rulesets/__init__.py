"""Rule sets as data: one TOML file per rule set, loaded into frozen dataclasses and validated.

A rule set holds every threshold the routing uses; the code holds none. Loading checks the file
thoroughly (unknown or missing keys, wrong types, bands the wrong way round, codes outside the
data dictionary, an id that does not match the file name) and raises :class:`RuleSetError`
naming the file and the problem, so a broken rule set fails at start-up, not in front of a user.

Rule sets ship in this directory; ``extra_dir`` adds another directory, so a new rule set can
be introduced as data alone.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from functools import cache
from math import floor
from pathlib import Path
from typing import Any

# The codes of the data dictionary (DOMAIN.md §5) that rule sets may name.
PHASES = ("idea", "concept", "planning", "execution", "closing")
LEGAL_FORMS = (
    "state_agency",
    "state_agency_special_powers",
    "state_enterprise",
    "state_owned_company",
    "municipality",
    "other",
)
STAGES = ("preparation", "project_review", "execution")
SCHEMES = ("cofinancing", "council", "project_model", "own_funding")
CROSS_SECTOR_VALUES = ("yes", "no")

DEFAULT_RULESET_ID = "difi-2018"
BUILTIN_DIR = Path(__file__).resolve().parent

_ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


TITLE_LANGUAGES = frozenset({"nb", "nn", "en"})


class RuleSetError(ValueError):
    """A rule set that is missing or broken; the message names the file and the problem."""


@dataclass(frozen=True)
class CofinancingBand:
    """A cost band in which co-financing can be granted, with the grant's share and cap."""

    min: int
    max: int
    share: Fraction
    cap: int | None = None
    category: int | None = None
    cross_sector_only: bool = False

    def covers(self, total_cost: int, cross_sector: bool) -> bool:
        """True when the cost is inside the band (both ends included) and the project may use it."""
        return self.min <= total_cost <= self.max and (cross_sector or not self.cross_sector_only)

    def max_grant(self, total_cost: int) -> int:
        """The largest grant in whole kroner: the share of the cost, never above the cap."""
        limit = self.share * total_cost
        if self.cap is not None:
            limit = min(limit, Fraction(self.cap))
        return floor(limit)


@dataclass(frozen=True)
class CofinancingRules:
    bands: tuple[CofinancingBand, ...]
    legal_forms: frozenset[str]
    eligible_phases: frozenset[str]
    not_yet_phases: frozenset[str]
    budget_cut_share: Fraction
    # A measure that concerns municipalities must come with a statement from KS.
    ks_statement_required: bool = False


@dataclass(frozen=True)
class CouncilRules:
    min: int
    max: int
    legal_forms: frozenset[str]
    stages: tuple[tuple[str, str], ...]  # (phase, stage) pairs; the phases the council serves

    def stage_for(self, phase: str) -> str | None:
        return dict(self.stages).get(phase)

    @property
    def phases(self) -> tuple[str, ...]:
        return tuple(phase for phase, _stage in self.stages)


@dataclass(frozen=True)
class RuleSet:
    id: str
    title: str
    source: str
    valid_from: date
    valid_to: date | None
    discount_rate: Fraction
    analysis_years: int
    cofinancing: CofinancingRules
    council: CouncilRules
    project_model_above: int
    own_funding_below: int
    # The title in other languages, as (locale, title) pairs; `title` is the English one.
    titles: tuple[tuple[str, str], ...] = ()

    def title_for(self, locale: str) -> str:
        """The title in `locale` when the rule set gives one, else the English title."""
        return dict(self.titles).get(locale, self.title)


@cache
def load_ruleset(
    ruleset_id: str = DEFAULT_RULESET_ID, extra_dir: Path | str | None = None
) -> RuleSet:
    """The rule set with this id, from this package or ``extra_dir``; loaded once, then cached."""
    if not isinstance(ruleset_id, str) or not _ID_PATTERN.fullmatch(ruleset_id):
        raise RuleSetError(f"{ruleset_id!r} is not a rule set id (lower-case letters, digits, -)")
    found = [path for path in _candidate_files(extra_dir) if path.stem == ruleset_id]
    if not found:
        known = ", ".join(available_rulesets(extra_dir))
        raise RuleSetError(f"unknown rule set {ruleset_id!r}; available: {known}")
    if len(found) > 1:
        raise RuleSetError(f"rule set {ruleset_id!r} is defined twice: {found[0]} and {found[1]}")
    return load_ruleset_file(found[0])


def available_rulesets(extra_dir: Path | str | None = None) -> list[str]:
    """The ids of every rule set file, sorted."""
    return sorted({path.stem for path in _candidate_files(extra_dir)})


def _candidate_files(extra_dir: Path | str | None) -> Iterator[Path]:
    directories = [BUILTIN_DIR] if extra_dir is None else [BUILTIN_DIR, Path(extra_dir)]
    for directory in directories:
        if not directory.is_dir():
            raise RuleSetError(f"{directory}: rule set directory not found")
        yield from sorted(directory.glob("*.toml"))


def load_ruleset_file(path: Path | str) -> RuleSet:
    """Read and validate one rule set file (not cached)."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise RuleSetError(f"{path}: cannot be read ({error.strerror})") from error
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise RuleSetError(f"{path}: not valid TOML: {error}") from error
    ruleset = _Reader(str(path)).ruleset(data)
    if ruleset.id != path.stem:
        raise RuleSetError(f"{path}: id {ruleset.id!r} does not match the file name")
    return ruleset


class _Reader:
    """Typed access to the parsed TOML that reports problems as '<file>: [table] key: problem'."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, problem: str) -> RuleSetError:
        return RuleSetError(f"{self.source}: {where}: {problem}")

    def keys(
        self,
        table: Mapping[str, Any],
        where: str,
        required: set[str],
        optional: frozenset[str] | set[str] = frozenset(),
    ) -> None:
        missing = sorted(required - table.keys())
        if missing:
            raise self.fail(where, f"missing key(s) {', '.join(missing)}")
        unknown = sorted(table.keys() - required - optional)
        if unknown:
            raise self.fail(where, f"unknown key(s) {', '.join(unknown)}")

    def table(self, table: Mapping[str, Any], key: str, where: str) -> Mapping[str, Any]:
        value = table[key]
        if not isinstance(value, dict):
            raise self.fail(where, f"{key} must be a table")
        return value

    def text(self, table: Mapping[str, Any], key: str, where: str) -> str:
        value = table[key]
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, f"{key} must be a non-empty string")
        return value.strip()

    def integer(self, table: Mapping[str, Any], key: str, where: str, minimum: int = 0) -> int:
        value = table[key]
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(where, f"{key} must be a whole number, not {value!r}")
        if value < minimum:
            raise self.fail(where, f"{key} must be at least {minimum}, not {value}")
        return value

    def share(
        self, table: Mapping[str, Any], key: str, where: str, allow_zero: bool = False
    ) -> Fraction:
        value = table[key]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(where, f"{key} must be a number, not {value!r}")
        share = Fraction(str(value))
        if not (0 <= share <= 1) or (share == 0 and not allow_zero):
            interval = "[0, 1]" if allow_zero else "(0, 1]"
            raise self.fail(where, f"{key} must be a share in {interval}, not {value}")
        return share

    def day(self, table: Mapping[str, Any], key: str, where: str) -> date:
        value = table[key]
        if type(value) is not date:
            raise self.fail(where, f"{key} must be a date (YYYY-MM-DD), not {value!r}")
        return value

    def codes(
        self,
        table: Mapping[str, Any],
        key: str,
        where: str,
        known: tuple[str, ...],
        empty: bool = False,
    ) -> frozenset[str]:
        value = table[key]
        if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
            raise self.fail(where, f"{key} must be a list of strings")
        unknown = [code for code in value if code not in known]
        if unknown:
            raise self.fail(where, f"{key}: unknown code(s) {', '.join(unknown)}; known: {known}")
        if len(set(value)) != len(value):
            raise self.fail(where, f"{key} lists a code twice")
        if not value and not empty:
            raise self.fail(where, f"{key} must not be empty")
        return frozenset(value)

    def titles(self, data: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
        if "titles" not in data:
            return ()
        titles = self.table(data, "titles", "top level")
        self.keys(titles, "[titles]", set(), TITLE_LANGUAGES)
        return tuple((lang, self.text(titles, lang, "[titles]")) for lang in sorted(titles))

    def ruleset(self, data: Mapping[str, Any]) -> RuleSet:
        tables = {"npv", "cofinancing", "council", "project_model", "own_funding"}
        self.keys(
            data,
            "top level",
            {"id", "title", "source", "valid_from", *tables},
            {"valid_to", "titles"},
        )
        ruleset_id = self.text(data, "id", "top level")
        if not _ID_PATTERN.fullmatch(ruleset_id):
            raise self.fail("top level", f"id {ruleset_id!r} must be lower-case letters, digits, -")
        valid_from = self.day(data, "valid_from", "top level")
        valid_to = self.day(data, "valid_to", "top level") if "valid_to" in data else None
        if valid_to is not None and valid_to < valid_from:
            raise self.fail("top level", "valid_to is before valid_from")
        npv = self.table(data, "npv", "top level")
        self.keys(npv, "[npv]", {"discount_rate", "analysis_years"})
        project_model = self.table(data, "project_model", "top level")
        self.keys(project_model, "[project_model]", {"above"})
        own_funding = self.table(data, "own_funding", "top level")
        self.keys(own_funding, "[own_funding]", {"below"})
        ruleset = RuleSet(
            id=ruleset_id,
            title=self.text(data, "title", "top level"),
            titles=self.titles(data),
            source=self.text(data, "source", "top level"),
            valid_from=valid_from,
            valid_to=valid_to,
            discount_rate=self.share(npv, "discount_rate", "[npv]", allow_zero=True),
            analysis_years=self.integer(npv, "analysis_years", "[npv]", minimum=1),
            cofinancing=self.cofinancing(self.table(data, "cofinancing", "top level")),
            council=self.council(self.table(data, "council", "top level")),
            project_model_above=self.integer(project_model, "above", "[project_model]"),
            own_funding_below=self.integer(own_funding, "below", "[own_funding]"),
        )
        if ruleset.council.max > ruleset.project_model_above:
            raise self.fail(
                "[council]", "max is above [project_model] above: a project would get both"
            )
        return ruleset

    def cofinancing(self, table: Mapping[str, Any]) -> CofinancingRules:
        where = "[cofinancing]"
        required = {"legal_forms", "eligible_phases", "not_yet_phases", "budget_cut_share", "bands"}
        self.keys(table, where, required, {"ks_statement_required"})
        ks_statement_required = table.get("ks_statement_required", False)
        if not isinstance(ks_statement_required, bool):
            raise self.fail(where, "ks_statement_required must be true or false")
        eligible = self.codes(table, "eligible_phases", where, PHASES)
        not_yet = self.codes(table, "not_yet_phases", where, PHASES, empty=True)
        if eligible & not_yet:
            raise self.fail(where, "a phase is both in eligible_phases and in not_yet_phases")
        bands = table["bands"]
        if not isinstance(bands, list) or not bands:
            raise self.fail(
                where, "bands must be a non-empty array of tables ([[cofinancing.bands]])"
            )
        parsed = tuple(self.band(band, number) for number, band in enumerate(bands, start=1))
        categories = [band.category for band in parsed if band.category is not None]
        if len(set(categories)) != len(categories):
            raise self.fail(where, "two bands have the same category")
        return CofinancingRules(
            bands=parsed,
            legal_forms=self.codes(table, "legal_forms", where, LEGAL_FORMS),
            eligible_phases=eligible,
            not_yet_phases=not_yet,
            budget_cut_share=self.share(table, "budget_cut_share", where, allow_zero=True),
            ks_statement_required=ks_statement_required,
        )

    def band(self, table: Any, number: int) -> CofinancingBand:
        where = f"[[cofinancing.bands]] number {number}"
        if not isinstance(table, dict):
            raise self.fail(where, "must be a table")
        self.keys(table, where, {"min", "max", "share"}, {"cap", "category", "cross_sector_only"})
        low, high = self.integer(table, "min", where), self.integer(table, "max", where)
        if low > high:
            raise self.fail(where, f"min ({low}) is greater than max ({high})")
        cross_sector_only = table.get("cross_sector_only", False)
        if not isinstance(cross_sector_only, bool):
            raise self.fail(where, "cross_sector_only must be true or false")
        return CofinancingBand(
            min=low,
            max=high,
            share=self.share(table, "share", where),
            cap=self.integer(table, "cap", where, minimum=1) if "cap" in table else None,
            category=self.integer(table, "category", where, 1) if "category" in table else None,
            cross_sector_only=cross_sector_only,
        )

    def council(self, table: Mapping[str, Any]) -> CouncilRules:
        where = "[council]"
        self.keys(table, where, {"min", "max", "legal_forms", "stages"})
        low, high = self.integer(table, "min", where), self.integer(table, "max", where)
        if low > high:
            raise self.fail(where, f"min ({low}) is greater than max ({high})")
        stages = self.table(table, "stages", where)
        if not stages:
            raise self.fail("[council.stages]", "must name at least one phase")
        for phase, stage in stages.items():
            if phase not in PHASES:
                raise self.fail("[council.stages]", f"unknown phase {phase!r}; known: {PHASES}")
            if stage not in STAGES:
                raise self.fail("[council.stages]", f"unknown stage {stage!r}; known: {STAGES}")
        return CouncilRules(
            min=low,
            max=high,
            legal_forms=self.codes(table, "legal_forms", where, LEGAL_FORMS),
            stages=tuple((phase, stages[phase]) for phase in PHASES if phase in stages),
        )
