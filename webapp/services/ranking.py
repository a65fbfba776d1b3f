"""The ranking of a call's co-financing applications (trinn 1, DOMAIN.md §2), computed in SQL.

Each application in a call has a :class:`RankingEntry`: the formal requirements (prefilled
from the answers, ticked by an advisor), NPV per invested krone (copied from the answers' figures
when it joined the call), the advisor's three scores, the lead advisor's proposed amount and any
override of the place. One statement with window functions (:func:`ranked`) gives every row its
weighted rank, its place (the override wins), and the cumulative proposed amount in place order.
:func:`refresh` stores those on the entries in the transaction of every change, under a lock
on the call, so a page of 10 000 applications reads one page of rows by an index.

Only applications that meet every formal requirement count towards the pot.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import Integer, and_, case, cast, func, or_, select, update
from sqlalchemy.sql.elements import ColumnElement

from forms import attachments as attachment_rules
from forms.npv import npv_per_invested_krone
from forms.routing import grant_ceiling
from forms.rulesets import RankingMethod, RuleSet, load_ruleset
from forms.text import N_

from ..extensions import db
from ..models import Advisor, Application, Call, RankingEntry, utcnow
from . import audit
from .queue import MAX_SEARCH_LENGTH, casefold

PER_PAGE = 50
NPV_DECIMALS = Decimal("0.000001")

# The advisor's scores: whole points on one scale, stated on the page.
SCORE_MIN, SCORE_MAX = 1, 5
SCORE_LABELS = {
    1: N_("1 – weak"),
    2: N_("2 – below what is expected"),
    3: N_("3 – as expected"),
    4: N_("4 – good"),
    5: N_("5 – very good"),
}
SCORES = ("benefits", "gains", "maturity")
SCORE_NAMES = {
    "benefits": N_("Non-priced benefits"),
    "gains": N_("Realisation of internal gains"),
    "maturity": N_("Maturity"),
}
# The weights and the NPV points come from the call's rule set ([cofinancing.ranking]); no
# NPV figure (nothing invested, no year table) is 0 points whatever the rule set.

# Audit actions of the ranking (shown in the application's history).
ASSESSED = "ranking_assessed"
AMOUNT_PROPOSED = "amount_proposed"
RANK_OVERRIDDEN = "rank_overridden"
OVERRIDE_REMOVED = "rank_override_removed"
ACTIONS = (ASSESSED, AMOUNT_PROPOSED, RANK_OVERRIDDEN, OVERRIDE_REMOVED)

REQUIREMENTS = ("eligible_applicant", "cost_band", "phase", "attachments", "ks_statement")
REQUIREMENT_LABELS = {
    "eligible_applicant": N_("Eligible applicant"),
    "cost_band": N_("Total cost inside the cost band"),
    "phase": N_("Concept phase finished, execution not started"),
    "attachments": N_("Appendices 1 and 2 (the calculation) complete"),
    "ks_statement": N_("Statement from KS"),
}
COMMENT_LENGTH = 2_000
REASON_LENGTH = 1_000


class RankingRefused(Exception):
    """A change to the ranking that is not allowed; ``message`` is an English msgid."""

    def __init__(self, message: str, **values: Any) -> None:
        super().__init__(message % values if values else message)
        self.message = message
        self.values = values


# --- joining a call -------------------------------------------------------------------------


def prefilled_requirements(
    answers: Mapping[str, Any], ruleset: RuleSet, schemes: list[str]
) -> dict[str, bool]:
    """What the answers already tell about the formal requirements, under the call's rules."""
    rules = ruleset.cofinancing
    ks_needed = attachment_rules.ks_statement_required(answers, ruleset, schemes)
    attached = set(answers.get(attachment_rules.ATTACHED_KINDS_KEY) or ())
    return {
        "eligible_applicant": answers.get("legal_form") in rules.legal_forms,
        "cost_band": grant_ceiling(answers, ruleset) is not None,
        "phase": answers.get("phase") in rules.eligible_phases,
        "attachments": npv_per_invested_krone(answers, ruleset) is not None,
        "ks_statement_needed": ks_needed,
        "ks_statement": ks_needed and attachment_rules.KS_STATEMENT in attached,
    }


def _whole_kroner(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def enter(application: Application, call_ruleset: RuleSet) -> RankingEntry:
    """Give the application its ranking entry (once): figures from the answers, requirements
    prefilled, and the proposed amount set to the amount requested, at most the ceiling."""
    entry = db.session.get(RankingEntry, application.id)
    if entry is not None:
        return entry
    answers = application.answers or {}
    own_ruleset = load_ruleset(application.ruleset_id)
    ratio = npv_per_invested_krone(answers, own_ruleset)
    requested = _whole_kroner(answers.get("requested_amount"))
    ceiling = grant_ceiling(answers, call_ruleset)
    proposed = requested if ceiling is None or requested is None else min(requested, ceiling)
    entry = RankingEntry(
        application_id=application.id,
        call_id=application.call_id,
        npv_per_krone=None
        if ratio is None
        else (Decimal(ratio.numerator) / Decimal(ratio.denominator)).quantize(
            NPV_DECIMALS, rounding=ROUND_HALF_UP
        ),
        requested_amount=requested,
        grant_ceiling=ceiling,
        proposed_amount=proposed,
        requirements_checked=False,
        **prefilled_requirements(answers, call_ruleset, application.scheme_list),
    )
    db.session.add(entry)
    return entry


def entry_for(call: Call, reference: str) -> tuple[Application, RankingEntry] | None:
    row = db.session.execute(
        select(Application, RankingEntry)
        .join(RankingEntry, RankingEntry.application_id == Application.id)
        .where(Application.call_id == call.id, Application.reference == reference)
    ).first()
    return None if row is None else (row[0], row[1])


# --- the advisor's and the lead advisor's changes ------------------------------------------


@dataclass(frozen=True)
class Assessment:
    """The ticks, scores and comments an advisor saves for one application."""

    eligible_applicant: bool
    cost_band: bool
    phase: bool
    attachments: bool
    ks_statement: bool
    benefits_score: int | None
    benefits_comment: str | None
    gains_score: int | None
    gains_comment: str | None
    maturity_score: int | None
    maturity_comment: str | None

    @classmethod
    def of(cls, entry: RankingEntry) -> Assessment:
        return cls(**{name: getattr(entry, name) for name in cls.__dataclass_fields__})


def save_assessment(
    application: Application, entry: RankingEntry, assessment: Assessment, advisor: Advisor
) -> bool:
    """Store the advisor's ticks and scores; every save is audited. Says whether it changed."""
    for name in SCORES:
        score = getattr(assessment, f"{name}_score")
        if score is not None and not SCORE_MIN <= score <= SCORE_MAX:
            raise RankingRefused(N_("A score is a whole number from 1 to 5."))
    if not entry.ks_statement_needed:
        assessment = replace(assessment, ks_statement=False)
    before = Assessment.of(entry)
    changed = [
        name
        for name in assessment.__dataclass_fields__
        if getattr(before, name) != getattr(assessment, name)
    ]
    first_check = not entry.requirements_checked
    if not changed and not first_check:
        return False
    for name in changed:
        setattr(entry, name, getattr(assessment, name))
    entry.requirements_checked = True
    entry.assessed_by_id = advisor.id
    entry.updated_at = utcnow()
    refresh_for(application)
    audit.record(
        application,
        ASSESSED,
        advisor,
        detail={
            "fields": changed,
            **{f"{name}_score": getattr(assessment, f"{name}_score") for name in SCORES},
            "requirements_met": _met(assessment, entry.ks_statement_needed),
        },
    )
    return True


def _met(assessment: Assessment, ks_needed: bool) -> bool:
    return (
        assessment.eligible_applicant
        and assessment.cost_band
        and assessment.phase
        and assessment.attachments
        and (assessment.ks_statement or not ks_needed)
    )


def _require_lead(advisor: Advisor) -> None:
    if not advisor.is_lead:
        raise RankingRefused(N_("Only lead advisors can do this."))


def propose_amount(
    application: Application, entry: RankingEntry, amount: int, advisor: Advisor
) -> bool:
    """The lead advisor's proposed amount: at most the amount requested and the ceiling."""
    _require_lead(advisor)
    if amount < 0:
        raise RankingRefused(N_("The amount cannot be negative."))
    if entry.grant_ceiling is not None and amount > entry.grant_ceiling:
        raise RankingRefused(
            N_("The amount is above the largest grant the rules allow, %(ceiling)s."),
            ceiling=entry.grant_ceiling,
        )
    if entry.requested_amount is not None and amount > entry.requested_amount:
        raise RankingRefused(
            N_("The amount is above the amount requested, %(requested)s."),
            requested=entry.requested_amount,
        )
    if amount == entry.proposed_amount:
        return False
    audit.record(
        application,
        AMOUNT_PROPOSED,
        advisor,
        detail={"from": entry.proposed_amount, "to": amount},
    )
    entry.proposed_amount = amount
    entry.updated_at = utcnow()
    refresh_for(application)
    return True


def override_rank(
    application: Application,
    entry: RankingEntry,
    place: int | None,
    reason: str,
    advisor: Advisor,
) -> bool:
    """Put the application at `place` whatever its weighted rank (a reason is required), or
    give it back its weighted rank (`place` None). Audited with the reason."""
    _require_lead(advisor)
    reason = reason.strip()
    if place is not None and place < 1:
        raise RankingRefused(N_("The place is a whole number from 1."))
    if place is not None and not reason:
        raise RankingRefused(N_("Give the reason for placing the application elsewhere."))
    if place == entry.rank_override and (place is None or reason == entry.override_reason):
        return False
    if place is None:
        audit.record(
            application,
            OVERRIDE_REMOVED,
            advisor,
            detail={"from": entry.rank_override},
            note=reason or None,
        )
        entry.rank_override, entry.override_reason = None, None
    else:
        audit.record(
            application,
            RANK_OVERRIDDEN,
            advisor,
            detail={"from": entry.rank_override, "to": place},
            note=reason,
        )
        entry.rank_override, entry.override_reason = place, reason
    entry.updated_at = utcnow()
    refresh_for(application)
    return True


# --- the ranking, in SQL ---------------------------------------------------------------------


def requirements_met_expression() -> ColumnElement[bool]:
    return and_(
        RankingEntry.eligible_applicant,
        RankingEntry.cost_band,
        RankingEntry.phase,
        RankingEntry.attachments,
        or_(RankingEntry.ks_statement, ~RankingEntry.ks_statement_needed),
    )


def method_of(call: Call) -> RankingMethod:
    """The ranking method of the call's rule set."""
    method = load_ruleset(call.ruleset_id).cofinancing.ranking
    if method is None:
        raise LookupError(f"the rule set {call.ruleset_id} gives no [cofinancing.ranking]")
    return method


def npv_points_expression(method: RankingMethod) -> ColumnElement[int]:
    ratio = RankingEntry.npv_per_krone
    return case(
        (ratio.is_(None), 0),
        *((ratio >= bound, points) for bound, points in method.npv_points),
        else_=method.npv_points_below,
    )


def weighted_expression(method: RankingMethod) -> ColumnElement[int]:
    """The weighted score in hundredths of a point (0–500), from the points and the weights."""
    weight = method.weight
    return cast(
        weight["npv"] * npv_points_expression(method)
        + weight["benefits"] * func.coalesce(RankingEntry.benefits_score, 0)
        + weight["gains"] * func.coalesce(RankingEntry.gains_score, 0)
        + weight["maturity"] * func.coalesce(RankingEntry.maturity_score, 0),
        Integer,
    )


def _row_columns() -> tuple[Any, ...]:
    """The columns every ranking row shows, from the application and its entry."""
    return (
        Application.id.label("application_id"),
        Application.reference,
        Application.agency_name,
        Application.project_title,
        Application.submitted_at,
        RankingEntry.npv_per_krone,
        RankingEntry.benefits_score,
        RankingEntry.gains_score,
        RankingEntry.maturity_score,
        RankingEntry.requested_amount,
        RankingEntry.proposed_amount,
        RankingEntry.grant_ceiling,
        RankingEntry.rank_override,
        RankingEntry.override_reason,
        RankingEntry.requirements_checked,
    )


def ranked(call: Call):
    """A subquery of the call's applications with their place and cumulative amount."""
    met = requirements_met_expression()
    weighted = weighted_expression(method_of(call))
    base = (
        select(
            *_row_columns(),
            case((met, 1), else_=0).label("met"),
            weighted.label("weighted"),
            func.row_number()
            .over(
                order_by=(
                    case((met, 0), else_=1),
                    weighted.desc(),
                    RankingEntry.npv_per_krone.desc().nulls_last(),
                    Application.submitted_at.asc(),
                    Application.id.asc(),
                )
            )
            .label("weighted_rank"),
        )
        .join(RankingEntry, RankingEntry.application_id == Application.id)
        .where(Application.call_id == call.id)
        .subquery("base")
    )
    placed = select(
        base,
        func.row_number()
        .over(
            order_by=(
                func.coalesce(base.c.rank_override, base.c.weighted_rank),
                case((base.c.rank_override.is_(None), 1), else_=0),
                base.c.weighted_rank,
            )
        )
        .label("place"),
    ).subquery("placed")
    counted = case((placed.c.met == 1, func.coalesce(placed.c.proposed_amount, 0)), else_=0)
    return select(
        placed,
        func.sum(counted).over(order_by=placed.c.place, rows=(None, 0)).label("cumulative"),
    ).subquery("ranked")


def _lock(call_id: int) -> None:
    # One change to a call's ranking at a time: the places are computed from every entry, so
    # two at once could each store places that miss the other's change (PostgreSQL locks the
    # call's row; SQLite has one writer).
    db.session.execute(select(Call.id).where(Call.id == call_id).with_for_update())


def refresh(call: Call) -> None:
    """Store every entry's weighted score, rank, place and cumulative amount (flushes)."""
    _lock(call.id)
    db.session.flush()
    live = ranked(call)
    db.session.execute(
        update(RankingEntry)
        .where(RankingEntry.application_id == live.c.application_id)
        .values(
            call_id=call.id,
            weighted=live.c.weighted,
            weighted_rank=live.c.weighted_rank,
            place=live.c.place,
            cumulative=live.c.cumulative,
            counted=live.c.met == 1,
        )
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(Call).where(Call.id == call.id).values(ranked_with=method_of(call).signature)
    )
    db.session.expire_all()


def refresh_for(application: Application) -> None:
    call = application.call or (
        db.session.get(Call, application.call_id) if application.call_id else None
    )
    if call is not None:
        refresh(call)


def ensure_places(call: Call) -> None:
    """Entries without a stored place (new, or from before places were stored) get theirs, and
    every entry again when the call's ranking method is not the one the places were computed
    with (the rule set's weights changed, or the call's rule set). Read by the (call_id,
    place) index: no scan when every place is there."""
    if call.ranked_with != method_of(call).signature:
        refresh(call)
        return
    missing = db.session.scalar(
        select(RankingEntry.application_id)
        .where(RankingEntry.call_id == call.id, RankingEntry.place.is_(None))
        .limit(1)
    )
    if missing is not None:
        refresh(call)


def stored(call: Call):
    """The call's applications with the places :func:`refresh` stored: the same columns as
    :func:`ranked`, read by an index instead of computed."""
    return (
        select(
            *_row_columns(),
            case((RankingEntry.counted, 1), else_=0).label("met"),
            RankingEntry.weighted,
            RankingEntry.weighted_rank,
            RankingEntry.place,
            RankingEntry.cumulative,
        )
        .join(Application, Application.id == RankingEntry.application_id)
        .where(RankingEntry.call_id == call.id)
        .subquery("stored")
    )


SORTS = ("place", "npv", "weighted", "requested", "proposed", "agency", "reference")
FIRST_DIRECTION = {
    "place": "asc",
    "npv": "desc",
    "weighted": "desc",
    "requested": "desc",
    "proposed": "desc",
    "agency": "asc",
    "reference": "asc",
}
REQUIREMENT_FILTERS = ("met", "not-met")
POT_FILTERS = ("within", "beyond")
SCORED_FILTERS = ("scored", "not-scored")


@dataclass(frozen=True)
class RankingQuery:
    """What the advisor asked the ranking for; built from the query string, always valid."""

    search: str = ""
    requirements: str = ""
    pot: str = ""
    scored: str = ""
    sort: str = "place"
    direction: str = "asc"
    page: int = 1

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> RankingQuery:
        sort = args.get("sort", cls.sort)
        sort = sort if sort in SORTS else cls.sort
        direction = args.get("direction", "")
        if direction not in ("asc", "desc"):
            direction = FIRST_DIRECTION[sort]
        page = str(args.get("page", ""))
        search = "".join(ch for ch in str(args.get("q", "")) if ch.isprintable())
        return cls(
            search=" ".join(search.split())[:MAX_SEARCH_LENGTH],
            requirements=_one_of(args.get("requirements"), REQUIREMENT_FILTERS),
            pot=_one_of(args.get("pot"), POT_FILTERS),
            scored=_one_of(args.get("scored"), SCORED_FILTERS),
            sort=sort,
            direction=direction,
            page=max(1, int(page)) if page.isascii() and page.isdigit() and len(page) <= 6 else 1,
        )

    def to_args(self, **changes: Any) -> dict[str, str | int]:
        query = replace(self, **changes)
        args: dict[str, str | int] = {
            "q": query.search,
            "requirements": query.requirements,
            "pot": query.pot,
            "scored": query.scored,
        }
        if query.sort != RankingQuery.sort or query.direction != RankingQuery.direction:
            args.update(sort=query.sort, direction=query.direction)
        if query.page != 1:
            args["page"] = query.page
        return {name: value for name, value in args.items() if value}

    def sorted_by(self, column: str) -> dict[str, str | int]:
        if column == self.sort:
            direction = "asc" if self.direction == "desc" else "desc"
        else:
            direction = FIRST_DIRECTION[column]
        return self.to_args(sort=column, direction=direction, page=1)

    @property
    def is_filtered(self) -> bool:
        return bool(self.search or self.requirements or self.pot or self.scored)


def _one_of(value: str | None, allowed: tuple[str, ...]) -> str:
    return value if value in allowed else ""


@dataclass(frozen=True)
class RankingRow:
    place: int
    weighted_rank: int
    reference: str
    agency_name: str | None
    project_title: str | None
    npv_per_krone: Decimal | None
    benefits_score: int | None
    gains_score: int | None
    maturity_score: int | None
    weighted: int  # hundredths of a point
    requirements_met: bool
    requirements_checked: bool
    requested_amount: int | None
    proposed_amount: int | None
    grant_ceiling: int | None
    cumulative: int
    within_pot: bool
    rank_override: int | None
    override_reason: str | None

    @property
    def weighted_score(self) -> Decimal:
        return Decimal(self.weighted) / 100

    @property
    def scored(self) -> bool:
        return None not in (self.benefits_score, self.gains_score, self.maturity_score)


@dataclass(frozen=True)
class PotSummary:
    """Where the pot runs out: the places it covers, what they take, and the first beyond."""

    pot: int
    applications: int
    requirements_met: int
    within: int
    within_amount: int
    first_beyond_place: int | None
    first_beyond_cumulative: int | None

    @property
    def remaining(self) -> int:
        return self.pot - self.within_amount


@dataclass(frozen=True)
class RankingPage:
    rows: list[RankingRow]
    total: int
    page: int
    per_page: int
    summary: PotSummary

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def first_number(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.total else 0

    @property
    def last_number(self) -> int:
        return self.first_number + len(self.rows) - 1 if self.rows else 0

    def page_numbers(self, around: int = 2) -> list[int | None]:
        wanted = {1, self.pages, *range(self.page - around, self.page + around + 1)}
        numbers: list[int | None] = []
        for number in sorted(n for n in wanted if 1 <= n <= self.pages):
            if numbers and number - (numbers[-1] or 0) > 1:
                numbers.append(None)
            numbers.append(number)
        return numbers


def _within(ranking, pot: int) -> ColumnElement[bool]:
    return and_(ranking.c.met == 1, ranking.c.cumulative <= pot)


def _conditions(ranking, query: RankingQuery, pot: int) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if query.requirements == "met":
        conditions.append(ranking.c.met == 1)
    elif query.requirements == "not-met":
        conditions.append(ranking.c.met == 0)
    if query.pot == "within":
        conditions.append(_within(ranking, pot))
    elif query.pot == "beyond":
        conditions.append(~_within(ranking, pot))
    all_scored = and_(
        ranking.c.benefits_score.is_not(None),
        ranking.c.gains_score.is_not(None),
        ranking.c.maturity_score.is_not(None),
    )
    if query.scored == "scored":
        conditions.append(all_scored)
    elif query.scored == "not-scored":
        conditions.append(~all_scored)
    if query.search:
        term = query.search.lower()
        conditions.append(
            casefold(ranking.c.agency_name).contains(term, autoescape=True)
            | casefold(ranking.c.project_title).contains(term, autoescape=True)
            | casefold(ranking.c.reference).contains(term, autoescape=True)
        )
    return conditions


def _sort_column(ranking, sort: str):
    return {
        "place": ranking.c.place,
        "npv": ranking.c.npv_per_krone,
        "weighted": ranking.c.weighted,
        "requested": ranking.c.requested_amount,
        "proposed": ranking.c.proposed_amount,
        "agency": ranking.c.agency_name,
        "reference": ranking.c.reference,
    }[sort]


def pot_summary(call: Call) -> PotSummary:
    """What the pot covers, from the stored places (entries only: no join)."""
    counted = RankingEntry.counted
    within = and_(counted, RankingEntry.cumulative <= call.pot)
    beyond = and_(counted, RankingEntry.cumulative > call.pot)
    row = db.session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(case((counted, 1), else_=0)), 0),
            func.coalesce(func.sum(case((within, 1), else_=0)), 0),
            func.coalesce(func.max(case((within, RankingEntry.cumulative), else_=None)), 0),
            func.min(case((beyond, RankingEntry.place), else_=None)),
            func.min(case((beyond, RankingEntry.cumulative), else_=None)),
        ).where(RankingEntry.call_id == call.id)
    ).one()
    return PotSummary(
        pot=call.pot,
        applications=int(row[0]),
        requirements_met=int(row[1]),
        within=int(row[2]),
        within_amount=int(row[3]),
        first_beyond_place=None if row[4] is None else int(row[4]),
        first_beyond_cumulative=None if row[5] is None else int(row[5]),
    )


def _row(values: Any, pot: int) -> RankingRow:
    met = bool(values.met)
    cumulative = int(values.cumulative or 0)
    return RankingRow(
        place=int(values.place),
        weighted_rank=int(values.weighted_rank),
        reference=values.reference,
        agency_name=values.agency_name,
        project_title=values.project_title,
        npv_per_krone=None if values.npv_per_krone is None else Decimal(values.npv_per_krone),
        benefits_score=values.benefits_score,
        gains_score=values.gains_score,
        maturity_score=values.maturity_score,
        weighted=int(values.weighted),
        requirements_met=met,
        requirements_checked=bool(values.requirements_checked),
        requested_amount=values.requested_amount,
        proposed_amount=values.proposed_amount,
        grant_ceiling=values.grant_ceiling,
        cumulative=cumulative,
        within_pot=met and cumulative <= pot,
        rank_override=values.rank_override,
        override_reason=values.override_reason,
    )


def ranking_page(call: Call, query: RankingQuery, per_page: int = PER_PAGE) -> RankingPage:
    """One page of the ranking; a page past the end shows the last page."""
    ensure_places(call)
    ranking = stored(call)
    summary = pot_summary(call)
    conditions = _conditions(ranking, query, call.pot)
    if conditions:
        total = db.session.scalar(select(func.count()).select_from(ranking).where(*conditions))
    else:
        total = summary.applications
    pages = max(1, math.ceil(total / per_page))
    page = min(query.page, pages)
    column = _sort_column(ranking, query.sort)
    order = column.asc() if query.direction == "asc" else column.desc()
    statement = (
        select(ranking)
        .where(*conditions)
        .order_by(order.nulls_last(), ranking.c.place)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    rows = [_row(values, call.pot) for values in db.session.execute(statement)]
    return RankingPage(rows=rows, total=total, page=page, per_page=per_page, summary=summary)


def row_for(call: Call, application_id: int) -> RankingRow | None:
    """One application's row: its place, rank and the amount proposed up to it."""
    ensure_places(call)
    ranking = stored(call)
    values = db.session.execute(
        select(ranking).where(ranking.c.application_id == application_id)
    ).first()
    return None if values is None else _row(values, call.pot)


@dataclass(frozen=True)
class ExportRow:
    """A ranking row with the comments, for the CSV and XLSX exports."""

    row: RankingRow
    requirements: dict[str, bool | None]
    comments: dict[str, str | None]
    npv_points: int


def export_rows(call: Call) -> list[ExportRow]:
    """Every application of the call in place order, with its ticks and comments."""
    ensure_places(call)
    ranking = stored(call)
    statement = (
        select(
            ranking,
            RankingEntry.eligible_applicant,
            RankingEntry.cost_band,
            RankingEntry.phase,
            RankingEntry.attachments,
            RankingEntry.ks_statement,
            RankingEntry.ks_statement_needed,
            RankingEntry.benefits_comment,
            RankingEntry.gains_comment,
            RankingEntry.maturity_comment,
        )
        .join(RankingEntry, RankingEntry.application_id == ranking.c.application_id)
        .order_by(ranking.c.place)
    )
    rows, method = [], method_of(call)
    for values in db.session.execute(statement):
        requirements: dict[str, bool | None] = {
            name: bool(getattr(values, name)) for name in REQUIREMENTS
        }
        if not values.ks_statement_needed:
            requirements["ks_statement"] = None
        rows.append(
            ExportRow(
                row=_row(values, call.pot),
                requirements=requirements,
                comments={name: getattr(values, f"{name}_comment") for name in SCORES},
                npv_points=points_for_npv(values.npv_per_krone, method),
            )
        )
    return rows


def points_for_npv(ratio: Decimal | None, method: RankingMethod) -> int:
    """The same points as :func:`npv_points_expression`, for the exports and tests."""
    if ratio is None:
        return 0
    return next(
        (points for bound, points in method.npv_points if ratio >= bound), method.npv_points_below
    )
