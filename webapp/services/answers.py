"""The stored answers as people read them: sections per step, labels, formatted values.

The check-your-answers page, the advisor's page and the documents all use this, so a field added
to a step's form shows up everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from wtforms import BooleanField, Field, RadioField, SelectField, SelectMultipleField

from forms import flow, formatting, yearly
from forms.fields import AmountField, OrgNumberField, YearField, YearMonthField, YearTableField
from forms.progress import BoundedMemo, Progress
from forms.routing import SCHEME_LABELS
from forms.rulesets import RuleSet
from forms.steps import StepForm
from forms.translation import gettext

from ..i18n import amount_formatter, locale_name


@dataclass(frozen=True)
class AnswerRow:
    name: str
    label: str
    value: str
    answered: bool


@dataclass(frozen=True)
class AnswerSection:
    step_id: str
    title: str
    rows: tuple[AnswerRow, ...]


def summarise(
    answers: Mapping[str, Any],
    ruleset: RuleSet,
    forms: Sequence[tuple[flow.Step, StepForm]] | None = None,
) -> list[AnswerSection]:
    """Sections for every step on the current path, in the active locale.

    `forms` are the summarised steps with their forms when the caller has built them already
    (the check page has, to know the path is complete).
    """
    if forms is None:
        forms = [
            (step, flow.build_form(step, answers, ruleset))
            for step in flow.summarised_steps(answers, ruleset)
        ]
    # The locale and the amount words once for the whole summary, not once per answer.
    written = _Writer(locale_name(), amount_formatter(), gettext("Not answered"))
    sections = []
    for step, form in forms:
        rows = tuple(written.row(field, answers.get(name)) for name, field in form._fields.items())
        sections.append(AnswerSection(step.id, gettext(step.title), rows))
    return sections


# Summaries of the check page by (answers, rule set, day, language): a few hundred drafts'.
SUMMARY_MEMO_SIZE = 256
summary_memo: BoundedMemo[tuple[AnswerSection, ...]] = BoundedMemo(SUMMARY_MEMO_SIZE)


def summary_of(progress: Progress) -> tuple[AnswerSection, ...]:
    """`summarise` for the check page, remembered under the answers, rule set and day the
    path follows from and the page's language: the page is opened again after each upload,
    language switch or refused send, and the summary is the same until an answer changes.
    What is remembered is plain text, so no form or request outlives its request."""
    return summary_memo.remember(
        (*progress.memo_key(), locale_name()),
        lambda: tuple(summarise(progress.answers, progress.ruleset, progress.summarised())),
    )


@dataclass(frozen=True)
class _Writer:
    locale: str
    amount: Callable[[Any], str]
    not_answered: str

    def row(self, field: Field, value: Any) -> AnswerRow:
        label = str(field.label.text)
        if value in (None, "", []):
            return AnswerRow(field.name, label, self.not_answered, False)
        return AnswerRow(field.name, label, self.answer(field, value), True)

    def answer(self, field: Field, value: Any) -> str:
        return format_answer(field, value, self.locale, self.amount)


def format_answer(field: Field, value: Any, locale: str, amount: Callable[[Any], str]) -> str:
    if isinstance(field, YearTableField):
        return _year_table_summary(value, locale)
    if isinstance(field, AmountField):
        return amount(value)
    if isinstance(field, OrgNumberField):
        return formatting.format_org_number(str(value))
    if isinstance(field, YearMonthField):
        year, month = str(value).split("-")
        return formatting.format_year_month(int(year), int(month), locale)
    if isinstance(field, YearField):
        return str(value)
    if isinstance(field, BooleanField):
        return gettext("Yes") if value else gettext("No")
    if field.name == "schemes":
        return ", ".join(gettext(SCHEME_LABELS.get(v, v)) for v in value)
    if isinstance(field, SelectMultipleField):
        labels = {choice.value: choice.label for choice in field.iter_choices()}
        return ", ".join(str(labels.get(v, v)) for v in value)
    if isinstance(field, RadioField | SelectField):
        labels = {choice.value: choice.label for choice in field.iter_choices()}
        return str(labels.get(value, value))
    return str(value)


def _year_table_summary(rows: Any, locale: str) -> str:
    """The year table in one sentence: the undiscounted sums over the period."""
    sums = yearly.totals([row for row in rows if isinstance(row, Mapping)])

    def nok(amount: int) -> str:
        return formatting.format_nok(amount, locale, gettext)

    return gettext(
        "Over %(years)s years: investment %(investment)s, new running costs %(running)s, "
        "gains %(gains)s (in today's kroner, not discounted).",
        years=len(rows),
        investment=nok(sums[yearly.INVESTMENT]),
        running=nok(sums[yearly.RUNNING]),
        gains=nok(sum(sums[column] for column in yearly.BENEFIT_COLUMNS)),
    )
