"""Recommendations for the council's draft advice letter.

Each readiness answer "partly" or "no" gives a recommendation that names the council's finding
it rests on (DOMAIN.md §7) and says what the agency should do next; gaps in the application
(no benefits realisation plan, a cross-sector project without partners, a grant request at the
ceiling) give more. Only answers from steps on the application's current path count.

`suggested_recommendations` is pure: answers and rule set in, translatable `Text` out. The web
layer renders them in the letter's language (`generated_recommendations`) and merges in what
the advisor wrote (`letter_recommendations`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import force_locale, gettext

from forms import flow
from forms.routing import grant_ceiling
from forms.rulesets import RuleSet
from forms.steps import READINESS_QUESTIONS
from forms.text import N_, Nok, Text, text

from ..models import Application
from .assessment_model import Assessment
from .drafts import ruleset_for

# Where a recommendation comes from: "readiness:<question>" or "gap:<what is missing>".
ADVISOR_SOURCE = "advisor"

FINDINGS: dict[str, str] = {
    "leader_ownership": N_("The head of the agency owns the change"),
    "business_involvement": N_("The business side takes an active part"),
    "project_management": N_("Solid project management that follows good practice"),
    "agile_delivery": N_("Agile development"),
    "cross_sector_collaboration": N_("Collaboration across agencies and sectors"),
    "benefits_realisation": N_("Realising benefits and documenting them"),
    "renewal": N_("Renewing how the work is done"),
    "ministry_backing": N_("Backing from the ministry"),
    "financing": N_("Financing the project"),
}


@dataclass(frozen=True)
class ReadinessAdvice:
    """What the council recommends when a readiness answer is "no" or "partly"."""

    finding: str
    no: str
    partly: str


READINESS_ADVICE: dict[str, ReadinessAdvice] = {
    "leader_ownership": ReadinessAdvice(
        FINDINGS["leader_ownership"],
        no=N_(
            "The council sees that the projects that succeed are owned by the head of the "
            "agency, and that digitalisation is not left to the IT department. The application "
            "says the head of the agency does not own this change today. The council "
            "recommends that the head of the agency takes formal ownership of the project, "
            "leads its steering group, and states in the agency's plans what the change is to "
            "achieve."
        ),
        partly=N_(
            "The council sees that the projects that succeed are owned by the head of the "
            "agency, who uses digitalisation as a tool for change. The application says this "
            "ownership is only partly in place. The council recommends that the head of the "
            "agency makes it visible: takes part in the steering group, and follows up the "
            "project in the agency's management meetings and plans."
        ),
    ),
    "business_involvement": ReadinessAdvice(
        FINDINGS["business_involvement"],
        no=N_(
            "In the best projects the council has followed, the business side takes an active "
            "part. The application says the business side is not involved today. The council "
            "recommends that the agency appoints people from the units whose work will change "
            "to the project team and the steering group, with time set aside for the work, "
            "before the next phase starts."
        ),
        partly=N_(
            "In the best projects the council has followed, the business side takes an active "
            "part. The application says the business side takes part only to some degree. The "
            "council recommends that the agency names an owner in the business side for each "
            "work process that will change, and sets aside their time in the project plan."
        ),
    ),
    "project_management": ReadinessAdvice(
        FINDINGS["project_management"],
        no=N_(
            "The council sees that the best projects have solid project management that "
            "follows good practice. The application says this is not in place yet. The council "
            "recommends that the agency appoints an experienced project manager, sets up a "
            "steering group with a clear mandate, and runs the project by a recognised project "
            "model with decision points."
        ),
        partly=N_(
            "The council sees that the best projects have solid project management that "
            "follows good practice. The application says this is partly in place. The council "
            "recommends that the agency checks the governance document against good practice "
            "(roles, mandates, decision points and risk management) and closes the gaps before "
            "the next decision point."
        ),
    ),
    "agile_delivery": ReadinessAdvice(
        FINDINGS["agile_delivery"],
        no=N_(
            "The council's experience is that good practice means agile development: delivering "
            "in small steps and learning from the users along the way. The application says the "
            "solution is not developed in an agile way. The council recommends that the agency "
            "plans the work as a series of small releases that can be used, with a lasting team "
            "that includes the business side."
        ),
        partly=N_(
            "The council's experience is that good practice means agile development, and that "
            "agile teams often meet governance and budgeting systems that are not agile. The "
            "application says the project works in an agile way only in part. The council "
            "recommends that the agency agrees with the steering group and the budget owners "
            "how the project reports progress and changes its scope between releases, so that "
            "the teams can work in an agile way all the way through."
        ),
    ),
    "cross_sector_collaboration": ReadinessAdvice(
        FINDINGS["cross_sector_collaboration"],
        no=N_(
            "Collaboration across agencies and sectors is one of the areas the council finds "
            "hard year after year. The application says the project does not work well with "
            "other agencies and sectors. The council recommends that the agency maps which "
            "agencies and sectors the project affects, involves them before the next phase, "
            "and agrees with them in writing on roles, shared goals and how costs and gains "
            "are shared."
        ),
        partly=N_(
            "Collaboration across agencies and sectors is one of the areas the council finds "
            "hard year after year. The application says this collaboration works only in part. "
            "The council recommends that the agency makes the collaboration binding: a shared "
            "steering forum or an agreement that sets out roles, decisions and how costs and "
            "gains are shared."
        ),
    ),
    "benefits_realisation": ReadinessAdvice(
        FINDINGS["benefits_realisation"],
        no=N_(
            "Realising benefits and documenting them is one of the areas the council finds "
            "hard year after year. The application says the benefits are not planned and "
            "documented. The council recommends that the agency writes a benefits realisation "
            "plan that names each benefit, its owner in the line organisation, how it is "
            "measured, its starting point and when it is to be taken out."
        ),
        partly=N_(
            "Realising benefits and documenting them is one of the areas the council finds "
            "hard year after year. The application says the benefits are only partly planned "
            "and documented. The council recommends that the agency gives each benefit an "
            "owner, a measure and a starting point, and reports on the benefits to the steering "
            "group from now on, not only after delivery."
        ),
    ),
    "renewal": ReadinessAdvice(
        FINDINGS["renewal"],
        no=N_(
            "Renewal, changing how the work is done rather than digitising today's process, is "
            "one of the areas the council finds hard year after year. The application says the "
            "project does not renew how the work is done. The council recommends that the "
            "agency maps today's work processes from the users' point of view and decides which "
            "of them the project is to change, before the solution is specified."
        ),
        partly=N_(
            "Renewal, changing how the work is done rather than digitising today's process, is "
            "one of the areas the council finds hard year after year. The application says the "
            "project renews the work only in part. The council recommends that the agency, "
            "together with the business side, goes through the work processes that are only "
            "being digitised and decides whether they can be simplified or removed."
        ),
    ),
    "ministry_backing": ReadinessAdvice(
        FINDINGS["ministry_backing"],
        no=N_(
            "The council sees that agencies need to know that their ministry backs them when "
            "they work in new ways for their users, and that leaders who take risks are not "
            "always backed. The application says the agency does not have this backing today. "
            "The council recommends that the head of the agency presents the project, its risks "
            "and the new ways of working to the ministry in the regular governance dialogue, "
            "and agrees on how the ministry will follow it up."
        ),
        partly=N_(
            "The council sees that agencies need to know that their ministry backs them when "
            "they work in new ways for their users. The application says the backing is only "
            "partial. The council recommends that the agency puts the project's risks and new "
            "ways of working on the agenda of the governance dialogue with the ministry, so "
            "that the backing is clear before the risky decisions are made."
        ),
    ),
}

BENEFITS_PLAN_ADVICE = {
    "no": N_(
        "The application has no benefits realisation plan. Without one the gains are hard to "
        "take out and to document, which is one of the areas the council finds hard year after "
        "year. The council recommends that the agency writes the plan before the project moves "
        "on, with an owner in the line organisation for each benefit."
    ),
    "in_progress": N_(
        "The benefits realisation plan is still being written. The council recommends that the "
        "agency finishes it before the project moves on, with an owner in the line organisation, "
        "a measure and a starting point for each benefit, and that the steering group approves "
        "it."
    ),
}
NO_PARTNERS_ADVICE = N_(
    "The project works across sectors or builds a shared solution, but the application names no "
    "partners. Collaboration across agencies and sectors is one of the areas the council finds "
    "hard year after year. The council recommends that the agency names the agencies and sectors "
    "that take part, and agrees with them on roles, shared goals and how costs and gains are "
    "shared before the project moves on."
)
GAP_SOURCES = ("gap:no_benefits_plan", "gap:no_partners", "gap:grant_at_ceiling")
# The most recommendations any answers can generate: one per readiness question and gap.
MOST_GENERATED = len(READINESS_ADVICE) + len(GAP_SOURCES)

GRANT_AT_CEILING_ADVICE = N_(
    "The agency applies for %(amount)s, the most co-financing can give this project. The council "
    "recommends that the agency shows how the project will be carried out if the grant is "
    "smaller or is not given: which parts of the scope can wait, and who pays for the rest."
)


@dataclass(frozen=True)
class Suggestion:
    """A generated recommendation before it is rendered in a language.

    ``key`` is stable for the wording (source plus the answer it responds to), so the advisor's
    saved list can refer to it; ``source`` says where it comes from.
    """

    key: str
    source: str
    finding: str
    text: Text


@dataclass(frozen=True)
class Recommendation:
    """A recommendation as the letter shows it, in the letter's language."""

    key: str | None
    text: str
    finding: str
    source: str


def answers_on_path(answers: Mapping[str, Any], ruleset: RuleSet) -> dict[str, Any]:
    """Only the answers of the steps that still apply: the others stay out of the letter."""
    names = {
        name for step in flow.summarised_steps(answers, ruleset) for name in step.form.field_names()
    }
    return {name: value for name, value in answers.items() if name in names}


def suggested_recommendations(answers: Mapping[str, Any], ruleset: RuleSet) -> list[Suggestion]:
    """Every generated recommendation for these answers: readiness first, then the gaps."""
    on_path = answers_on_path(answers, ruleset)
    return [*_readiness_suggestions(on_path), *_gap_suggestions(on_path, ruleset)]


def _readiness_suggestions(answers: Mapping[str, Any]) -> list[Suggestion]:
    suggestions = []
    for question in READINESS_QUESTIONS:
        answer = answers.get(question)
        if answer not in ("no", "partly"):
            continue
        advice = READINESS_ADVICE[question]
        source = f"readiness:{question}"
        suggestions.append(
            Suggestion(f"{source}:{answer}", source, advice.finding, text(getattr(advice, answer)))
        )
    return suggestions


def _gap_suggestions(answers: Mapping[str, Any], ruleset: RuleSet) -> list[Suggestion]:
    gaps = []
    plan = answers.get("benefits_plan")
    if plan in BENEFITS_PLAN_ADVICE:
        gaps.append(
            Suggestion(
                f"gap:no_benefits_plan:{plan}",
                "gap:no_benefits_plan",
                FINDINGS["benefits_realisation"],
                text(BENEFITS_PLAN_ADVICE[plan]),
            )
        )
    if answers.get("cross_sector") == "yes" and not str(answers.get("partners") or "").strip():
        gaps.append(
            Suggestion(
                "gap:no_partners",
                "gap:no_partners",
                FINDINGS["cross_sector_collaboration"],
                text(NO_PARTNERS_ADVICE),
            )
        )
    ceiling = _grant_ceiling(answers, ruleset)
    requested = answers.get("requested_amount")
    if ceiling is not None and isinstance(requested, int) and requested == ceiling:
        gaps.append(
            Suggestion(
                "gap:grant_at_ceiling",
                "gap:grant_at_ceiling",
                FINDINGS["financing"],
                text(GRANT_AT_CEILING_ADVICE, amount=Nok(ceiling)),
            )
        )
    return gaps


def _grant_ceiling(answers: Mapping[str, Any], ruleset: RuleSet) -> int | None:
    if "requested_amount" not in answers:
        return None  # co-financing is not on the path
    return grant_ceiling(answers, ruleset)


def generated_recommendations(application: Application, locale: str) -> list[Recommendation]:
    """The generated recommendations for the application, rendered in ``locale``."""
    suggestions = suggested_recommendations(application.answers or {}, ruleset_for(application))
    with force_locale(locale):
        return [
            Recommendation(s.key, s.text.render(gettext, locale), gettext(s.finding), s.source)
            for s in suggestions
        ]


def letter_recommendations(application: Application, locale: str) -> list[Recommendation]:
    """What the letter lists: the advisor's list when there is one, else the generated list.

    The advisor's list (``assessment["recommendations"]``) is in the advisor's order; an
    item whose key names a generated recommendation keeps that one's finding and source, and
    its own text when it has one (else the generated text). Items without text are left out.
    """
    generated = generated_recommendations(application, locale)
    chosen = Assessment.of(application).recommendations
    if chosen is None:
        return generated
    by_key = {r.key: r for r in generated}
    merged = []
    for item in chosen:
        base = by_key.get(item.key) if item.key else None
        if base is not None:
            merged.append(
                Recommendation(item.key, item.text or base.text, base.finding, base.source)
            )
        elif item.text:
            merged.append(Recommendation(item.key, item.text, "", ADVISOR_SOURCE))
    return merged
