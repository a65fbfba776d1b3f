"""One form per wizard step. Field names are the keys of the data dictionary (DOMAIN.md §5).

Labels, hints and messages are lazy so they render in the page's language. Cross-field rules
(planned end after start, requested amount within the ceiling) read the other stored answers
from `form.answers`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction
from functools import cache, lru_cache
from typing import Any

from flask_babel import get_locale
from wtforms import BooleanField, EmailField, Form, HiddenField, SelectField, TelField
from wtforms.fields.choices import SelectChoice
from wtforms.fields.core import UnboundField
from wtforms.validators import Email, Optional, StopValidation, ValidationError

from forms import formatting, yearly
from forms.attachments import missing_kinds
from forms.fields import (
    AmountField,
    ChoiceField,
    LocalisedText,
    LongTextField,
    MaxLength,
    MinimumAmount,
    MultiCheckboxField,
    OrgNumberField,
    Required,
    TextField,
    YearMonthField,
    YearTableField,
    active_locale,
    clean_text,
)
from forms.ministries import MINISTRIES
from forms.routing import (
    CATEGORY_BASIS_LABELS,
    ESTIMATE_KIND_LABELS,
    LEGAL_FORM_LABELS,
    grant_ceiling,
    needs_p85,
)
from forms.rulesets import OTHER_LIFE_EVENT, RuleSet
from forms.text import N_, Millions, Number, Percent, text
from forms.translation import gettext
from forms.translation import lazy_gettext as _l
from forms.widgets import EmailInput, Select, TelInput

SHORT, MEDIUM, LONG = 200, 1_000, 5_000


def options(pairs: Iterable[tuple[str, Any]]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


YES_NO = options([("yes", _l("Yes")), ("no", _l("No"))])
READINESS_CHOICES = options([("yes", _l("Yes")), ("partly", _l("Partly")), ("no", _l("No"))])
BENEFITS_PLAN_CHOICES = options(
    [
        ("yes", _l("Yes, it is ready")),
        ("in_progress", _l("The plan is being written")),
        ("no", _l("No")),
    ]
)
# The phase question explains each phase, so the applicant can place the project.
PHASE_CHOICES = options(
    [
        ("idea", _l("Idea: we know the need, but have not yet studied solutions")),
        ("concept", _l("Concept: we are studying alternatives and writing the business case")),
        ("planning", _l("Planning: the concept phase is finished, execution has not started")),
        ("execution", _l("Execution: the project is being carried out")),
        ("closing", _l("Closing: the project is being finished or has been delivered")),
    ]
)


def _lazy_choices(labels: Mapping[str, str]) -> list[SelectChoice]:
    return options((value, _l(label)) for value, label in labels.items())


def _ministry_choices() -> list[SelectChoice]:
    """ "Choose a ministry", then the ministries by name in the active language."""
    return list(_ministry_choices_in(str(get_locale())))


@lru_cache(maxsize=16)
def _ministry_choices_in(locale: str) -> tuple[SelectChoice, ...]:
    # Made once per language: the names only change with the catalogue, which needs a restart.
    ministries = sorted(
        ((code, gettext(label)) for code, label in MINISTRIES.items()), key=lambda item: item[1]
    )
    return tuple(options([("", gettext("Choose a ministry")), *ministries]))


class StepForm(Form):
    """Base form: knows the other answers, so rules can depend on them."""

    def __init__(
        self,
        formdata: Any = None,
        answers: Mapping[str, Any] | None = None,
        ruleset: RuleSet | None = None,
        **kwargs: Any,
    ) -> None:
        self.answers: Mapping[str, Any] = answers or {}
        self.ruleset = ruleset
        super().__init__(formdata, **kwargs)

    def answer_data(self) -> dict[str, Any]:
        """The values to store: one entry per field, keyed by the data dictionary."""
        return {name: field.data for name, field in self._fields.items()}

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return _field_names(cls)


@cache
def _field_names(form_class: type[StepForm]) -> tuple[str, ...]:
    # Every field the class declares, in order, including those an instance drops because its
    # rule set does not ask them; a class's fields never change, so read them once.
    unbound = [
        (value.creation_counter, name)
        for name in dir(form_class)
        if isinstance(value := getattr(form_class, name), UnboundField)
    ]
    return tuple(name for _counter, name in sorted(unbound))


def required(message: str) -> Required:
    return Required(_l(message))


class ApplicantForm(StepForm):
    agency_name = TextField(
        _l("Name of the agency"),
        [required(N_("Enter the name of the agency")), MaxLength(SHORT)],
        render_kw={"autocomplete": "organization"},
    )
    org_number = OrgNumberField(
        _l("Organisation number"),
        [required(N_("Enter the organisation number"))],
        description=_l("Nine digits, as in 974 760 673."),
        render_kw={"inputmode": "numeric", "autocomplete": "off", "class": "input--short"},
    )
    legal_form = ChoiceField(
        _l("What kind of body is the agency?"),
        [required(N_("Choose what kind of body the agency is"))],
        choices=_lazy_choices(LEGAL_FORM_LABELS),
        description=_l("Co-financing is for bodies that are part of the state as a legal person."),
    )
    ministry = SelectField(
        _l("Responsible ministry"),
        [required(N_("Choose the responsible ministry"))],
        choices=[],
        widget=Select(),
    )
    agency_head = TextField(
        _l("Name of the head of the agency"),
        [required(N_("Enter the name of the head of the agency")), MaxLength(SHORT)],
        description=_l("The advice letter is addressed to the head of the agency."),
        render_kw={"autocomplete": "off"},
    )
    contact_name = TextField(
        _l("Your name"),
        [required(N_("Enter your name")), MaxLength(SHORT)],
        render_kw={"autocomplete": "name"},
    )
    contact_email = EmailField(
        _l("Your e-mail address"),
        [required(N_("Enter your e-mail address")), MaxLength(254)],
        render_kw={"autocomplete": "email", "spellcheck": "false"},
        filters=[clean_text],
        widget=EmailInput(),
    )
    contact_phone = TelField(
        _l("Your phone number"),
        [Optional(), MaxLength(40)],
        render_kw={"autocomplete": "tel", "class": "input--short"},
        filters=[clean_text],
        widget=TelInput(),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.ministry.choices = _ministry_choices()

    def validate_contact_email(self, field: Any) -> None:
        if field.data:
            try:
                Email(message="x", check_deliverability=False)(self, field)
            except ValidationError:
                raise ValidationError(
                    gettext("Enter an e-mail address in the right format, like name@agency.no")
                ) from None

    def validate_contact_phone(self, field: Any) -> None:
        digits = [c for c in field.data or "" if c.isdigit()]
        allowed = set("0123456789 +-()")
        if field.data and (len(digits) < 8 or not set(field.data) <= allowed):
            raise ValidationError(
                gettext("Enter a phone number with at least 8 digits, like 22 24 90 90.")
            )


class ProjectForm(StepForm):
    project_title = TextField(
        _l("Title of the project"),
        [required(N_("Enter the title of the project")), MaxLength(SHORT)],
        render_kw={"autocomplete": "off"},
    )
    project_summary = LongTextField(
        _l("Summary of the project"),
        [required(N_("Write a short summary of the project")), MaxLength(MEDIUM)],
        description=_l("What the project will deliver, in a few sentences."),
    )
    problem_and_goals = LongTextField(
        _l("Problem and goals"),
        [required(N_("Describe the problem and the goals")), MaxLength(LONG)],
        description=_l("Which problem the project solves, for whom, and what it aims to achieve."),
    )
    phase = ChoiceField(
        _l("Which phase is the project in?"),
        [required(N_("Choose the phase the project is in"))],
        choices=PHASE_CHOICES,
    )
    planned_start = YearMonthField(
        _l("Planned start"),
        [required(N_("Enter the planned start as year and month"))],
        description=_l("Year and month, for example 2027-03."),
        render_kw={"class": "input--short"},
    )
    planned_end = YearMonthField(
        _l("Planned end"),
        [required(N_("Enter the planned end as year and month"))],
        description=_l("Year and month, for example 2029-12."),
        render_kw={"class": "input--short"},
    )
    cross_sector = ChoiceField(
        _l("Does the project cross sectors or build a shared solution?"),
        [required(N_("Answer whether the project crosses sectors"))],
        choices=YES_NO,
        description=_l(
            "For example when several agencies, sectors or municipalities share the work "
            "or the result."
        ),
    )
    partners = LongTextField(
        _l("Partners"),
        [Optional(), MaxLength(MEDIUM)],
        description=_l("Other agencies, sectors or municipalities that take part."),
    )
    # Asked only under rule sets whose co-financing has a category that needs a basis.
    category_basis = ChoiceField(
        _l("Is the project one of these?"),
        [required(N_("Choose what the project is, or “Neither”"))],
        choices=_lazy_choices(CATEGORY_BASIS_LABELS),
        description=_l(
            "Co-financing has a larger category for cross-cutting measures that make services "
            "seamless across agencies, and for shared solutions that are strategically "
            "prioritised. Working across sectors alone does not open it."
        ),
    )
    life_event = ChoiceField(
        _l("Which life event do the seamless services belong to?"),
        [],
        choices=[],
        description=_l(
            "Measures in the seven priority life events of the digitalisation strategy come "
            "first. Answer only if the project is a cross-cutting measure for seamless services."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rules = self.ruleset.cofinancing if self.ruleset is not None else None
        if rules is None or not rules.has_categories:
            del self.category_basis
            del self.life_event
            return
        locale = active_locale()
        self.life_event.choices = options(
            [
                *((event.code, event.name_for(locale)) for event in rules.life_events),
                (OTHER_LIFE_EVENT, gettext("Another life event, or none in particular")),
            ]
        )

    def answer_data(self) -> dict[str, Any]:
        data = super().answer_data()
        if data.get("category_basis") not in (None, "seamless_services"):
            data["life_event"] = None  # kept only where it means something
        return data

    def validate_life_event(self, field: Any) -> None:
        if self.category_basis.data == "seamless_services" and not field.data:
            raise StopValidation(gettext("Choose the life event, or “Another life event”"))

    def validate_planned_end(self, field: Any) -> None:
        start = self.planned_start.data
        if start and field.data and field.data <= start:
            raise ValidationError(gettext("The planned end must be after the planned start."))


class BudgetForm(StepForm):
    total_cost = AmountField(
        _l("Total cost of the project"),
        [MinimumAmount(1)],
        description=LocalisedText(
            text(
                N_(
                    "In kroner, including internal salary costs. You can write %(example)s "
                    "or %(example_millions)s."
                ),
                example=Number(12_500_000),
                example_millions=Millions(12_500_000),
            )
        ),
        render_kw={"class": "input--short", "autocomplete": "off"},
    )
    estimate_kind = ChoiceField(
        _l("What kind of estimate is it?"),
        [required(N_("Choose what kind of estimate the total cost is"))],
        choices=_lazy_choices(ESTIMATE_KIND_LABELS),
        description=LocalisedText(
            text(
                N_(
                    "P50 is the expected cost: as likely to be exceeded as not. P85 is the cost "
                    "frame, which is exceeded only with a probability of %(share)s."
                ),
                share=Percent(Fraction(15, 100)),
            )
        ),
    )
    # Asked only under rule sets whose project-model threshold is on the P85 cost frame.
    p85_cost = AmountField(
        _l("Cost frame (P85), if you know it"),
        [MinimumAmount(1)],
        render_kw={"class": "input--short", "autocomplete": "off"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ruleset = self.ruleset
        if ruleset is None or ruleset.project_model_basis != "p85":
            del self.p85_cost
        else:
            self.p85_cost.description = gettext(
                "Needed when the expected cost (P50) is %(amount)s or more: the state project "
                "model applies when the cost frame is above %(threshold)s.",
                amount=formatting.format_millions(
                    ruleset.ask_p85_from or ruleset.project_model_above, active_locale(), gettext
                ),
                threshold=formatting.format_millions(
                    ruleset.project_model_above, active_locale(), gettext
                ),
            )
        if ruleset is None or not ruleset.council.no_estimate:
            self.estimate_kind.choices = [
                c for c in self.estimate_kind.choices if c.value != "none"
            ]
        else:
            self.total_cost.description = gettext(
                "In kroner, including internal salary costs. You can write %(example)s or "
                "%(example_millions)s. Leave it empty if you have no estimate yet.",
                example=formatting.format_grouped(12_500_000, active_locale()),
                example_millions=formatting.format_millions(12_500_000, active_locale(), gettext),
            )

    def answer_data(self) -> dict[str, Any]:
        data = super().answer_data()
        if data.get("estimate_kind") != "p50":
            data["p85_cost"] = None  # a P85 figure beside anything but a P50 says nothing new
        return data

    def validate_total_cost(self, field: Any) -> None:
        kind = self.estimate_kind.data
        if field.data is None and kind != "none":
            raise StopValidation(gettext("Enter the total cost of the project"))
        if field.data is not None and kind == "none":
            raise StopValidation(
                gettext(
                    "You answered that there is no estimate yet: leave the total cost empty, "
                    "or choose what kind of estimate it is."
                )
            )

    def validate_p85_cost(self, field: Any) -> None:
        answers = {"estimate_kind": self.estimate_kind.data, "total_cost": self.total_cost.data}
        if self.ruleset is None or self.estimate_kind.data != "p50":
            return
        if field.data is None and needs_p85(answers, self.ruleset):
            raise StopValidation(
                gettext(
                    "Enter the cost frame (P85): with an expected cost this large it decides "
                    "whether the state project model applies."
                )
            )
        if field.data is not None and self.total_cost.data and field.data < self.total_cost.data:
            raise ValidationError(
                gettext("The cost frame (P85) cannot be lower than the expected cost (P50).")
            )


class SchemesForm(StepForm):
    """On the routing result page: which of the eligible schemes to apply for."""

    schemes = MultiCheckboxField(
        _l("What do you want to apply for?"),
        [required(N_("Choose at least one scheme"))],
        choices=[],
        description=_l("You can choose one or both."),
    )

    def __init__(
        self, *args: Any, eligible: list[tuple[str, Any]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.schemes.choices = options(eligible or [])
        self.offered = [value for value, _label in eligible or []]
        self.from_stored_answers = args[0] is None if args else kwargs.get("formdata") is None

    def answer_data(self) -> dict[str, Any]:
        # What was offered is kept, so a later change of answers that changes it is noticed.
        return {**super().answer_data(), "schemes_offered": list(self.offered)}

    def offer_changed(self) -> bool:
        """True when the schemes that fit are no longer those the applicant chose among."""
        offered = self.answers.get("schemes_offered")
        return offered is not None and sorted(offered) != sorted(self.offered)

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        # Built from the stored answers, the choice is complete only while the offer stands.
        return valid and not (self.from_stored_answers and self.offer_changed())


class CofinancingForm(StepForm):
    requested_amount = AmountField(
        _l("How much do you apply for?"),
        [required(N_("Enter the amount you apply for"))],
        render_kw={"class": "input--short", "autocomplete": "off"},
    )
    yearly_figures = YearTableField(
        _l("Costs and gains per year"),
        columns=tuple((column, _l(label)) for column, label in yearly.COLUMN_LABELS.items()),
        description=_l(
            "In today's kroner (real prices, without inflation) and as expected values: what you "
            "expect on average, not the best case. The first year is the first year with "
            "investment costs. Leave a cell empty for 0."
        ),
    )
    figure_sources = LongTextField(
        _l("Where do the figures come from?"),
        [Optional(), MaxLength(LONG)],
        description=_l(
            "For example the business case, time studies, prices from suppliers or figures "
            "from the other agencies that gain."
        ),
    )
    non_priced_effects = LongTextField(
        _l("Effects that are not priced"),
        [Optional(), MaxLength(LONG)],
        description=_l("For example better quality, security or trust."),
    )
    benefits_plan = ChoiceField(
        _l("Does the project have a benefits realisation plan?"),
        [required(N_("Answer whether the project has a benefits realisation plan"))],
        choices=BENEFITS_PLAN_CHOICES,
    )
    benefits_owner = TextField(
        _l("Who owns the benefits?"),
        [required(N_("Enter who owns the benefits")), MaxLength(SHORT)],
        description=_l(
            "The role that is responsible for taking out the gains, "
            "such as the head of a department."
        ),
        render_kw={"autocomplete": "off"},
    )
    why_decisive = LongTextField(
        _l("Why is co-financing decisive for the project?"),
        [required(N_("Explain why co-financing is decisive")), MaxLength(LONG)],
    )
    municipalities_concerned = ChoiceField(
        _l("Does the project concern municipalities?"),
        [required(N_("Answer whether the project concerns municipalities"))],
        choices=YES_NO,
        description=_l(
            "For example when municipalities will use the solution, change how they work, or "
            "get gains. Then a statement from KS must come with the application, and KS needs "
            "at least two weeks to give it."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Asked only under a rule set that requires KS's statement.
        if self.ruleset is None or not self.ruleset.cofinancing.ks_statement_required:
            del self.municipalities_concerned

    def validate_requested_amount(self, field: Any) -> None:
        if field.data is None:
            return
        if field.data <= 0:
            raise StopValidation(
                gettext(
                    "The amount you apply for must be more than %(zero)s.",
                    zero=formatting.format_nok(0, active_locale(), gettext),
                )
            )
        ceiling = self.grant_ceiling()
        if ceiling is not None and field.data > ceiling:
            raise ValidationError(
                gettext(
                    "You can apply for at most %(ceiling)s for this project.",
                    ceiling=formatting.format_nok(ceiling, active_locale(), gettext),
                )
            )

    def grant_ceiling(self) -> int | None:
        """The most this project can get under the draft's rule set (None: no ceiling known)."""
        return None if self.ruleset is None else grant_ceiling(self.answers, self.ruleset)

    def process(
        self,
        formdata: Any = None,
        obj: Any = None,
        data: Mapping[str, Any] | None = None,
        extra_filters: Any = None,
        **kwargs: Any,
    ) -> None:
        # The table has one row per year of the rule set's analysis period.
        table = self.yearly_figures
        table.rows = self.ruleset.analysis_years if self.ruleset else 0
        table.first_year = yearly.first_year(self.answers)
        if data is not None and yearly.has_scalar_answers(self.answers):
            data = {**data, yearly.ANSWER_KEY: yearly.stored_rows(self.answers, table.rows)[0]}
        super().process(formdata, obj, data=data, extra_filters=extra_filters, **kwargs)

    def validate_yearly_figures(self, field: Any) -> None:
        if not any(row.get(yearly.INVESTMENT) for row in field.data):
            raise ValidationError(gettext("Enter the investment cost for at least one year."))


class CouncilForm(StepForm):
    questions_for_council = LongTextField(
        _l("What do you want to discuss with the council?"),
        [required(N_("Write what you want to discuss with the council")), MaxLength(LONG)],
    )
    preferred_meeting_period = TextField(
        _l("When would a meeting suit you?"),
        [Optional(), MaxLength(SHORT)],
        description=_l("For example \u201cMarch or April 2027\u201d."),
        render_kw={"autocomplete": "off"},
    )


class AttachmentsForm(StepForm):
    """The documents step. Files come through forms of their own (webapp.apply.attachments);
    this one confirms the step, and refuses to go on while a required document is missing."""

    documents_reviewed = HiddenField(
        _l("Documents"), [required(N_("Confirm the documents before you go on"))]
    )

    def __init__(self, *args: Any, chosen: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.chosen = chosen or []

    def validate_documents_reviewed(self, field: Any) -> None:
        if self.ruleset is None:
            return
        if missing_kinds(self.answers, self.ruleset, self.chosen):
            raise ValidationError(
                gettext(
                    "Attach the statement from KS: a project that concerns municipalities "
                    "must have one."
                )
            )


READINESS_QUESTIONS: dict[str, str] = {
    "leader_ownership": N_("The head of the agency owns the change"),
    "business_involvement": N_("The business side takes an active part in the project"),
    "project_management": N_("Project management is solid and follows good practice"),
    "agile_delivery": N_("The solution is developed in an agile way"),
    "cross_sector_collaboration": N_("The project works well with other agencies and sectors"),
    "benefits_realisation": N_("Benefits are planned and documented"),
    "renewal": N_("The project renews how the work is done, not just digitises it"),
    "ministry_backing": N_("The ministry backs the agency when it works in new ways"),
}


def _readiness_field(label: str) -> ChoiceField:
    return ChoiceField(
        _l(label), [required(N_("Choose yes, partly or no"))], choices=READINESS_CHOICES
    )


class ReadinessForm(StepForm):
    leader_ownership = _readiness_field(READINESS_QUESTIONS["leader_ownership"])
    business_involvement = _readiness_field(READINESS_QUESTIONS["business_involvement"])
    project_management = _readiness_field(READINESS_QUESTIONS["project_management"])
    agile_delivery = _readiness_field(READINESS_QUESTIONS["agile_delivery"])
    cross_sector_collaboration = _readiness_field(READINESS_QUESTIONS["cross_sector_collaboration"])
    benefits_realisation = _readiness_field(READINESS_QUESTIONS["benefits_realisation"])
    renewal = _readiness_field(READINESS_QUESTIONS["renewal"])
    ministry_backing = _readiness_field(READINESS_QUESTIONS["ministry_backing"])


class DeclarationForm(StepForm):
    declaration = BooleanField(
        _l(
            "I confirm that the answers are correct and that the agency "
            "stands behind the application"
        ),
        [required(N_("Confirm that the answers are correct before you send the application"))],
    )
