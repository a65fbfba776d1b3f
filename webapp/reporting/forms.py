"""Forms of the agency's reporting pages: one benefit of the plan, and a report.

Both have a field per year or per benefit, so their classes are made per request. Amounts are
read as the wizard reads them ("12 500 000", "12,5 mill."). A report's draft may be saved
incomplete; what a submitted report must hold is checked by `missing_for_submission`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext
from flask_wtf import FlaskForm
from wtforms.validators import Optional, ValidationError

from forms.fields import AmountField, LongTextField, MaxLength, TextField
from forms.translation import lazy_gettext as _l

from ..advisor.decision_forms import _date_field
from ..i18n import format_amount
from ..reporting.models import Benefit, Report
from ..services import benefit_plans, reports
from ..services.reports import DueReport, ReportDraft

LONG = reports.TEXT_LENGTH


class BenefitForm(FlaskForm):
    """One benefit: name, owner, indicator, baseline, and a target per year (`target_<year>`)."""

    name = TextField(
        _l("Benefit"),
        [Optional(), MaxLength(benefit_plans.NAME_LENGTH)],
        render_kw={"autocomplete": "off"},
    )
    owner = TextField(
        _l("Benefit owner"),
        [Optional(), MaxLength(benefit_plans.NAME_LENGTH)],
        description=_l(
            "The role responsible for taking the benefit out, such as a head of department."
        ),
        render_kw={"autocomplete": "off"},
    )
    indicator = LongTextField(
        _l("Indicator"),
        [Optional(), MaxLength(benefit_plans.TEXT_LENGTH)],
        description=_l(
            "What you measure to show the benefit, for example hours of case handling a year."
        ),
    )
    baseline = LongTextField(
        _l("Baseline"),
        [Optional(), MaxLength(benefit_plans.TEXT_LENGTH)],
        description=_l("Where the indicator stood before the project, and when it was measured."),
    )
    reason = LongTextField(
        _l("Reason for the change"),
        [Optional(), MaxLength(benefit_plans.REASON_LENGTH)],
        description=_l(
            "Needed once the final grant has fixed the plan, and for the target of a year "
            "already reported on; the case history keeps it with the change."
        ),
    )

    years: list[int]

    def target_fields(self) -> list[tuple[int, AmountField]]:
        return [(year, self[f"target_{year}"]) for year in self.years]

    def change(self) -> benefit_plans.BenefitChange:
        return benefit_plans.BenefitChange(
            name=self.name.data or "",
            owner=self.owner.data or "",
            indicator=self.indicator.data or "",
            baseline=self.baseline.data or "",
            targets={year: field.data for year, field in self.target_fields()},
        )


def benefit_form(benefit: Benefit, years: list[int], **kwargs: Any) -> BenefitForm:
    attributes: dict[str, Any] = {}
    for year in years:
        attributes[f"target_{year}"] = AmountField(
            _l("Target for %(year)s, in NOK", year=year),
            [Optional(), _at_most(benefit_plans.MAX_TARGET)],
            render_kw={"class": "input--short", "inputmode": "numeric"},
        )
    form_class = type("BenefitYearsForm", (BenefitForm,), attributes)
    data = {
        "name": benefit.name,
        "owner": benefit.owner,
        "indicator": benefit.indicator,
        "baseline": benefit.baseline,
        **{f"target_{target.year}": target.amount for target in benefit.targets},
    }
    form = form_class(data=data, **kwargs)
    form.years = years
    return form


def _at_most(high: int) -> Any:
    def check(form: Any, field: Any) -> None:
        if field.data is not None and field.data > high:
            raise ValidationError(
                gettext("The amount must be at most %(high)s.", high=format_amount(high))
            )

    return check


class ReportForm(FlaskForm):
    """A report: the spending, the texts, and for each benefit (`realised_<id>`,
    `comment_<id>`) what it realised in the year."""

    # Not marked optional: a draft may leave it empty, a submission may not.
    spent = AmountField(
        _l("Spent in the year, in NOK"),
        [_at_most(benefit_plans.MAX_TARGET)],
        render_kw={"class": "input--short", "inputmode": "numeric"},
    )
    deviations = LongTextField(
        _l("Deviations from the plan"),
        [Optional(), MaxLength(LONG)],
        description=_l("In costs, progress and benefits, and what you do about them."),
    )
    external_owners = LongTextField(
        _l("What the external benefit owners report"),
        [Optional(), MaxLength(LONG)],
        description=_l(
            "For example other agencies, municipalities or KS, when they take part in the plan."
        ),
    )
    completed_on = _date_field(_l("The project was completed on"), [])

    due: DueReport
    benefits: list[Benefit]
    today: date

    def benefit_fields(self) -> list[tuple[Benefit, Any, Any]]:
        return [(b, self[f"realised_{b.id}"], self[f"comment_{b.id}"]) for b in self.benefits]

    def validate_completed_on(self, field: Any) -> None:
        if field.data is None:
            return
        if field.data > self.today:
            raise ValidationError(gettext("The completion date cannot be in the future."))
        if field.data.year < self.due.year - 10 or field.data.year > self.due.year + 1:
            raise ValidationError(
                gettext("Give a date in %(year)s or close to it.", year=self.due.year)
            )

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        for benefit, realised, comment in self.benefit_fields():
            if realised.errors or realised.data is None:
                continue
            if benefit.target(self.due.year) is None and not (comment.data or "").strip():
                comment.errors.append(
                    gettext(
                        "The plan has no target for %(benefit)s in %(year)s. Say in the comment "
                        "why the benefit realised a value that year.",
                        benefit=benefit.name,
                        year=self.due.year,
                    )
                )
                valid = False
        return valid

    def missing_for_submission(self) -> bool:
        """Add the errors of what a submitted report must hold; True when something is missing."""
        missing = False
        if self.spent.data is None:
            self.spent.errors.append(
                gettext("Enter what you expect to spend in the year")
                if self.due.kind == reports.FORECAST
                else gettext("Enter what you spent in the year")
            )
            missing = True
        if self.due.kind == reports.FINAL and self.completed_on.data is None:
            self.completed_on.errors.append(gettext("Enter the date the project was completed"))
            missing = True
        return missing

    def draft(self) -> ReportDraft:
        texts = {"deviations": self.deviations.data or ""}
        if self.due.kind != reports.FORECAST:
            texts["external_owners"] = self.external_owners.data or ""
        if self.due.kind == reports.FINAL and self.completed_on.data is not None:
            texts["completed_on"] = self.completed_on.data.isoformat()
        realised = {
            benefit.id: (value.data, comment.data or "")
            for benefit, value, comment in self.benefit_fields()
        }
        return ReportDraft(spent=self.spent.data, texts=texts, realised=realised)


def report_form(due: DueReport, benefits: list[Benefit], today: date, **kwargs: Any) -> ReportForm:
    attributes: dict[str, Any] = {}
    shown = benefits if due.kind != reports.FORECAST else []
    for benefit in shown:
        attributes[f"realised_{benefit.id}"] = AmountField(
            _l("Realised in %(year)s, in NOK", year=due.year),
            [Optional(), _at_most(benefit_plans.MAX_TARGET)],
            render_kw={"class": "input--short", "inputmode": "numeric"},
        )
        attributes[f"comment_{benefit.id}"] = LongTextField(
            _l("Comment"), [Optional(), MaxLength(LONG)], render_kw={"rows": 2}
        )
    form_class = type("YearReportForm", (ReportForm,), attributes)
    form = form_class(data=_data(due.report), **kwargs)
    form.due, form.benefits, form.today = due, shown, today
    if due.kind == reports.FORECAST:
        form.spent.label.text = gettext("Expected spending in the year, in NOK")
        del form.external_owners
    if due.kind != reports.FINAL:
        del form.completed_on
    return form


def _data(report: Report | None) -> dict[str, Any]:
    if report is None:
        return {}
    texts = report.texts or {}
    data: dict[str, Any] = {
        "spent": report.spent,
        "deviations": texts.get("deviations", ""),
        "external_owners": texts.get("external_owners", ""),
    }
    if texts.get("completed_on"):
        data["completed_on"] = date.fromisoformat(texts["completed_on"])
    for row in report.realised:
        data[f"realised_{row.benefit_id}"] = row.amount
        data[f"comment_{row.benefit_id}"] = row.comment
    return data
