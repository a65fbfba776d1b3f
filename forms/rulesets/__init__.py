"""Rule sets as data: one TOML file per rule set, loaded into frozen dataclasses and validated.

A rule set holds every threshold the routing uses; the code holds none. Loading checks the file
thoroughly (unknown or missing keys, wrong types, bands the wrong way round, codes outside the
data dictionary, an id that does not match the file name) and raises :class:`RuleSetError`
naming the file and the problem, so a broken rule set fails at start-up, not in front of a user.

Rule sets ship in this directory; ``extra_dir`` adds another directory, so a new rule set can
be introduced as data alone.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
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
# The steps every council case goes through, whatever the project's phase (DOMAIN.md §3).
COUNCIL_STEPS = ("preparation", "project_review", "follow_up")
SCHEMES = ("cofinancing", "council", "project_model", "own_funding")
# The schemes an applicant can choose after routing; the others are referrals.
CHOOSABLE_SCHEMES = ("cofinancing", "council")
CROSS_SECTOR_VALUES = ("yes", "no")
# What the total cost is: an early estimate, the expected cost (P50), the cost frame (P85), or
# no estimate yet (only the council takes such a project, and only where the rule set says so).
ESTIMATE_KINDS = ("early", "p50", "p85", "none")
# The grounds that open co-financing category 2 (DOMAIN.md §2); "none" opens only category 1.
CATEGORY_BASES = ("seamless_services", "shared_solution", "none")
OTHER_LIFE_EVENT = "other"
PROJECT_MODEL_BASES = ("total", "p85")
# Who gets a benefit, in the order the year table shows them (DOMAIN.md §6).
BENEFIT_KINDS = (
    "agency_budget",
    "agency_capacity",
    "other_state",
    "municipalities",
    "citizens_businesses",
)

DEFAULT_RULESET_ID = "digdir-10-100"
BUILTIN_DIR = Path(__file__).resolve().parent

_ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


TITLE_LANGUAGES = frozenset({"nb", "nn", "en"})


# The agencies that have run the schemes' secretariats (Digdir took over from Difi in 2020).
SECRETARIATS = ("difi", "digdir")


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
    # Only for a cross-cutting measure for seamless services or a shared solution (category 2).
    requires_basis: bool = False

    def in_range(self, total_cost: int) -> bool:
        return self.min <= total_cost <= self.max

    def covers(self, total_cost: int, has_basis: bool) -> bool:
        """True when the cost is inside the band (both ends included) and the project may use it."""
        return self.in_range(total_cost) and (has_basis or not self.requires_basis)

    def max_grant(self, total_cost: int) -> int:
        """The largest grant in whole kroner: the share of the cost, never above the cap."""
        limit = self.share * total_cost
        if self.cap is not None:
            limit = min(limit, Fraction(self.cap))
        return floor(limit)


@dataclass(frozen=True)
class LifeEvent:
    """One of the digitalisation strategy's priority life events, named in each language."""

    code: str
    names: tuple[tuple[str, str], ...]  # (locale, name) pairs; "en" is always there

    def name_for(self, locale: str) -> str:
        names = dict(self.names)
        return names.get(locale, names["en"])


@dataclass(frozen=True)
class MonthDay:
    """A day that comes back every year, such as a reporting deadline (1 March)."""

    month: int
    day: int


@dataclass(frozen=True)
class ReportingDates:
    """When a granted project reports: every year, the forecast, and after the planned end."""

    annual_report: MonthDay  # on the year before, the following year
    forecast: MonthDay  # of this year's spending
    final_report: MonthDay  # in the year after the project's planned end


@dataclass(frozen=True)
class RankingMethod:
    """How the ranking weighs NPV per invested krone against the advisors' three scores."""

    # Per cent for NPV points and for the scores of benefits, gains and maturity (sum 100).
    weights: tuple[tuple[str, int], ...]
    # NPV per invested krone as points 1–5: (lower bound, points), highest bound first.
    npv_points: tuple[tuple[Decimal, int], ...]
    npv_points_below: int
    # False: the sources name the criteria but not the weights; the page says so.
    from_sources: bool

    @property
    def weight(self) -> dict[str, int]:
        return dict(self.weights)

    @property
    def signature(self) -> str:
        """Changes whenever the ranking it gives could: stored places keep it."""
        points = ",".join(f"{bound}:{value}" for bound, value in self.npv_points)
        weights = ",".join(f"{name}:{value}" for name, value in self.weights)
        described = f"{weights};{points};{self.npv_points_below}"
        return hashlib.sha256(described.encode()).hexdigest()[:16]


RANKED_ON = ("npv", "benefits", "gains", "maturity")


@dataclass(frozen=True)
class CofinancingRules:
    bands: tuple[CofinancingBand, ...]
    legal_forms: frozenset[str]
    eligible_phases: frozenset[str]
    not_yet_phases: frozenset[str]
    budget_cut_share: Fraction
    # The benefits that count as the agency's own gains, of which the share above is cut.
    budget_cut_benefits: frozenset[str]
    # A measure that concerns municipalities must come with a statement from KS.
    ks_statement_required: bool = False
    # The priority life events, where the rule set has a category that needs a basis.
    life_events: tuple[LifeEvent, ...] = ()
    # The grant is paid over at most this many budget years; the project may last at most
    # max_project_years calendar years (None: the rule set sets no limit).
    max_grant_years: int | None = None
    max_project_years: int | None = None
    # The grant must be what makes the project happen (utløysande).
    must_be_decisive: bool = False
    # The reports a granted project owes (None: the rule set does not say).
    reporting: ReportingDates | None = None
    # How applications in a call are ranked (None: a call cannot use this rule set).
    ranking: RankingMethod | None = None

    @property
    def has_categories(self) -> bool:
        return any(band.requires_basis for band in self.bands)

    def life_event(self, code: str) -> LifeEvent | None:
        return next((event for event in self.life_events if event.code == code), None)


@dataclass(frozen=True)
class CouncilRules:
    """The council serves every phase (DOMAIN.md §3); a band applies only where the rule set
    has one, and a project with no estimate yet may come where ``no_estimate`` says so."""

    legal_forms: frozenset[str]
    min: int | None = None
    max: int | None = None
    no_estimate: bool = False

    def in_band(self, total_cost: int) -> bool:
        return (self.min is None or total_cost >= self.min) and (
            self.max is None or total_cost <= self.max
        )


@dataclass(frozen=True)
class RuleSet:
    id: str
    title: str
    source: str
    valid_from: date | None  # None: the sources give no start date
    valid_to: date | None
    discount_rate: Fraction
    analysis_years: int
    # Share of the net effect on public budgets counted as a cost (skattefinansieringskostnad).
    tax_financing_share: Fraction
    # The benefits that are savings in public budgets, so they lower that net effect.
    budget_saving_benefits: frozenset[str]
    cofinancing: CofinancingRules
    council: CouncilRules
    project_model_above: int
    own_funding_below: int
    # The title in other languages, as (locale, title) pairs; `title` is the English one.
    titles: tuple[tuple[str, str], ...] = ()
    # "p85": the project-model threshold is on the P85 cost frame (from 21 September 2019);
    # "total": on the total cost as given.
    project_model_basis: str = "total"
    # Ask for the P85 figure when only a P50 is given at or above this total cost.
    ask_p85_from: int | None = None
    # The rule set that replaced this one, where the sources give no end date.
    superseded_by: str | None = None
    # Who ran the schemes' secretariats under these rules: Difi until 2019, Digdir since 2020.
    secretariat: str = "digdir"

    def title_for(self, locale: str) -> str:
        """The title in `locale` when the rule set gives one, else the English title."""
        return dict(self.titles).get(locale, self.title)

    def is_expired(self, today: date) -> bool:
        """True once the rule set's last day of validity has passed, or another replaced it."""
        return self.superseded_by is not None or (
            self.valid_to is not None and today > self.valid_to
        )


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
            {"id", "title", "source", *tables},
            {"valid_from", "valid_to", "titles", "superseded_by", "secretariat"},
        )
        ruleset_id = self.text(data, "id", "top level")
        if not _ID_PATTERN.fullmatch(ruleset_id):
            raise self.fail("top level", f"id {ruleset_id!r} must be lower-case letters, digits, -")
        valid_from = self.day(data, "valid_from", "top level") if "valid_from" in data else None
        valid_to = self.day(data, "valid_to", "top level") if "valid_to" in data else None
        if valid_to is not None and valid_from is not None and valid_to < valid_from:
            raise self.fail("top level", "valid_to is before valid_from")
        npv = self.table(data, "npv", "top level")
        self.keys(
            npv,
            "[npv]",
            {"discount_rate", "analysis_years", "tax_financing_share", "budget_saving_benefits"},
        )
        project_model = self.table(data, "project_model", "top level")
        self.keys(project_model, "[project_model]", {"above"}, {"basis", "ask_p85_from"})
        basis = project_model.get("basis", "total")
        if basis not in PROJECT_MODEL_BASES:
            raise self.fail("[project_model]", f"basis must be one of {PROJECT_MODEL_BASES}")
        ask_p85_from = (
            self.integer(project_model, "ask_p85_from", "[project_model]", minimum=1)
            if "ask_p85_from" in project_model
            else None
        )
        if ask_p85_from is not None and basis != "p85":
            raise self.fail("[project_model]", 'ask_p85_from needs basis = "p85"')
        own_funding = self.table(data, "own_funding", "top level")
        self.keys(own_funding, "[own_funding]", {"below"})
        secretariat = data.get("secretariat", "digdir")
        if secretariat not in SECRETARIATS:
            raise self.fail("top level", f"secretariat must be one of {SECRETARIATS}")
        ruleset = RuleSet(
            id=ruleset_id,
            title=self.text(data, "title", "top level"),
            titles=self.titles(data),
            source=self.text(data, "source", "top level"),
            valid_from=valid_from,
            valid_to=valid_to,
            discount_rate=self.share(npv, "discount_rate", "[npv]", allow_zero=True),
            analysis_years=self.integer(npv, "analysis_years", "[npv]", minimum=1),
            tax_financing_share=self.share(npv, "tax_financing_share", "[npv]", allow_zero=True),
            budget_saving_benefits=self.codes(
                npv, "budget_saving_benefits", "[npv]", BENEFIT_KINDS, empty=True
            ),
            cofinancing=self.cofinancing(self.table(data, "cofinancing", "top level")),
            council=self.council(self.table(data, "council", "top level")),
            project_model_above=self.integer(project_model, "above", "[project_model]"),
            own_funding_below=self.integer(own_funding, "below", "[own_funding]"),
            project_model_basis=basis,
            ask_p85_from=ask_p85_from,
            superseded_by=self.text(data, "superseded_by", "top level")
            if "superseded_by" in data
            else None,
            secretariat=secretariat,
        )
        if ruleset.council.max is not None and ruleset.council.max > ruleset.project_model_above:
            raise self.fail(
                "[council]", "max is above [project_model] above: a project would get both"
            )
        return ruleset

    def cofinancing(self, table: Mapping[str, Any]) -> CofinancingRules:
        where = "[cofinancing]"
        required = {
            "legal_forms",
            "eligible_phases",
            "not_yet_phases",
            "budget_cut_share",
            "budget_cut_benefits",
            "bands",
        }
        optional = {
            "life_events",
            "max_grant_years",
            "max_project_years",
            "must_be_decisive",
            "ks_statement_required",
            "reporting",
            "ranking",
        }
        self.keys(table, where, required, optional)
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
        life_events = self.life_events(table.get("life_events", []))
        if any(band.requires_basis for band in parsed) != bool(life_events):
            raise self.fail(where, "life_events go with a band that requires_basis, and only then")
        decisive = table.get("must_be_decisive", False)
        if not isinstance(decisive, bool):
            raise self.fail(where, "must_be_decisive must be true or false")
        return CofinancingRules(
            bands=parsed,
            legal_forms=self.codes(table, "legal_forms", where, LEGAL_FORMS),
            eligible_phases=eligible,
            not_yet_phases=not_yet,
            budget_cut_share=self.share(table, "budget_cut_share", where, allow_zero=True),
            budget_cut_benefits=self.codes(
                table, "budget_cut_benefits", where, BENEFIT_KINDS, empty=True
            ),
            ks_statement_required=ks_statement_required,
            life_events=life_events,
            max_grant_years=self.optional_integer(table, "max_grant_years", where),
            max_project_years=self.optional_integer(table, "max_project_years", where),
            must_be_decisive=decisive,
            reporting=self.reporting(table["reporting"]) if "reporting" in table else None,
            ranking=self.ranking(table["ranking"]) if "ranking" in table else None,
        )

    def ranking(self, table: Any) -> RankingMethod:
        where = "[cofinancing.ranking]"
        if not isinstance(table, Mapping):
            raise self.fail(where, "must be a table")
        self.keys(
            table, where, {"from_sources", "weights", "npv_points", "npv_points_below"}, set()
        )
        if not isinstance(table["from_sources"], bool):
            raise self.fail(where, "from_sources must be true or false")
        weights = table["weights"]
        if not isinstance(weights, Mapping) or set(weights) != set(RANKED_ON):
            raise self.fail(where, f"weights must give {', '.join(RANKED_ON)}, each once")
        parsed = tuple((name, self.integer(weights, name, where)) for name in RANKED_ON)
        if sum(weight for _, weight in parsed) != 100:
            raise self.fail(where, "weights must add up to 100")
        points = table["npv_points"]
        if not isinstance(points, list) or not points:
            raise self.fail(where, "npv_points must be a non-empty array of [bound, points]")
        steps: list[tuple[Decimal, int]] = []
        for step in points:
            if (
                not isinstance(step, list)
                or len(step) != 2
                or not all(isinstance(x, int | float) and not isinstance(x, bool) for x in step)
                or not isinstance(step[1], int)
                or not 1 <= step[1] <= 5
            ):
                raise self.fail(where, "each of npv_points must be [bound, points 1–5]")
            steps.append((Decimal(str(step[0])), step[1]))
        if [bound for bound, _ in steps] != sorted({b for b, _ in steps}, reverse=True):
            raise self.fail(where, "npv_points must go from the highest bound down, each once")
        below = self.integer(table, "npv_points_below", where, minimum=1)
        if below > min(p for _, p in steps):
            raise self.fail(where, "npv_points_below must not be more than the lowest step")
        return RankingMethod(
            weights=parsed,
            npv_points=tuple(steps),
            npv_points_below=below,
            from_sources=table["from_sources"],
        )

    def reporting(self, table: Any) -> ReportingDates:
        where = "[cofinancing.reporting]"
        if not isinstance(table, Mapping):
            raise self.fail(where, "must be a table")
        keys = {"annual_report", "forecast", "final_report"}
        self.keys(table, where, keys, set())
        return ReportingDates(**{key: self.month_day(table, key, where) for key in sorted(keys)})

    def month_day(self, table: Mapping[str, Any], key: str, where: str) -> MonthDay:
        """A "MM-DD" string: a day of the year, valid in every year (no 29 February)."""
        raw = self.text(table, key, where)
        month, _, day = raw.partition("-")
        problem = self.fail(where, f"{key} must be a day of the year as MM-DD, not {raw!r}")
        if not re.fullmatch(r"[0-9]{2}-[0-9]{2}", raw):
            raise problem
        try:
            date(2001, int(month), int(day))  # 2001 has no 29 February, as most years
        except ValueError:
            raise problem from None
        return MonthDay(int(month), int(day))

    def optional_integer(self, table: Mapping[str, Any], key: str, where: str) -> int | None:
        return self.integer(table, key, where, minimum=1) if key in table else None

    def life_events(self, events: Any) -> tuple[LifeEvent, ...]:
        where = "[[cofinancing.life_events]]"
        if not isinstance(events, list):
            raise self.fail(where, "must be an array of tables")
        parsed: list[LifeEvent] = []
        for number, event in enumerate(events, start=1):
            here = f"{where} number {number}"
            if not isinstance(event, dict):
                raise self.fail(here, "must be a table")
            self.keys(event, here, {"code", "en"}, TITLE_LANGUAGES - {"en"})
            code = self.text(event, "code", here)
            if not _ID_PATTERN.fullmatch(code.replace("_", "-")) or code == OTHER_LIFE_EVENT:
                raise self.fail(here, f"code {code!r} must be lower-case words and not 'other'")
            names = tuple(
                (lang, self.text(event, lang, here)) for lang in sorted(event) if lang != "code"
            )
            parsed.append(LifeEvent(code, names))
        if len({event.code for event in parsed}) != len(parsed):
            raise self.fail(where, "two life events have the same code")
        return tuple(parsed)

    def band(self, table: Any, number: int) -> CofinancingBand:
        where = f"[[cofinancing.bands]] number {number}"
        if not isinstance(table, dict):
            raise self.fail(where, "must be a table")
        self.keys(table, where, {"min", "max", "share"}, {"cap", "category", "requires_basis"})
        low, high = self.integer(table, "min", where), self.integer(table, "max", where)
        if low > high:
            raise self.fail(where, f"min ({low}) is greater than max ({high})")
        requires_basis = table.get("requires_basis", False)
        if not isinstance(requires_basis, bool):
            raise self.fail(where, "requires_basis must be true or false")
        return CofinancingBand(
            min=low,
            max=high,
            share=self.share(table, "share", where),
            cap=self.integer(table, "cap", where, minimum=1) if "cap" in table else None,
            category=self.integer(table, "category", where, 1) if "category" in table else None,
            requires_basis=requires_basis,
        )

    def council(self, table: Mapping[str, Any]) -> CouncilRules:
        where = "[council]"
        self.keys(table, where, {"legal_forms"}, {"min", "max", "no_estimate"})
        low = self.integer(table, "min", where) if "min" in table else None
        high = self.integer(table, "max", where) if "max" in table else None
        if low is not None and high is not None and low > high:
            raise self.fail(where, f"min ({low}) is greater than max ({high})")
        no_estimate = table.get("no_estimate", False)
        if not isinstance(no_estimate, bool):
            raise self.fail(where, "no_estimate must be true or false")
        return CouncilRules(
            legal_forms=self.codes(table, "legal_forms", where, LEGAL_FORMS),
            min=low,
            max=high,
            no_estimate=no_estimate,
        )
