"""Answers for a whole journey, and a helper that walks the wizard like an applicant."""

from __future__ import annotations

from typing import Any

from forms.yearly import YEAR_COLUMNS
from tests.pages import PageClient

APPLICANT = {
    "agency_name": "Statens vegvesen",
    "org_number": "971 032 081",
    "legal_form": "state_agency",
    "ministry": "sd",
    "agency_head": "Ingrid Dahl",
    "contact_name": "Ola Nordmann",
    "contact_email": "ola.nordmann@vegvesen.no",
    "contact_phone": "22 07 30 00",
}
PROJECT = {
    "project_title": "Digital førerkortfornyelse",
    "project_summary": "Fornye førerkort digitalt.",
    "problem_and_goals": "Køer på trafikkstasjoner; målet er selvbetjening.",
    "phase": "planning",
    "planned_start": "2027-03",
    "planned_end": "2029-06",
    "cross_sector": "no",
    "partners": "",
}
# The year table as the wizard stores it: 12.5 MNOK invested in 2027; from 2028 the new running
# costs and the gains, every year to the end of the period.
YEARLY_FIGURES: list[dict[str, int]] = [
    {**dict.fromkeys(YEAR_COLUMNS, 0), "investment_cost": 12_500_000},
    *[
        {
            **dict.fromkeys(YEAR_COLUMNS, 0),
            "running_cost": 500_000,
            "benefit_agency_budget": 2_000_000,
            "benefit_agency_capacity": 1_000_000,
            "benefit_citizens_businesses": 2_000_000,
        }
    ]
    * 9,
]


def year_table_form(rows: list[dict[str, int]], name: str = "yearly_figures") -> dict[str, str]:
    """The year table as a browser posts it: one field per year and column; 0 left blank."""
    return {
        f"{name}-{t}-{column}": f"{value:,}".replace(",", " ") if value else ""
        for t, row in enumerate(rows)
        for column, value in row.items()
    }


COFINANCING = {
    "requested_amount": "3 000 000",
    **year_table_form(YEARLY_FIGURES),
    "figure_sources": "Forprosjektets gevinstanalyse og tidsstudier ved tre trafikkstasjoner.",
    "non_priced_effects": "Bedre tjenestekvalitet.",
    "benefits_plan": "yes",
    "benefits_owner": "Divisjonsdirektør",
    "why_decisive": "Uten midlene blir prosjektet utsatt.",
    # Asked where the rule set requires a statement from KS; with "yes" it must be attached.
    "municipalities_concerned": "no",
}
COUNCIL = {
    "questions_for_council": "Hvordan bør vi organisere gevinstarbeidet?",
    "preferred_meeting_period": "Mars 2027",
}
# The documents step, left without files: its form only confirms the step.
DOCUMENTS_REVIEWED = {"documents_reviewed": "yes"}
READINESS = {
    "leader_ownership": "yes",
    "business_involvement": "partly",
    "project_management": "yes",
    "agile_delivery": "no",
    "cross_sector_collaboration": "yes",
    "benefits_realisation": "partly",
    "renewal": "yes",
    "ministry_backing": "yes",
}


def step_url(lang: str, step: str) -> str:
    return f"/{lang}/apply/{step}"


def post_step(pages: PageClient, lang: str, step: str, data: dict[str, Any]):
    return pages.submit(step_url(lang, step), data)


def budget(total_cost: str | None, estimate_kind: str = "p50") -> dict[str, str]:
    """The budget step's answers: a total cost (None: no estimate yet) and its kind."""
    if total_cost is None:
        return {"total_cost": "", "estimate_kind": "none"}
    return {"total_cost": total_cost, "estimate_kind": estimate_kind}


def answer_until_result(
    pages: PageClient,
    lang: str = "en",
    total_cost: str | None = "12 500 000",
    estimate_kind: str = "p50",
    **project_overrides: Any,
) -> None:
    applicant = {
        key: project_overrides.pop(key) for key in list(project_overrides) if key in APPLICANT
    }
    for step, data in (
        ("applicant", {**APPLICANT, **applicant}),
        ("project", {**PROJECT, **project_overrides}),
        ("budget", budget(total_cost, estimate_kind)),
    ):
        response = post_step(pages, lang, step, data)
        assert response.status_code == 303, (step, pages.page(response).select(".error-message"))


def walk_to_check(
    pages: PageClient,
    lang: str = "en",
    schemes: tuple[str, ...] = ("cofinancing",),
    total_cost: str | None = "12 500 000",
    **project_overrides: Any,
) -> None:
    answer_until_result(pages, lang, total_cost, **project_overrides)
    steps: list[tuple[str, dict[str, Any]]] = [("result", {"schemes": list(schemes)})]
    if "cofinancing" in schemes:
        steps.append(("cofinancing", COFINANCING))
    if "council" in schemes:
        steps.append(("council", COUNCIL))
        steps.append(("attachments", DOCUMENTS_REVIEWED))
    steps.append(("readiness", READINESS))
    for step, data in steps:
        response = post_step(pages, lang, step, data)
        assert response.status_code == 303, (step, pages.page(response).select(".error-message"))
    assert response.location.endswith(step_url(lang, "check"))


def submit(pages: PageClient, lang: str = "en"):
    return post_step(pages, lang, "check", {"declaration": "y"})
