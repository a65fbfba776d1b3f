"""What the advisor's application page shows, put together from the stored answers.

The rules are not re-implemented here: routing comes from `forms.routing` under the rule set the
application was made with, and every sentence is rendered in the page's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction
from typing import Any

from babel.lists import format_list
from flask_babel import get_locale, gettext
from flask_babel import gettext as _

from forms import formatting
from forms.npv import cofinancing_figures
from forms.routing import (
    SCHEME_LABELS,
    STATUS_LABELS,
    RoutingInputError,
    route_application,
)
from forms.rulesets import RuleSet, RuleSetError, load_ruleset
from forms.steps import READINESS_CHOICES, READINESS_QUESTIONS

from ..models import Application, AuditEvent
from ..services import audit, benefit_plans, decisions, ranking, reporting_links, reports, tracks
from ..services.answers import AnswerSection, summarise
from .labels import (
    LETTER_FIELD_LABELS,
    language_label,
    status_label,
    track_step_label,
)


@dataclass(frozen=True)
class OutcomeView:
    scheme: str
    scheme_label: str
    status: str
    status_label: str
    reasons: list[str]


@dataclass(frozen=True)
class FiguresView:
    rows: list[tuple[str, str]]
    provisional: bool


@dataclass(frozen=True)
class ReadinessRow:
    key: str
    question: str
    answer: str | None
    answer_label: str


@dataclass(frozen=True)
class EventView:
    who: str
    what: str
    at: datetime


def locale_name() -> str:
    return str(get_locale() or "nb")


def application_ruleset(application: Application) -> RuleSet | None:
    """The rule set the application was made under; None if it is no longer installed."""
    try:
        return load_ruleset(application.ruleset_id)
    except RuleSetError:
        return None


def routing_outcomes(application: Application, ruleset: RuleSet | None) -> list[OutcomeView]:
    """Each scheme's outcome with its reasons; empty when the answers cannot be routed."""
    if ruleset is None:
        return []
    try:
        result = route_application(application.answers, ruleset)
    except RoutingInputError:
        return []
    locale = locale_name()
    return [
        OutcomeView(
            scheme=outcome.scheme,
            scheme_label=gettext(SCHEME_LABELS[outcome.scheme]),
            status=outcome.status,
            status_label=gettext(STATUS_LABELS[outcome.status]),
            reasons=[reason.render(gettext, locale) for reason in outcome.reasons],
        )
        for outcome in result.outcomes
    ]


def figures(application: Application, ruleset: RuleSet | None) -> FiguresView | None:
    """The co-financing economics (NPV, per-krone figures, tax-financing cost, grant ceiling,
    budget cut) when co-financing is sought."""
    if ruleset is None or "cofinancing" not in application.scheme_list:
        return None
    computed = cofinancing_figures(application.answers, ruleset)
    if computed is None:
        return None
    locale = locale_name()
    analysis, rules = computed.analysis, computed.assumptions

    def nok(amount: Fraction | int | None) -> str:
        if amount is None:
            return "–"
        return formatting.format_nok(formatting.whole_kroner(amount), locale, gettext)

    def ratio(value: Fraction | None) -> str:
        return "–" if value is None else formatting.format_decimal(value, locale)

    requested = application.answers.get("requested_amount")
    rows = [
        (_("Net present value"), nok(analysis.npv)),
        (
            _(
                "Tax-financing cost (%(share)s of the net effect on public budgets), present value",
                share=formatting.format_percent(rules.tax_financing_share, locale),
            ),
            nok(analysis.pv_tax_financing_cost),
        ),
        (
            _(
                "Net present value per invested krone (the net present value divided by the "
                "present value of the investment costs)"
            ),
            ratio(analysis.npv_per_invested_krone),
        ),
        (
            _(
                "Net present value per krone of grant (the net present value divided by the "
                "amount applied for)"
            ),
            ratio(analysis.npv_per_grant_krone),
        ),
        (_("Largest possible grant"), nok(computed.max_grant)),
        (_("Requested amount"), nok(requested if isinstance(requested, int) else None)),
        (
            _(
                "Cut from the agency's budget (%(share)s of the agency's own net gains), "
                "present value",
                share=formatting.format_percent(rules.budget_cut_share, locale),
            ),
            nok(analysis.pv_budget_cut),
        ),
        (
            _("Discount rate and analysis period"),
            _(
                "%(rate)s over %(years)s years",
                rate=formatting.format_percent(rules.discount_rate, locale),
                years=rules.analysis_years,
            ),
        ),
    ]
    return FiguresView(rows=rows, provisional=computed.provisional)


def readiness_profile(answers: Mapping[str, Any]) -> list[ReadinessRow]:
    # The answer words are the wizard's own, so the advisor reads what the applicant chose.
    choices = {choice.value: choice.label for choice in READINESS_CHOICES}
    rows = []
    for key, question in READINESS_QUESTIONS.items():
        answer = answers.get(key)
        label = choices.get(answer)
        rows.append(
            ReadinessRow(
                key=key,
                question=gettext(question),
                answer=answer if label is not None else None,
                answer_label=str(label) if label is not None else _("Not answered"),
            )
        )
    return rows


def answer_sections(application: Application, ruleset: RuleSet | None) -> list[AnswerSection]:
    """The answers as the applicant's check page lists them: labelled, formatted, and only
    from the steps still on the path; empty without the rule set that decides the path."""
    if ruleset is None:
        return []
    return summarise(application.answers or {}, ruleset)


def describe_event(event: AuditEvent) -> EventView:
    if event.advisor is not None:
        who = event.advisor.name
    elif event.action in (audit.SUBMITTED, audit.DOWNLOADED_BY_APPLICANT, decisions.PLAN_ADDED):
        who = _("The applicant")
    elif event.action in (benefit_plans.PLAN_CHANGED, reports.REPORT_SUBMITTED):
        who = _("The agency, through its reporting link")
    else:
        who = _("The system")
    return EventView(who=who, what=_event_text(event), at=event.created_at)


def _event_text(event: AuditEvent) -> str:
    detail = event.detail or {}
    if event.action == audit.VIEWED:
        return _("Read the application.")
    if event.action == audit.SUBMITTED:
        return _("Sent the application.")
    if event.action == audit.STATUS_CHANGED:
        return _(
            "Changed the status from “%(previous)s” to “%(new)s”.",
            previous=status_label(str(detail.get("from", ""))),
            new=status_label(str(detail.get("to", ""))),
        )
    if event.action == audit.LETTER_SAVED:
        return _("Saved the letter; changed: %(fields)s.", fields=_field_list(detail))
    if event.action == audit.DOWNLOADED_LETTER:
        return _(
            "Downloaded the advice letter in %(language)s.",
            language=language_label(str(detail.get("language", ""))),
        )
    if event.action == audit.DOWNLOADED_APPLICATION:
        return _(
            "Downloaded the application to “%(scheme)s”.",
            scheme=_scheme_label(str(detail.get("scheme", ""))),
        )
    if event.action == audit.DOWNLOADED_ATTACHMENT:
        return _(
            "Downloaded the attached file “%(filename)s”.",
            filename=str(detail.get("filename", "")),
        )
    if event.action == tracks.TRACK_MOVED and detail.get("scheme") == tracks.COFINANCING:
        return _(
            "Moved the co-financing application from “%(previous)s” to “%(new)s”.",
            previous=track_step_label(str(detail.get("from", ""))),
            new=track_step_label(str(detail.get("to", ""))),
        )
    if event.action in decisions.ACTIONS:
        return _decision_event_text(event.action, detail, event.note)
    if event.action == tracks.TRACK_MOVED:
        return _(
            "Moved the council case from “%(previous)s” to “%(new)s”.",
            previous=track_step_label(str(detail.get("from", ""))),
            new=track_step_label(str(detail.get("to", ""))),
        )
    if event.action == tracks.MEETING_AGREED:
        return _(
            "Set the date of the meeting with the council to %(date)s.",
            date=_iso_day(detail.get("date")),
        )
    if event.action in ranking.ACTIONS:
        return _ranking_event_text(event.action, detail, event.note)
    if event.action in AFTER_THE_GRANT:
        return _after_the_grant_text(event.action, detail, event.note)
    if event.action == audit.DOWNLOADED_BY_APPLICANT:
        return _(
            "Downloaded their copy of the application to “%(scheme)s”.",
            scheme=_scheme_label(str(detail.get("scheme", ""))),
        )
    return event.action


AFTER_THE_GRANT = (*reporting_links.ACTIONS, *benefit_plans.ACTIONS, *reports.ACTIONS)


def _after_the_grant_text(action: str, detail: Mapping[str, Any], note: str | None) -> str:
    if action == reporting_links.LINK_ISSUED:
        recipients = ", ".join(str(address) for address in detail.get("recipients") or [])
        if detail.get("replaced"):
            return _(
                "Sent a new reporting link to %(recipients)s; the old one no longer works.",
                recipients=recipients,
            )
        return _("Sent the reporting link to %(recipients)s.", recipients=recipients)
    if action == reporting_links.LINK_REVOKED:
        return _("Revoked the reporting link.")
    if action == benefit_plans.PLAN_CHANGED:
        labels = {
            "name": _("the name"),
            "owner": _("the owner"),
            "indicator": _("the indicator"),
            "baseline": _("the baseline"),
            "targets": _("the targets"),
        }
        changed = ", ".join(
            labels.get(str(key), str(key)) for key in labels if key in (detail.get("changed") or {})
        )
        if note:
            return _(
                "Changed benefit %(number)s of the plan (%(fields)s), after the final grant: "
                "%(reason)s",
                number=detail.get("benefit", ""),
                fields=changed,
                reason=note,
            )
        return _(
            "Changed benefit %(number)s of the plan (%(fields)s).",
            number=detail.get("benefit", ""),
            fields=changed,
        )
    kind = str(detail.get("kind", ""))
    label = _(reports.KIND_LABELS[kind]) if kind in reports.KIND_LABELS else kind
    return _(
        "Submitted the report: %(report)s %(year)s, spent %(amount)s.",
        report=label,
        year=detail.get("year", ""),
        amount=_kroner(detail.get("spent")),
    )


def _decision_event_text(action: str, detail: Mapping[str, Any], note: str | None) -> str:
    grant = detail.get("outcome") == decisions.GRANT
    if action == decisions.DECISION_SAVED:
        if grant:
            return _(
                "Saved a draft decision: a preliminary grant of %(amount)s.",
                amount=_kroner(detail.get("amount")),
            )
        return _("Saved a draft decision: a rejection.")
    if action == decisions.DECISION_SENT:
        if grant:
            return _(
                "Sent the preliminary grant of %(amount)s.", amount=_kroner(detail.get("amount"))
            )
        return _("Sent the rejection.")
    if action == decisions.PLAN_ADDED:
        return _(
            "Sent the benefits realisation plan “%(filename)s”.",
            filename=str(detail.get("filename", "")),
        )
    if action == decisions.PLAN_CHANGES:
        return _(
            "Asked for changes in the benefits realisation plan: %(message)s", message=note or ""
        )
    if action == decisions.FINAL_SAVED:
        return _(
            "Approved the benefits realisation plan and saved a final grant of %(amount)s.",
            amount=_kroner(detail.get("amount")),
        )
    return _("Sent the final grant of %(amount)s.", amount=_kroner(detail.get("amount")))


def _score_text(value: Any) -> str:
    return str(value) if isinstance(value, int) else "–"


def _ranking_event_text(action: str, detail: Mapping[str, Any], note: str | None) -> str:
    if action == ranking.ASSESSED:
        met = _("met") if detail.get("requirements_met") else _("not met")
        return _(
            "Assessed the application for the ranking: formal requirements %(met)s; scores "
            "%(benefits)s, %(gains)s and %(maturity)s.",
            met=met,
            benefits=_score_text(detail.get("benefits_score")),
            gains=_score_text(detail.get("gains_score")),
            maturity=_score_text(detail.get("maturity_score")),
        )
    if action == ranking.AMOUNT_PROPOSED:
        return _(
            "Changed the amount proposed from %(previous)s to %(new)s.",
            previous=_kroner(detail.get("from")),
            new=_kroner(detail.get("to")),
        )
    if action == ranking.RANK_OVERRIDDEN:
        return _(
            "Placed the application at %(place)s in the ranking: %(reason)s",
            place=detail.get("to", ""),
            reason=note or "",
        )
    return _("Gave the application its weighted rank in the ranking again.")


def _kroner(value: Any) -> str:
    if not isinstance(value, int):
        return "–"
    return formatting.format_nok(value, locale_name(), gettext)


def _iso_day(value: Any) -> str:
    try:
        day = date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return formatting.format_date_long(day, locale_name())


def _scheme_label(scheme: str) -> str:
    return gettext(SCHEME_LABELS[scheme]) if scheme in SCHEME_LABELS else scheme


def _field_list(detail: Mapping[str, Any]) -> str:
    fields = detail.get("fields")
    names = fields if isinstance(fields, list) else []
    labels = [str(LETTER_FIELD_LABELS.get(name, name)) for name in names]
    return format_list(labels, locale=locale_name()) if labels else "–"
