"""The wizard's step graph, as data: the order of the steps and when each one applies.

The path is recomputed from the stored answers every time: a step that no longer applies (the
budget changed) drops out, and its answers stay stored but are left out of the documents.
A step is complete when its form validates against the stored answers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from forms.attachments import wanted_kinds
from forms.routing import choosable_schemes
from forms.rulesets import RuleSet
from forms.steps import (
    ApplicantForm,
    AttachmentsForm,
    BudgetForm,
    CofinancingForm,
    CouncilForm,
    DeclarationForm,
    ProjectForm,
    ReadinessForm,
    SchemesForm,
    StepForm,
)
from forms.text import N_

Answers = Mapping[str, Any]


def chosen_schemes(answers: Answers, ruleset: RuleSet) -> list[str]:
    """The schemes chosen that are still eligible: a budget change can take one away."""
    eligible = choosable_schemes(answers, ruleset)
    return [scheme for scheme in answers.get("schemes") or [] if scheme in eligible]


# Whether a step applies depends only on the schemes chosen (and still eligible).
def _always(chosen: Sequence[str]) -> bool:
    return True


def _has_scheme(scheme: str) -> Callable[[Sequence[str]], bool]:
    def applies(chosen: Sequence[str]) -> bool:
        return scheme in chosen

    return applies


def _any_scheme(chosen: Sequence[str]) -> bool:
    return bool(chosen)


def _documents_wanted(answers: Answers, ruleset: RuleSet, chosen: Sequence[str]) -> bool:
    return bool(wanted_kinds(answers, ruleset, chosen))


@dataclass(frozen=True)
class Step:
    id: str
    form: type[StepForm]
    title: str  # English msgid, translated where shown
    applies: Callable[[Sequence[str]], bool]
    # Summary and documents list this step's answers (the result page lists the scheme choice).
    summarised: bool = True
    # For a step that also depends on other answers (the documents a scheme asks for).
    needed: Callable[[Answers, RuleSet, Sequence[str]], bool] | None = None


STEPS: tuple[Step, ...] = (
    Step("applicant", ApplicantForm, N_("About the agency"), _always),
    Step("project", ProjectForm, N_("About the project"), _always),
    Step("budget", BudgetForm, N_("Budget"), _always),
    Step("result", SchemesForm, N_("Which schemes fit"), _always),
    Step("cofinancing", CofinancingForm, N_("Co-financing"), _has_scheme("cofinancing")),
    Step("council", CouncilForm, N_("The Digitalisation Council"), _has_scheme("council")),
    # The files are listed apart from the answers (services.attachments), so not summarised.
    Step(
        "attachments",
        AttachmentsForm,
        N_("Documents"),
        _any_scheme,
        summarised=False,
        needed=_documents_wanted,
    ),
    Step("readiness", ReadinessForm, N_("How ready is the project?"), _any_scheme),
    Step("check", DeclarationForm, N_("Check your answers"), _any_scheme, summarised=False),
)
STEPS_BY_ID = {step.id: step for step in STEPS}


def build_form(step: Step, answers: Answers, ruleset: RuleSet, formdata: Any = None) -> StepForm:
    """The step's form, filled from `formdata` (a POST) or else from the stored answers."""
    kwargs: dict[str, Any] = {}
    if step.form is SchemesForm:
        kwargs["eligible"] = [(s, s) for s in choosable_schemes(answers, ruleset)]
    if step.form is AttachmentsForm:
        kwargs["chosen"] = chosen_schemes(answers, ruleset)
    if formdata is not None:
        return step.form(formdata, answers=answers, ruleset=ruleset, **kwargs)
    stored = {name: answers.get(name) for name in step.form.field_names()}
    if step.form is SchemesForm:
        stored["schemes"] = chosen_schemes(answers, ruleset)  # drop choices no longer eligible
    return step.form(None, answers=answers, ruleset=ruleset, data=stored, **kwargs)


def current_path(answers: Answers, ruleset: RuleSet) -> list[Step]:
    chosen = chosen_schemes(answers, ruleset)  # routes once for the whole path
    return [
        step
        for step in STEPS
        if step.applies(chosen) and (step.needed is None or step.needed(answers, ruleset, chosen))
    ]


def path_is_known(path: Sequence[Step]) -> bool:
    """Whether the path's length is settled: once schemes are chosen, the steps that depend on
    them are on it. Before that, a count "of N" would grow later, so only the number is shown."""
    return any(not step.applies(()) for step in path)


def is_complete(step: Step, answers: Answers, ruleset: RuleSet) -> bool:
    if step.id == "check":
        return False  # the declaration is given when the application is sent
    return build_form(step, answers, ruleset).validate()


def first_incomplete(
    answers: Answers, ruleset: RuleSet, path: Sequence[Step] | None = None
) -> Step | None:
    """The first step on `path` (default: the current path) that is not complete."""
    for step in current_path(answers, ruleset) if path is None else path:
        if not is_complete(step, answers, ruleset):
            return step
    return None


def can_visit(step: Step, answers: Answers, ruleset: RuleSet, path: Sequence[Step]) -> bool:
    """A step can be visited when it is on the path and every step before it is complete."""
    if step not in path:
        return False
    return first_incomplete(answers, ruleset, path[: path.index(step)]) is None


def summarised_steps(answers: Answers, ruleset: RuleSet) -> list[Step]:
    """The steps whose answers belong in the summary and the documents."""
    return [step for step in current_path(answers, ruleset) if step.summarised]
