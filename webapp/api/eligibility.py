"""The eligibility check shared by the JSON API and `flask rules check`.

`read_query` checks the parameters (as the API receives them, or as the command line passes them)
and `eligibility_answer` routes the project and renders the answer in the requested language.
Both callers serialise the same dictionary, so the API and the terminal never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from flask_babel import force_locale, gettext

from forms.money import AmountError, parse_amount
from forms.routing import (
    SCHEME_LABELS,
    STAGE_LABELS,
    STATUS_LABELS,
    Outcome,
    eligible_schemes,
    route_application,
)
from forms.rulesets import (
    CATEGORY_BASES,
    CROSS_SECTOR_VALUES,
    ESTIMATE_KINDS,
    LEGAL_FORMS,
    OTHER_LIFE_EVENT,
    PHASES,
    RuleSet,
    available_rulesets,
    load_ruleset,
)
from forms.text import N_, Text, text
from forms.validity import expiry_text, today_in_norway, validity_text

LANGUAGES = ("nb", "nn", "en")
DEFAULT_LANGUAGE = "nb"
# Checked in this order, so an error names the first parameter that is wrong; `lang` comes
# first so that every later message is in the language asked for.
PARAMETERS = (
    "lang",
    "ruleset",
    "total_cost",
    "phase",
    "legal_form",
    "cross_sector",
    "estimate_kind",
    "p85_cost",
    "category_basis",
    "life_event",
)

_MISSING = N_("“%(parameter)s” is missing.")
_REPEATED = N_("“%(parameter)s” is given more than once.")
_UNKNOWN = N_("“%(parameter)s” must be one of: %(choices)s.")


class ParameterError(ValueError):
    """A parameter that is missing, repeated or wrong; `message` is in the language `lang`."""

    def __init__(self, parameter: str, message: Text, lang: str) -> None:
        super().__init__(f"{parameter}: {message.render()}")
        self.parameter = parameter
        self.message = message
        self.lang = lang

    def render(self) -> str:
        return render(self.message, self.lang)


@dataclass(frozen=True)
class EligibilityQuery:
    """The checked parameters: the routing answers, the language and the rule set."""

    total_cost: int | None
    phase: str
    legal_form: str
    cross_sector: str
    lang: str
    ruleset: RuleSet
    estimate_kind: str | None = None
    p85_cost: int | None = None
    category_basis: str | None = None
    life_event: str | None = None

    @property
    def answers(self) -> dict[str, Any]:
        return {
            "total_cost": self.total_cost,
            "phase": self.phase,
            "legal_form": self.legal_form,
            "cross_sector": self.cross_sector,
            "estimate_kind": self.estimate_kind,
            "p85_cost": self.p85_cost,
            "category_basis": self.category_basis,
            "life_event": self.life_event,
        }


def render(message: Text, lang: str) -> str:
    with force_locale(lang):
        return message.render(gettext, lang)


def read_query(
    values: Mapping[str, str | Sequence[str] | None], default_ruleset: str
) -> EligibilityQuery:
    """Check the parameters; names not in `PARAMETERS` are ignored.

    A value may be a string or, as from a query string, a list of strings (one is allowed).
    Codes are read without surrounding spaces and case. `cross_sector` defaults to "no",
    `lang` to nb and `ruleset` to `default_ruleset`, the rule set in force. `total_cost` may
    be left out only with `estimate_kind=none`; `p85_cost` counts only beside a P50, and
    `life_event` only beside `category_basis=seamless_services`.
    """
    lang = _choice(values, "lang", LANGUAGES, DEFAULT_LANGUAGE, DEFAULT_LANGUAGE)
    ruleset_id = _choice(values, "ruleset", tuple(available_rulesets()), default_ruleset, lang)
    ruleset = load_ruleset(ruleset_id)
    no_estimate = (_single(values, "estimate_kind", lang) or "").lower() == "none"
    total_cost = _amount(values, "total_cost", lang, required=not no_estimate)
    phase = _choice(values, "phase", PHASES, None, lang)
    legal_form = _choice(values, "legal_form", LEGAL_FORMS, None, lang)
    cross_sector = _choice(values, "cross_sector", CROSS_SECTOR_VALUES, "no", lang)
    estimate_kind = _optional_choice(values, "estimate_kind", ESTIMATE_KINDS, lang)
    p85_cost = _amount(values, "p85_cost", lang, required=False)
    basis = _optional_choice(values, "category_basis", CATEGORY_BASES, lang)
    life_events = (*(event.code for event in ruleset.cofinancing.life_events), OTHER_LIFE_EVENT)
    life_event = _optional_choice(values, "life_event", life_events, lang)
    return EligibilityQuery(
        total_cost=None if no_estimate else total_cost,
        phase=phase,
        legal_form=legal_form,
        cross_sector=cross_sector,
        lang=lang,
        ruleset=ruleset,
        estimate_kind=estimate_kind,
        p85_cost=p85_cost if estimate_kind == "p50" else None,
        category_basis=basis,
        life_event=life_event if basis == "seamless_services" else None,
    )


def _amount(
    values: Mapping[str, str | Sequence[str] | None], name: str, lang: str, required: bool
) -> int | None:
    raw = _single(values, name, lang)
    if raw is None:
        if required:
            raise ParameterError(name, text(_MISSING, parameter=name), lang)
        return None
    try:
        return parse_amount(raw)
    except AmountError as error:
        raise ParameterError(name, error.message, lang) from None


def _optional_choice(
    values: Mapping[str, str | Sequence[str] | None],
    name: str,
    choices: tuple[str, ...],
    lang: str,
) -> str | None:
    if _single(values, name, lang) is None:
        return None
    return _choice(values, name, choices, None, lang)


def _single(values: Mapping[str, str | Sequence[str] | None], name: str, lang: str) -> str | None:
    """The one value given for `name`, stripped; None when absent or blank."""
    value = values.get(name)
    if value is not None and not isinstance(value, str):
        if len(value) > 1:
            raise ParameterError(name, text(_REPEATED, parameter=name), lang)
        value = value[0] if value else None
    if value is None or not value.strip():
        return None
    return value.strip()


def _choice(
    values: Mapping[str, str | Sequence[str] | None],
    name: str,
    choices: tuple[str, ...],
    default: str | None,
    lang: str,
) -> str:
    value = _single(values, name, lang)
    if value is None and default is not None:
        return default
    if value is None:
        raise ParameterError(name, text(_MISSING, parameter=name), lang)
    if value.lower() not in choices:
        message = text(_UNKNOWN, parameter=name, choices=", ".join(choices))
        raise ParameterError(name, message, lang)
    return value.lower()


def eligibility_answer(query: EligibilityQuery, in_force: RuleSet | None = None) -> dict[str, Any]:
    """The answer as plain JSON types: the rule set, the input read, every scheme's outcome."""
    result = route_application(query.answers, query.ruleset)
    with force_locale(query.lang):
        outcomes = [_outcome(outcome, query.lang) for outcome in result.outcomes]
    return {
        "ruleset": ruleset_summary(query.ruleset, query.lang, in_force),
        "input": {**query.answers, "lang": query.lang},
        "outcomes": outcomes,
        "choosable": list(eligible_schemes(result)),
    }


def ruleset_summary(ruleset: RuleSet, lang: str, in_force: RuleSet | None = None) -> dict[str, Any]:
    """The rule set as the API and the CLI show it; `expired` and `notice` say whether it still
    applies (compared with `in_force`, the rule set in force, when given)."""
    today = today_in_norway()
    notice = expiry_text(ruleset, in_force, today) if in_force is not None else None
    return {
        "id": ruleset.id,
        "title": ruleset.title_for(lang),
        "source": ruleset.source,
        "valid_from": ruleset.valid_from.isoformat() if ruleset.valid_from else None,
        "valid_to": ruleset.valid_to.isoformat() if ruleset.valid_to else None,
        "validity": render(validity_text(ruleset), lang),
        "expired": ruleset.is_expired(today),
        "superseded_by": ruleset.superseded_by,
        "notice": render(notice, lang) if notice is not None else None,
    }


def _outcome(outcome: Outcome, lang: str) -> dict[str, Any]:
    return {
        "scheme": outcome.scheme,
        "scheme_label": gettext(SCHEME_LABELS[outcome.scheme]),
        "status": outcome.status,
        "status_label": gettext(STATUS_LABELS[outcome.status]),
        "reasons": [reason.render(gettext, lang) for reason in outcome.reasons],
        "stage": outcome.stage,
        "stage_label": gettext(STAGE_LABELS[outcome.stage]) if outcome.stage else None,
        "max_grant": outcome.max_grant,
        "grant_share": decimal_string(outcome.grant_share),
        "grant_cap": outcome.grant_cap,
        "category": outcome.category,
    }


def decimal_string(share: Fraction | None) -> str | None:
    """A share as an exact decimal string ("0.5", "0.85"), never a binary float."""
    if share is None:
        return None
    value = Decimal(share.numerator) / Decimal(share.denominator)
    return format(value.normalize(), "f")
