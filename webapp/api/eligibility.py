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
    CROSS_SECTOR_VALUES,
    LEGAL_FORMS,
    PHASES,
    RuleSet,
    available_rulesets,
    load_ruleset,
)
from forms.text import N_, Text, text

LANGUAGES = ("nb", "nn", "en")
DEFAULT_LANGUAGE = "nb"
# Checked in this order, so an error names the first parameter that is wrong; `lang` comes
# first so that every later message is in the language asked for.
PARAMETERS = ("lang", "ruleset", "total_cost", "phase", "legal_form", "cross_sector")

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
    """The checked parameters: the four routing answers, the language and the rule set."""

    total_cost: int
    phase: str
    legal_form: str
    cross_sector: str
    lang: str
    ruleset: RuleSet

    @property
    def answers(self) -> dict[str, Any]:
        return {
            "total_cost": self.total_cost,
            "phase": self.phase,
            "legal_form": self.legal_form,
            "cross_sector": self.cross_sector,
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
    `lang` to nb and `ruleset` to `default_ruleset`, the rule set in force.
    """
    lang = _choice(values, "lang", LANGUAGES, DEFAULT_LANGUAGE, DEFAULT_LANGUAGE)
    ruleset_id = _choice(values, "ruleset", tuple(available_rulesets()), default_ruleset, lang)
    raw_cost = _single(values, "total_cost", lang)
    if raw_cost is None:
        raise ParameterError("total_cost", text(_MISSING, parameter="total_cost"), lang)
    try:
        total_cost = parse_amount(raw_cost)
    except AmountError as error:
        raise ParameterError("total_cost", error.message, lang) from None
    return EligibilityQuery(
        total_cost=total_cost,
        phase=_choice(values, "phase", PHASES, None, lang),
        legal_form=_choice(values, "legal_form", LEGAL_FORMS, None, lang),
        cross_sector=_choice(values, "cross_sector", CROSS_SECTOR_VALUES, "no", lang),
        lang=lang,
        ruleset=load_ruleset(ruleset_id),
    )


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


def eligibility_answer(query: EligibilityQuery) -> dict[str, Any]:
    """The answer as plain JSON types: the rule set, the input read, every scheme's outcome."""
    result = route_application(query.answers, query.ruleset)
    with force_locale(query.lang):
        outcomes = [_outcome(outcome, query.lang) for outcome in result.outcomes]
    return {
        "ruleset": ruleset_summary(query.ruleset, query.lang),
        "input": {**query.answers, "lang": query.lang},
        "outcomes": outcomes,
        "choosable": list(eligible_schemes(result)),
    }


def ruleset_summary(ruleset: RuleSet, lang: str) -> dict[str, str | None]:
    return {
        "id": ruleset.id,
        "title": ruleset.title_for(lang),
        "source": ruleset.source,
        "valid_from": ruleset.valid_from.isoformat(),
        "valid_to": ruleset.valid_to.isoformat() if ruleset.valid_to else None,
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
